"""supporter hours raise declined: who declined a raise in which capacity, and why

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 03:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('supporter_hours_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_as', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('supporter_hours_changes', schema=None) as batch_op:
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_as')
