"""course days' start and end times (Europe/London wall clock): reminders and "has the day started"

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cohort_days') as batch:
        batch.add_column(sa.Column('start_time', sa.Time(), server_default='09:30', nullable=False))
        batch.add_column(sa.Column('end_time', sa.Time(), server_default='16:30', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('cohort_days') as batch:
        batch.drop_column('end_time')
        batch.drop_column('start_time')
