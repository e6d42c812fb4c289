"""reminders: planned before conversations and course days, sent once each by the scheduler; a
preferred language of "cy+en" (both, Welsh first)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:30:00.000000

A reminder's id is derived from what it reminds of (the thing, the person, the lead and the start),
and is the event id its notice is told under, so a reminder planned twice is one row and sent once.
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A person may choose both languages in one message: "cy+en".
    with op.batch_alter_table('preferences') as batch_op:
        batch_op.alter_column('language', existing_type=sa.String(length=2), type_=sa.String(length=5),
                              existing_nullable=False)
    op.create_table(
        'reminders',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('about', sa.String(length=20), nullable=False),
        sa.Column('about_id', sa.String(length=36), nullable=False),
        sa.Column('recipient_id', sa.String(length=36), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('lead_s', sa.Integer(), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    )
    op.create_index('ix_reminders_about', 'reminders', ['about', 'about_id', 'recipient_id'], unique=False)
    # The scheduler's queue: reminders not sent yet, in the order they fall due.
    op.create_index('ix_reminders_due', 'reminders', ['due_at'], unique=False,
                    postgresql_where=sa.text('sent_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_reminders_due', table_name='reminders')
    op.drop_index('ix_reminders_about', table_name='reminders')
    op.drop_table('reminders')
    op.execute("UPDATE preferences SET language = 'cy' WHERE language = 'cy+en'")
    with op.batch_alter_table('preferences') as batch_op:
        batch_op.alter_column('language', existing_type=sa.String(length=5), type_=sa.String(length=2),
                              existing_nullable=False)
