"""cohorts: when and why created; a back-filled historic cohort records its reason

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:55:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cohorts') as batch:
        batch.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('backfill_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cohorts') as batch:
        batch.drop_column('backfill_reason')
        batch.drop_column('created_at')
