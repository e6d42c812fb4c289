"""supporter hours changes: a peer supporter's monthly hours lowered at once or raised by both managers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 22:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'supporter_hours_changes',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('grant_id', sa.String(length=36), nullable=False),
        sa.Column('staff_id', sa.String(length=36), nullable=False),
        sa.Column('monthly_hours', sa.Integer(), nullable=False),
        sa.Column('previous_hours', sa.Integer(), nullable=True),
        sa.Column('proposed_by', sa.String(length=36), nullable=False),
        sa.Column('proposed_as', sa.String(length=20), nullable=False),
        sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('agreed_by', sa.String(length=36), nullable=True),
        sa.Column('agreed_as', sa.String(length=20), nullable=True),
        sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_by', sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(['grant_id'], ['role_grants.id'],
                                name=op.f('fk_supporter_hours_changes_grant_id_role_grants')),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_supporter_hours_changes_staff_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_supporter_hours_changes')),
    )
    op.create_index(op.f('ix_supporter_hours_changes_grant_id'), 'supporter_hours_changes', ['grant_id'])
    op.create_index(op.f('ix_supporter_hours_changes_staff_id'), 'supporter_hours_changes', ['staff_id'])


def downgrade() -> None:
    op.drop_table('supporter_hours_changes')
