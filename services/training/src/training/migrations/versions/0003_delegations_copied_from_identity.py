"""delegations are a copy of identity's (identity.delegation.granted / ended)

Training no longer grants delegations. Rows it granted itself are kept, with their author as
`granted_by`, so a delegate named before this release still decides until the period ends.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:34:25.213173
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('granted_by', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE delegations SET granted_by = created_by")
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_column('created_by')
        batch_op.drop_column('created_at')


def downgrade() -> None:
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('created_by', sa.String(length=36), nullable=True))
    # A copy granted by an event may name no author; the old schema needs one, so the manager stands in.
    op.execute("UPDATE delegations SET created_by = COALESCE(granted_by, manager_id), created_at = CURRENT_TIMESTAMP")
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.alter_column('created_at', nullable=False)
        batch_op.alter_column('created_by', nullable=False)
        batch_op.drop_column('ended_at')
        batch_op.drop_column('granted_by')
