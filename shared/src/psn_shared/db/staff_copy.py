"""The table behind every service's copy of identity's staff (see `psn_shared.staff_copy`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Column, ColumnElement, Date, MetaData, String, Table, and_, or_

from psn_shared.db.engine import UtcDateTime


def staff_copy_table(metadata: MetaData, *columns: Column[object]) -> Table:
    """`staff`: the columns every copy has (mapped onto `StaffCopy`), then the service's own."""
    return Table(
        "staff",
        metadata,
        Column("staff_id", String(36), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("team_id", String(36), index=True),
        Column("line_manager_id", String(36), index=True),
        Column("senior_manager_id", String(36), index=True),
        Column("status", String(20), nullable=False),
        Column("roles", JSON, nullable=False),
        # When identity made the newest change applied here, to the record and to the roles:
        # older news is ignored.
        Column("as_of", UtcDateTime, nullable=False),
        Column("roles_as_of", UtcDateTime),
        *columns,
    )


def employment_columns() -> list[Column[object]]:
    """The columns of an `EmployedStaffCopy`: when the person started and left, as identity says."""
    return [Column("started_on", Date), Column("left_on", Date)]


def on_books_at_start_of(staff: Table, day: date) -> ColumnElement[bool]:
    """Whether a copy's person was on the books when `day` began: started before it (or no date known), and
    still active or left on it or later. A leaver whose date was never told (copies made before the dates
    were kept) is not counted."""
    c = staff.c
    started = or_(c.started_on.is_(None), c.started_on < day)
    still_there = or_(and_(c.left_on.is_(None), c.status == "active"), c.left_on >= day)
    return and_(started, still_there)
