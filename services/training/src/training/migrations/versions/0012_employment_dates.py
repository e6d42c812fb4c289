"""staff copies keep when each person started and left, so a past quarter's coverage counts its own staff

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:00:00.000000

Copies made before this revision have neither date until identity next tells of the person: they
count as on the books from the start while active, and leavers among them are counted in no quarter.
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('staff', sa.Column('started_on', sa.Date(), nullable=True))
    op.add_column('staff', sa.Column('left_on', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('staff', 'left_on')
    op.drop_column('staff', 'started_on')
