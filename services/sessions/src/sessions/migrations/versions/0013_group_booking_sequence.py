"""group bookings: a sequence of their own, raised by every change of status

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 07:40:00.000000

A person's calendar entry for a group session takes its SEQUENCE from the session's changes plus
their booking's: cancelling a place, or being promoted from the waiting list, must reach their
calendar app as a newer version of the entry.
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('group_bookings', sa.Column('sequence', sa.Integer(), server_default=sa.text('0'), nullable=False))


def downgrade() -> None:
    op.drop_column('group_bookings', 'sequence')
