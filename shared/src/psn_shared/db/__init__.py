"""Database plumbing: engines, the outbox and inbox with the unit of work, wake-ups, migrations,
and the staff-copy table."""

from psn_shared.db.engine import (
    NAMING_CONVENTION,
    EnumList,
    EnumString,
    UtcDateTime,
    is_postgres,
    make_engine,
    paginate,
    read_row,
    utcnow,
)
from psn_shared.db.idempotency import idempotency_table
from psn_shared.db.migrations import run_migrations, upgrade_database
from psn_shared.db.staff_copy import employment_columns, on_books_at_start_of, staff_copy_table
from psn_shared.db.unit_of_work import (
    OUTBOX_CHANNEL,
    MessagingTables,
    UnitOfWork,
    messaging_tables,
    unit_of_work_factory,
)

__all__ = [
    "NAMING_CONVENTION",
    "OUTBOX_CHANNEL",
    "EnumList",
    "EnumString",
    "MessagingTables",
    "UnitOfWork",
    "UtcDateTime",
    "employment_columns",
    "idempotency_table",
    "is_postgres",
    "make_engine",
    "messaging_tables",
    "on_books_at_start_of",
    "paginate",
    "read_row",
    "run_migrations",
    "staff_copy_table",
    "unit_of_work_factory",
    "upgrade_database",
    "utcnow",
]
