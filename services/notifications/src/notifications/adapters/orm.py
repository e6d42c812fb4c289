"""Notifications' tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import registry

from notifications.domain.model import Channel, Delivery, DeliveryStatus, InboxEntry, StaffCopy
from psn_shared.db import (
    NAMING_CONVENTION,
    EnumString,
    UtcDateTime,
    idempotency_table,
    messaging_tables,
    staff_copy_table,
)

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)
idempotency_keys = idempotency_table(metadata)

# The local copy of identity's directory: the shared columns, and the address to email people at.
staff = staff_copy_table(metadata, Column("email", String(320), nullable=False))

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
    Column("critical", Boolean, nullable=False, server_default=false()),
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
    mapper_registry.map_imperatively(StaffCopy, staff)
    mapper_registry.map_imperatively(InboxEntry, inbox_entries)
    mapper_registry.map_imperatively(Delivery, deliveries)
