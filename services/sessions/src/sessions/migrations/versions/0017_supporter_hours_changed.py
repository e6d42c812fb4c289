"""a peer supporter's monthly hours changed in identity after the grant: when sessions last applied a change

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 22:55:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('supporter_profiles', sa.Column('hours_changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('supporter_profiles', 'hours_changed_at')
