"""referrals: referrals, consent, audit of confidential reads

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'referrals',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('request_id', sa.String(length=36), nullable=False),
        sa.Column('requester_id', sa.String(length=36), nullable=False),
        sa.Column('supporter_id', sa.String(length=36), nullable=False),
        sa.Column('service', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('consent_given', sa.Boolean(), nullable=True),
        sa.Column('consent_shares', sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column('consent_note', sa.Text(), nullable=True),
        sa.Column('consent_decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('made_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('made_by', sa.String(length=36), nullable=True),
        sa.Column('passed_on', sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column('safeguarding_override', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('override_reason', sa.Text(), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    )
    op.create_index(op.f('ix_referrals_request_id'), 'referrals', ['request_id'], unique=False)
    op.create_table(
        'referral_decisions',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('referral_id', sa.String(length=36), nullable=False),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('from_status', sa.String(length=20), nullable=True),
        sa.Column('to_status', sa.String(length=20), nullable=False),
        sa.Column('decided_by', sa.String(length=36), nullable=False),
        sa.Column('party', sa.String(length=20), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'],
                                name=op.f('fk_referral_decisions_referral_id_referrals'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_decisions')),
    )
    op.create_index(op.f('ix_referral_decisions_referral_id'), 'referral_decisions', ['referral_id'], unique=False)
    op.create_table(
        'confidential_reads',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('reader_id', sa.String(length=36), nullable=False),
        sa.Column('reader_roles', sa.JSON(), nullable=False),
        sa.Column('subject_id', sa.String(length=36), nullable=False),
        sa.Column('record_kind', sa.String(length=30), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_confidential_reads')),
    )
    op.create_index(op.f('ix_confidential_reads_reader_id'), 'confidential_reads', ['reader_id'], unique=False)
    op.create_index('ix_confidential_reads_subject_read_at', 'confidential_reads', ['subject_id', 'read_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_confidential_reads_subject_read_at', table_name='confidential_reads')
    op.drop_index(op.f('ix_confidential_reads_reader_id'), table_name='confidential_reads')
    op.drop_table('confidential_reads')
    op.drop_index(op.f('ix_referral_decisions_referral_id'), table_name='referral_decisions')
    op.drop_table('referral_decisions')
    op.drop_index(op.f('ix_referrals_request_id'), table_name='referrals')
    op.drop_table('referrals')
