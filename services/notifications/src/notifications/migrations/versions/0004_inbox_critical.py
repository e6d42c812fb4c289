"""inbox entries: critical, for messages to act on at once (an urgent referral alerts the coordinators)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbox_entries') as batch_op:
        batch_op.add_column(sa.Column('critical', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('inbox_entries') as batch_op:
        batch_op.drop_column('critical')
