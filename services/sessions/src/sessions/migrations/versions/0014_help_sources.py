"""sources of help: a copy of identity's signposting directory, and each person's organisation

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 11:40:00.000000

A referral offers the sources of help that fit it (crisis lines for an urgent one), those serving
everyone and those of the person's own organisation, from the copy identity's events keep here.
People known before this revision have no organisation until identity next tells of them: they are
offered everyone's sources meanwhile.
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'help_sources',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('for_whom', sa.Text(), nullable=False),
        sa.Column('hours', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('as_of', sa.DateTime(timezone=True), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('how_to_reach', sa.Text(), nullable=True),
        sa.Column('phone', sa.String(length=50), nullable=True),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('url', sa.Text(), nullable=True),
        sa.Column('organisation_id', sa.String(length=36), nullable=True),
        sa.Column('region', sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_help_sources_kind', 'help_sources', ['kind'])
    op.add_column('staff', sa.Column('organisation_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    op.drop_column('staff', 'organisation_id')
    op.drop_index('ix_help_sources_kind', table_name='help_sources')
    op.drop_table('help_sources')
