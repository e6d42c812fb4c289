"""each organisation's grade ladder, minimum grades and supporters-per-team target; whose staff and teams

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'organisation_policies',
        sa.Column('organisation_id', sa.String(length=36), nullable=False),
        sa.Column('grade_ladder', sa.JSON(), nullable=False),
        sa.Column('level_2_min_grade', sa.String(length=50), nullable=True),
        sa.Column('level_3_min_grade', sa.String(length=50), nullable=True),
        sa.Column('supporters_per_team', sa.Integer(), nullable=False),
        sa.Column('updated_by', sa.String(length=36), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_organisation_policies')),
    )
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('organisation_id', sa.String(length=36), nullable=True))
        batch.create_index(batch.f('ix_staff_organisation_id'), ['organisation_id'], unique=False)
    with op.batch_alter_table('teams') as batch:
        batch.add_column(sa.Column('organisation_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('teams') as batch:
        batch.drop_column('organisation_id')
    with op.batch_alter_table('staff') as batch:
        batch.drop_index(batch.f('ix_staff_organisation_id'))
        batch.drop_column('organisation_id')
    op.drop_table('organisation_policies')
