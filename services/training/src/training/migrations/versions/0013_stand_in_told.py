"""delegations remember whether their stand-in was told, so the morning sweep tells each once

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 22:00:00.000000

Delegations already begun count as told: their stand-ins heard at the grant or by the weekly
reminders, and a burst of "from today" notices for periods begun days ago would be wrong.
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('delegations', sa.Column('stand_in_told', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(sa.text("UPDATE delegations SET stand_in_told = true WHERE starts_on <= CURRENT_DATE"))


def downgrade() -> None:
    with op.batch_alter_table('delegations') as batch_op:
        batch_op.drop_column('stand_in_told')
