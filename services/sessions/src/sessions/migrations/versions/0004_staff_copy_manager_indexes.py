"""staff copy: the shared table's indexes on line_manager_id and senior_manager_id

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:00:00.000000

Sessions' staff table already had the shared columns (staff_id, as_of, roles as a JSON list);
psn_shared.db.staff_copy_table also indexes both managers. Plain CREATE INDEX works on
PostgreSQL and SQLite alike, so no batch mode is needed.
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_staff_line_manager_id'), 'staff', ['line_manager_id'], unique=False)
    op.create_index(op.f('ix_staff_senior_manager_id'), 'staff', ['senior_manager_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_staff_senior_manager_id'), table_name='staff')
    op.drop_index(op.f('ix_staff_line_manager_id'), table_name='staff')
