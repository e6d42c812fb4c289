"""signposting directory: curated sources of help, who each is for, how to reach it, hours, where it serves

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'help_sources',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('for_whom', sa.Text(), nullable=False),
        sa.Column('how_to_reach', sa.Text(), nullable=True),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('url', sa.String(length=500), nullable=True),
        sa.Column('hours', sa.String(length=500), nullable=False),
        sa.Column('organisation_id', sa.String(length=36), nullable=True),
        sa.Column('region', sa.String(length=200), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_help_sources_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_sources')),
    )
    op.create_index(op.f('ix_help_sources_name'), 'help_sources', ['name'], unique=False)
    op.create_index(op.f('ix_help_sources_kind'), 'help_sources', ['kind'], unique=False)
    op.create_index(op.f('ix_help_sources_organisation_id'), 'help_sources', ['organisation_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_help_sources_organisation_id'), table_name='help_sources')
    op.drop_index(op.f('ix_help_sources_kind'), table_name='help_sources')
    op.drop_index(op.f('ix_help_sources_name'), table_name='help_sources')
    op.drop_table('help_sources')
