"""reflective practice: group sessions and bookings, recurring series, supervision, wellbeing reviews and plans, teams

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 07:14:53.830076
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('group_series',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('facilitator_id', sa.String(length=36), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('first_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('room', sa.String(length=100), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('generated_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_series'))
    )
    op.create_index(op.f('ix_group_series_facilitator_id'), 'group_series', ['facilitator_id'], unique=False)
    op.create_table('teams',
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('service', sa.String(length=200), nullable=False),
    sa.Column('as_of', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', name=op.f('pk_teams'))
    )
    op.create_table('wellbeing_plans',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=False),
    sa.Column('keeps_me_well', sa.Text(), nullable=False),
    sa.Column('early_signs', sa.Text(), nullable=False),
    sa.Column('what_helps', sa.Text(), nullable=False),
    sa.Column('adjustments', sa.Text(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('review_id', sa.String(length=36), nullable=True),
    sa.Column('shared_with', sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellbeing_plans')),
    sa.UniqueConstraint('owner_id', name=op.f('uq_wellbeing_plans_owner_id'))
    )
    op.create_table('wellbeing_reviews',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('reviewer_id', sa.String(length=36), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('room', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by', sa.String(length=36), nullable=True),
    sa.Column('reminded', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('scheduled_by', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellbeing_reviews'))
    )
    op.create_index('ix_wellbeing_reviews_held', 'wellbeing_reviews', ['status', 'held_at'], unique=False)
    op.create_index(op.f('ix_wellbeing_reviews_reviewer_id'), 'wellbeing_reviews', ['reviewer_id'], unique=False)
    op.create_index(op.f('ix_wellbeing_reviews_staff_id'), 'wellbeing_reviews', ['staff_id'], unique=False)
    op.create_index(op.f('ix_wellbeing_reviews_starts_at'), 'wellbeing_reviews', ['starts_at'], unique=False)
    op.create_table('group_sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('facilitator_id', sa.String(length=36), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('room', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('series_id', sa.String(length=36), nullable=True),
    sa.Column('occurs_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cancelled_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['group_series.id'], name=op.f('fk_group_sessions_series_id_group_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_sessions')),
    sa.UniqueConstraint('series_id', 'occurs_at', name=op.f('uq_group_sessions_series_id'))
    )
    op.create_index(op.f('ix_group_sessions_facilitator_id'), 'group_sessions', ['facilitator_id'], unique=False)
    op.create_index(op.f('ix_group_sessions_series_id'), 'group_sessions', ['series_id'], unique=False)
    op.create_index(op.f('ix_group_sessions_starts_at'), 'group_sessions', ['starts_at'], unique=False)
    op.create_table('group_bookings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('promoted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('reminded', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['group_sessions.id'], name=op.f('fk_group_bookings_session_id_group_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_bookings')),
    sa.UniqueConstraint('session_id', 'staff_id', name=op.f('uq_group_bookings_session_id'))
    )
    op.create_index('ix_group_bookings_staff_status', 'group_bookings', ['staff_id', 'status'], unique=False)
    op.add_column('supporter_profiles', sa.Column('last_supervised_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('supporter_profiles', sa.Column('supervision_reminded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('supporter_profiles', 'supervision_reminded_at')
    op.drop_column('supporter_profiles', 'last_supervised_at')
    op.drop_index('ix_group_bookings_staff_status', table_name='group_bookings')
    op.drop_table('group_bookings')
    op.drop_index(op.f('ix_group_sessions_starts_at'), table_name='group_sessions')
    op.drop_index(op.f('ix_group_sessions_series_id'), table_name='group_sessions')
    op.drop_index(op.f('ix_group_sessions_facilitator_id'), table_name='group_sessions')
    op.drop_table('group_sessions')
    op.drop_index(op.f('ix_wellbeing_reviews_starts_at'), table_name='wellbeing_reviews')
    op.drop_index(op.f('ix_wellbeing_reviews_staff_id'), table_name='wellbeing_reviews')
    op.drop_index(op.f('ix_wellbeing_reviews_reviewer_id'), table_name='wellbeing_reviews')
    op.drop_index('ix_wellbeing_reviews_held', table_name='wellbeing_reviews')
    op.drop_table('wellbeing_reviews')
    op.drop_table('wellbeing_plans')
    op.drop_table('teams')
    op.drop_index(op.f('ix_group_series_facilitator_id'), table_name='group_series')
    op.drop_table('group_series')
