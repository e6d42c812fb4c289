"""refreshers are cohorts of their own (kind refresher), booked without approval by certificate holders

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('cohorts', 'nominations'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('kind', sa.String(length=20), server_default='course', nullable=False))


def downgrade() -> None:
    for table in ('nominations', 'cohorts'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('kind')
