"""conversations: conversations, availability, calendars, feedback

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'conversations',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('request_id', sa.String(length=36), nullable=False),
        sa.Column('requester_id', sa.String(length=36), nullable=False),
        sa.Column('supporter_id', sa.String(length=36), nullable=False),
        sa.Column('proposed_by', sa.String(length=36), nullable=False),
        sa.Column('slots', sa.JSON(), nullable=False),
        sa.Column('mode', sa.String(length=20), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=True),
        sa.Column('room', sa.String(length=100), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('proposals', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reschedules', sa.Integer(), nullable=False),
        sa.Column('reschedule_reason', sa.String(length=500), nullable=True),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('cancelled_by', sa.String(length=36), nullable=True),
        sa.Column('cancel_reason', sa.String(length=500), nullable=True),
        sa.Column('late_cancellation', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('outcome_by', sa.String(length=36), nullable=True),
        sa.Column('feedback_invited', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    )
    op.create_index(op.f('ix_conversations_request_id'), 'conversations', ['request_id'])
    op.create_index('ix_conversations_supporter_starts', 'conversations', ['supporter_id', 'starts_at'])
    op.create_index('ix_conversations_requester_starts', 'conversations', ['requester_id', 'starts_at'])
    op.create_index('ix_conversations_starts_at', 'conversations', ['starts_at'])
    op.create_table(
        'availability_windows',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('supporter_id', sa.String(length=36), nullable=False),
        sa.Column('weekday', sa.SmallInteger(), nullable=False),
        sa.Column('starts', sa.Time(), nullable=False),
        sa.Column('ends', sa.Time(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_windows')),
    )
    op.create_index(op.f('ix_availability_windows_supporter_id'), 'availability_windows', ['supporter_id'])
    op.create_table(
        'supporter_leave',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('supporter_id', sa.String(length=36), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_supporter_leave')),
    )
    op.create_index(op.f('ix_supporter_leave_supporter_id'), 'supporter_leave', ['supporter_id'])
    op.create_table(
        'feedback_invitations',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('supporter_id', sa.String(length=36), nullable=False),
        sa.Column('week_of', sa.Date(), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_invitations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_feedback_invitations_token_hash')),
    )
    op.create_index(op.f('ix_feedback_invitations_expires_on'), 'feedback_invitations', ['expires_on'])
    op.create_table(
        'feedback_responses',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('supporter_id', sa.String(length=36), nullable=False),
        sa.Column('week_of', sa.Date(), nullable=False),
        sa.Column('rating', sa.SmallInteger(), nullable=False),
        sa.Column('helped', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_responses')),
    )
    op.create_index(op.f('ix_feedback_responses_supporter_id'), 'feedback_responses', ['supporter_id'])
    op.create_table(
        'calendar_feeds',
        sa.Column('staff_id', sa.String(length=36), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_calendar_feeds')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_calendar_feeds_secret_hash')),
    )


def downgrade() -> None:
    op.drop_table('calendar_feeds')
    op.drop_index(op.f('ix_feedback_responses_supporter_id'), table_name='feedback_responses')
    op.drop_table('feedback_responses')
    op.drop_index(op.f('ix_feedback_invitations_expires_on'), table_name='feedback_invitations')
    op.drop_table('feedback_invitations')
    op.drop_index(op.f('ix_supporter_leave_supporter_id'), table_name='supporter_leave')
    op.drop_table('supporter_leave')
    op.drop_index(op.f('ix_availability_windows_supporter_id'), table_name='availability_windows')
    op.drop_table('availability_windows')
    op.drop_index('ix_conversations_starts_at', table_name='conversations')
    op.drop_index('ix_conversations_requester_starts', table_name='conversations')
    op.drop_index('ix_conversations_supporter_starts', table_name='conversations')
    op.drop_index(op.f('ix_conversations_request_id'), table_name='conversations')
    op.drop_table('conversations')
