"""a supporter's feedback is shown to them five answers at a time: each response says whether it is released

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 20:05:00.000000

Responses stored before this revision were already shown to their supporter, so they stay released.
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('feedback_responses', sa.Column('released', sa.Boolean(), nullable=False,
                                                  server_default=sa.false()))
    op.execute(sa.text("UPDATE feedback_responses SET released = :released").bindparams(released=True))


def downgrade() -> None:
    op.drop_column('feedback_responses', 'released')
