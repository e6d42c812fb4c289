"""staff: the primary key column is staff_id, as in every service's staff copy

The staff copy now follows the shared pattern (`psn_shared.db.staff_copy_table`), whose key
column is `staff_id`. A plain column rename (ALTER TABLE .. RENAME COLUMN) on PostgreSQL and on
SQLite (3.25 or later): both carry the foreign keys of level1_claims, delegations, nominations,
places, level_completions and certificates over to the new name, and no row is copied.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('staff', 'id', new_column_name='staff_id')


def downgrade() -> None:
    op.alter_column('staff', 'staff_id', new_column_name='id')
