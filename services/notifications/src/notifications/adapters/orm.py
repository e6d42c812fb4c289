"""Notifications' tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import registry

from notifications.domain.model import (
    Attempt,
    Channel,
    Delivery,
    DeliveryStatus,
    Device,
    DeviceKind,
    InboxEntry,
    StaffCopy,
)
from notifications.domain.preferences import Preferences
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

# The local copy of identity's directory: the shared columns, and the address and phone to reach people at.
staff = staff_copy_table(metadata, Column("email", String(320), nullable=False), Column("phone", String(40)))

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
    Column("address", String(2048), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", EnumString(DeliveryStatus, 20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("kind", String(100)),
    Column("category", String(20)),
    Column("critical", Boolean, nullable=False, server_default=false()),
    Column("chain_id", String(36), index=True),
    Column("step", Integer),
    Column("confirm_by", UtcDateTime),
    Column("held_until", UtcDateTime),
    Column("digest", Boolean, nullable=False, server_default=false()),
    Column("regarding", String(120)),
    Column("stale_after", UtcDateTime),
    # One message per event, person, channel and address (a person may have several devices),
    # however often the event is handled.
    UniqueConstraint("event_id", "recipient_id", "channel", "address",
                     name="uq_deliveries_event_recipient_channel_address"),
)
# The dispatcher's queue: only pending rows, in the order they fall due.
Index(
    "ix_deliveries_due",
    deliveries.c.next_attempt_at,
    postgresql_where=deliveries.c.status == DeliveryStatus.PENDING,
    sqlite_where=deliveries.c.status == DeliveryStatus.PENDING,
)

# A reminder still waiting, found when what it reminds of moves or is cancelled.
Index(
    "ix_deliveries_regarding",
    deliveries.c.regarding,
    postgresql_where=deliveries.c.status == DeliveryStatus.PENDING,
    sqlite_where=deliveries.c.status == DeliveryStatus.PENDING,
)

# The fallback watch: steps of must-deliver messages still awaiting confirmation, by deadline.
Index(
    "ix_deliveries_confirm_by",
    deliveries.c.confirm_by,
    postgresql_where=deliveries.c.confirm_by.isnot(None),
    sqlite_where=deliveries.c.confirm_by.isnot(None),
)

# Every attempt at sending a delivery, with its outcome; they go when their delivery goes (retention).
delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("delivery_id", String(36), ForeignKey("deliveries.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("result", String(20), nullable=False),
    Column("reason", Text),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), nullable=False, index=True),
    Column("kind", EnumString(DeviceKind, 20), nullable=False),
    Column("address", String(2048), nullable=False),
    Column("p256dh", String(200)),
    Column("auth", String(100)),
    Column("platform", String(20)),
    Column("created_at", UtcDateTime, nullable=False),
    # An endpoint or token is one browser or one app install: it belongs to whoever registered it last.
    UniqueConstraint("kind", "address", name="uq_devices_kind_address"),
)

preferences = Table(
    "preferences",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("language", String(5), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("channels", JSON, nullable=False),
    Column("quiet_hours", JSON, nullable=False),
    Column("digest", JSON, nullable=False),
    Column("digest_at", String(5), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(StaffCopy, staff)
    mapper_registry.map_imperatively(InboxEntry, inbox_entries)
    mapper_registry.map_imperatively(Delivery, deliveries)
    mapper_registry.map_imperatively(Attempt, delivery_attempts)
    mapper_registry.map_imperatively(Device, devices)
    mapper_registry.map_imperatively(Preferences, preferences)
