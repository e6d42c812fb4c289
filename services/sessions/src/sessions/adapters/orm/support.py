"""Sessions' tables for supporters and support requests, mapped onto the domain classes.

No foreign keys between them: each table is kept from its own events (and before grants waited
for the person's record, a supporter profile could come first: older databases hold some
profiles with no staff copy).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Integer, String, Table, Text, text, true

from psn_shared.db import EnumList, EnumString, UtcDateTime, staff_copy_table
from psn_shared.staff_copy import StaffCopy
from sessions.adapters.orm.base import mapper_registry, metadata
from sessions.domain.model import Mode, RequestStatus, Scope, SupporterProfile, SupportRequest, Urgency

staff = staff_copy_table(metadata)

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


def map_classes() -> None:
    mapper_registry.map_imperatively(StaffCopy, staff)
    mapper_registry.map_imperatively(SupporterProfile, supporter_profiles)
    mapper_registry.map_imperatively(SupportRequest, support_requests)
