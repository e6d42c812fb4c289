"""staff copy: roles_as_of, the clock of role news apart from the record's

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:10:00.000000

Role news and record news are ordered by clocks of their own (psn_shared.staff_copy). Copies
made before have none for the roles: NULL means any role news is newer.
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff') as batch_op:
        batch_op.add_column(sa.Column('roles_as_of', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff') as batch_op:
        batch_op.drop_column('roles_as_of')
