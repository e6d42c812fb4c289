"""nominations: why one ended undecided (the nominee left the board)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 08:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('nominations') as batch:
        batch.add_column(sa.Column('end_reason', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('nominations') as batch:
        batch.drop_column('end_reason')
