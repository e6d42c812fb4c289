"""Sessions' tables, mapped onto the plain domain classes (imperative mapping).

No foreign keys between them: staff copies and supporter profiles arrive from events in any
order, so either may exist before the other.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Text, TypeDecorator, text, true
from sqlalchemy.orm import registry

from psn_shared.db import NAMING_CONVENTION, UtcDateTime, messaging_tables
from sessions.domain.model import Mode, RequestStatus, Scope, StaffCopy, SupporterProfile, SupportRequest, Urgency

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)


class EnumString(TypeDecorator[StrEnum]):
    """A value from a closed set: stored as its plain string (the column is unchanged), read back as the member."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_result_value(self, value: str | None, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum(value)


class EnumList(TypeDecorator[list[StrEnum]]):
    """A JSON list of strings from a closed set, read back as members."""

    impl = JSON
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_result_value(self, value: list[str] | None, dialect: Any) -> list[StrEnum] | None:
        return None if value is None else [self.enum(item) for item in value]


staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("team_id", String(36), index=True),
    Column("line_manager_id", String(36)),
    Column("senior_manager_id", String(36)),
    Column("status", String(20), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("as_of", UtcDateTime, nullable=False),
)

supporter_profiles = Table(
    "supporter_profiles",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("monthly_capacity", Integer, nullable=False),
    Column("role_changed_at", UtcDateTime, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("allocatable", Boolean, nullable=False, index=True),
    Column("last_allocated_at", UtcDateTime),
    Column("certified", Boolean, nullable=False, server_default=true()),
    Column("certification_changed_at", UtcDateTime),
    # Preferences: the modes they offer and the places they meet in person (JSON lists of strings).
    Column("modes", EnumList(Mode), nullable=False, server_default=text("""'["video", "phone", "in_person"]'""")),
    Column("places", JSON, nullable=False, server_default=text("'[]'")),
)

support_requests = Table(
    "support_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("requester_id", String(36), nullable=False, index=True),
    Column("mode", EnumString(Mode, 20), nullable=False),
    Column("scope", EnumString(Scope, 20), nullable=False),
    Column("urgency", EnumString(Urgency, 20), nullable=False),
    Column("details", Text, nullable=False),
    Column("location", String(100)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", EnumString(RequestStatus, 20), nullable=False, index=True),
    Column("supporter_id", String(36), index=True),
    Column("allocated_at", UtcDateTime),
    Column("waiting_reason", String(200)),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(36)),
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(StaffCopy, staff)
    mapper_registry.map_imperatively(SupporterProfile, supporter_profiles)
    mapper_registry.map_imperatively(SupportRequest, support_requests)
