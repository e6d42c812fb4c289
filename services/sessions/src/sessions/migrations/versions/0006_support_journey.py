"""support journey: allocation: caps, pause, exclusions, delegations copy, contact fields

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:30:00.000000

Added columns are nullable or have a server default, so plain ADD COLUMN works on PostgreSQL
and SQLite alike; dropping them needs batch mode on SQLite.
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('staff', sa.Column('email', sa.String(length=320), nullable=True))
    op.add_column('staff', sa.Column('preferred_name', sa.String(length=200), nullable=True))
    op.add_column('staff', sa.Column('phone', sa.String(length=50), nullable=True))

    op.add_column('supporter_profiles', sa.Column('paused', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('supporter_profiles', sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('supporter_profiles', sa.Column('cool_down_until', sa.DateTime(timezone=True), nullable=True))

    op.add_column('support_requests', sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('support_requests', sa.Column('excluded_supporters', sa.JSON(), server_default=sa.text("'[]'"),
                                                nullable=False))
    op.add_column('support_requests', sa.Column('handed_back_reason', sa.String(length=500), nullable=True))
    op.add_column('support_requests', sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True))
    op.add_column('support_requests', sa.Column('waiting_alerted_at', sa.DateTime(timezone=True), nullable=True))
    # Requests already waiting have waited since they were made.
    op.execute("UPDATE support_requests SET waiting_since = created_at WHERE status = 'waiting'")
    op.create_index('ix_support_requests_supporter_open', 'support_requests',
                    ['supporter_id', 'status', 'allocated_at'], unique=False)

    # Allocation walks allocatable supporters least recently allocated first (NULLS FIRST: never
    # allocated comes first), stopping at the first few who fit. SQLite has no NULLS FIRST in an
    # index; it sorts NULL first anyway.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE INDEX ix_supporter_profiles_allocation_order ON supporter_profiles '
                   '(last_allocated_at ASC NULLS FIRST, staff_id) WHERE allocatable')
    else:
        op.create_index('ix_supporter_profiles_allocation_order', 'supporter_profiles',
                        ['last_allocated_at', 'staff_id'], unique=False)

    op.create_table(
        'delegations',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('manager_id', sa.String(length=36), nullable=False),
        sa.Column('delegate_id', sa.String(length=36), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations')),
    )
    op.create_index(op.f('ix_delegations_manager_id'), 'delegations', ['manager_id'], unique=False)
    op.create_index(op.f('ix_delegations_delegate_id'), 'delegations', ['delegate_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_delegations_delegate_id'), table_name='delegations')
    op.drop_index(op.f('ix_delegations_manager_id'), table_name='delegations')
    op.drop_table('delegations')
    op.drop_index('ix_support_requests_supporter_open', table_name='support_requests')
    op.drop_index('ix_supporter_profiles_allocation_order', table_name='supporter_profiles')
    with op.batch_alter_table('support_requests') as batch_op:
        for column in ('waiting_alerted_at', 'waiting_since', 'handed_back_reason', 'excluded_supporters',
                       'accepted_at'):
            batch_op.drop_column(column)
    with op.batch_alter_table('supporter_profiles') as batch_op:
        for column in ('cool_down_until', 'paused_at', 'paused'):
            batch_op.drop_column(column)
    with op.batch_alter_table('staff') as batch_op:
        for column in ('phone', 'preferred_name', 'email'):
            batch_op.drop_column(column)
