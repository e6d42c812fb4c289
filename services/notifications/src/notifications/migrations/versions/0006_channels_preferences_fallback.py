"""channels, preferences, quiet hours and must-deliver: devices, preferences, the staff copy's phone,
and on each delivery its kind, category, priority, fallback chain, hold and digest

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:20:00.000000

Deliveries were email only and one per event and person; a person may now have several push
devices, so a delivery is unique per event, person, channel and address. Rows made before this
revision keep NULL kind and category (they were sent or failed already, or go out as they are).
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'devices',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('staff_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('address', sa.String(length=2048), nullable=False),
        sa.Column('p256dh', sa.String(length=200), nullable=True),
        sa.Column('auth', sa.String(length=100), nullable=True),
        sa.Column('platform', sa.String(length=20), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_devices')),
        sa.UniqueConstraint('kind', 'address', name='uq_devices_kind_address'),
    )
    op.create_index(op.f('ix_devices_staff_id'), 'devices', ['staff_id'], unique=False)

    op.create_table(
        'preferences',
        sa.Column('staff_id', sa.String(length=36), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('time_zone', sa.String(length=64), nullable=False),
        sa.Column('channels', sa.JSON(), nullable=False),
        sa.Column('quiet_hours', sa.JSON(), nullable=False),
        sa.Column('digest', sa.JSON(), nullable=False),
        sa.Column('digest_at', sa.String(length=5), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_preferences')),
    )

    with op.batch_alter_table('staff') as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))

    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('critical', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('chain_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirm_by', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('held_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('digest', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.alter_column('address', existing_type=sa.String(length=320), type_=sa.String(length=2048),
                              existing_nullable=False)
        batch_op.drop_constraint('uq_deliveries_event_recipient_channel', type_='unique')
        batch_op.create_unique_constraint(
            'uq_deliveries_event_recipient_channel_address', ['event_id', 'recipient_id', 'channel', 'address'])
        batch_op.create_index('ix_deliveries_chain_id', ['chain_id'], unique=False)
    # The fallback watch: steps of must-deliver messages still awaiting confirmation, by deadline.
    op.create_index('ix_deliveries_confirm_by', 'deliveries', ['confirm_by'], unique=False,
                    postgresql_where=sa.text('confirm_by IS NOT NULL'),
                    sqlite_where=sa.text('confirm_by IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_deliveries_confirm_by', table_name='deliveries')
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_index('ix_deliveries_chain_id')
        batch_op.drop_constraint('uq_deliveries_event_recipient_channel_address', type_='unique')
        batch_op.create_unique_constraint(
            'uq_deliveries_event_recipient_channel', ['event_id', 'recipient_id', 'channel'])
        batch_op.alter_column('address', existing_type=sa.String(length=2048), type_=sa.String(length=320),
                              existing_nullable=False)
        for column in ('digest', 'held_until', 'confirm_by', 'step', 'chain_id', 'critical', 'category', 'kind'):
            batch_op.drop_column(column)
    with op.batch_alter_table('staff') as batch_op:
        batch_op.drop_column('phone')
    op.drop_table('preferences')
    op.drop_index(op.f('ix_devices_staff_id'), table_name='devices')
    op.drop_table('devices')
