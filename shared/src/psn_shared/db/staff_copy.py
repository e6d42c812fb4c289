"""The table behind every service's copy of identity's staff (see `psn_shared.staff_copy`)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, MetaData, String, Table

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
