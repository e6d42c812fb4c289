"""Sessions' tables for supporters and support requests, mapped onto the domain classes.

No foreign keys between them: each table is kept from its own events (and before grants waited
for the person's record, a supporter profile could come first: older databases hold some
profiles with no staff copy).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table, Text, cast, false, func, text, true

from psn_shared.db import EnumList, EnumString, UtcDateTime, employment_columns, staff_copy_table
from sessions.adapters.orm.base import mapper_registry, metadata
from sessions.domain.model import Mode, RequestStatus, Scope, SupporterProfile, SupportRequest, Urgency
from sessions.domain.staff import Delegation, StaffCopy

# Contact details, shown only to a supporting pair; the organisation, for the sources of help offered.
staff = staff_copy_table(
    metadata, Column("email", String(320)), Column("preferred_name", String(200)), Column("phone", String(50)),
    Column("organisation_id", String(36)), *employment_columns(),
)

delegations = Table(
    "delegations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("manager_id", String(36), nullable=False, index=True),
    Column("delegate_id", String(36), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("ended_at", UtcDateTime),
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
    Column("paused", Boolean, nullable=False, server_default=false()),
    Column("paused_at", UtcDateTime),
    Column("cool_down_until", UtcDateTime),
    # Supervision for supporters (reflective practice): their last supervision attended, the last reminder.
    Column("last_supervised_at", UtcDateTime),
    Column("supervision_reminded_at", UtcDateTime),
    # When identity last changed the hours on the grant (identity.supporter_hours.changed): orders that news.
    Column("hours_changed_at", UtcDateTime),
)

# Allocation walks the allocatable supporters in its tie order (least recently allocated first)
# and stops at the first few who fit. (SQLite gets the same index without NULLS FIRST.)
Index(
    "ix_supporter_profiles_allocation_order",
    supporter_profiles.c.last_allocated_at.asc().nulls_first(),
    supporter_profiles.c.staff_id,
    postgresql_where=supporter_profiles.c.allocatable,
)
# Kept for their statistics: the candidate query matches mode and place with LIKE on these
# expressions, and without statistics on them PostgreSQL guesses one supporter matches in
# thousands and joins the staff copies row by row.
Index("ix_supporter_profiles_modes_text", cast(supporter_profiles.c.modes, String))
Index("ix_supporter_profiles_places_text", func.lower(cast(supporter_profiles.c.places, String)))

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
    Column("accepted_at", UtcDateTime),
    Column("excluded_supporters", JSON, nullable=False, server_default=text("'[]'")),
    Column("handed_back_reason", String(500)),
    Column("waiting_since", UtcDateTime),
    Column("waiting_alerted_at", UtcDateTime),
    # A supporter's open cases and this month's allocations are counted per supporter at each allocation.
    Index("ix_support_requests_supporter_open", "supporter_id", "status", "allocated_at"),
)


def map_classes() -> None:
    mapper_registry.map_imperatively(StaffCopy, staff)
    mapper_registry.map_imperatively(SupporterProfile, supporter_profiles)
    mapper_registry.map_imperatively(SupportRequest, support_requests)
    mapper_registry.map_imperatively(Delegation, delegations)
