"""delegations can be ended early (or cancelled before they begin)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:33:28.653613
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_by', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_column('end_reason')
        batch_op.drop_column('ended_by')
        batch_op.drop_column('ended_at')
