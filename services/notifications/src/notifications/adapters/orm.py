"""Notifications' tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from notifications.domain.model import Channel, Delivery, DeliveryStatus, InboxEntry, RoleHolding, StaffMember
from psn_shared.db import NAMING_CONVENTION, UtcDateTime, messaging_tables

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

# The local copy of identity's directory: only what it takes to address and choose recipients.
staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("team_id", String(36)),
    Column("line_manager_id", String(36)),
    Column("status", String(20), nullable=False),
)

staff_roles = Table(
    "staff_roles",
    metadata,
    Column("staff_id", String(36), ForeignKey("staff.id"), primary_key=True),
    Column("role", String(50), primary_key=True, index=True),
)

inbox_entries = Table(
    "inbox_entries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("recipient_id", String(36), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("kind", String(100), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("read_at", UtcDateTime),
    # One entry per event and person, however often the event is handled.
    UniqueConstraint("event_id", "recipient_id", name="uq_inbox_entries_event_recipient"),
)
Index("ix_inbox_entries_recipient_created", inbox_entries.c.recipient_id, inbox_entries.c.created_at)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("recipient_id", String(36), nullable=False, index=True),
    Column("channel", EnumString(Channel, 20), nullable=False),
    Column("address", String(320), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", EnumString(DeliveryStatus, 20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    # One message per event, person and channel, however often the event is handled.
    UniqueConstraint("event_id", "recipient_id", "channel", name="uq_deliveries_event_recipient_channel"),
)
# The dispatcher's queue: only pending rows, in the order they fall due.
Index(
    "ix_deliveries_due",
    deliveries.c.next_attempt_at,
    postgresql_where=deliveries.c.status == DeliveryStatus.PENDING,
    sqlite_where=deliveries.c.status == DeliveryStatus.PENDING,
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    holding_mapper = mapper_registry.map_imperatively(RoleHolding, staff_roles)
    mapper_registry.map_imperatively(
        StaffMember,
        staff,
        properties={"holdings": relationship(holding_mapper, lazy="selectin", cascade="all, delete-orphan")},
    )
    mapper_registry.map_imperatively(InboxEntry, inbox_entries)
    mapper_registry.map_imperatively(Delivery, deliveries)
