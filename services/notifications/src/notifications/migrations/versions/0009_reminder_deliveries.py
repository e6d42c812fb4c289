"""deliveries.regarding and .stale_after: a reminder waiting in quiet hours or the digest is withdrawn when
what it reminds of moves or is cancelled, and is not sent once it has begun

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 19:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.add_column(sa.Column('regarding', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('stale_after', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_deliveries_regarding', 'deliveries', ['regarding'], unique=False,
                    postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_index('ix_deliveries_regarding', table_name='deliveries')
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_column('stale_after')
        batch_op.drop_column('regarding')
