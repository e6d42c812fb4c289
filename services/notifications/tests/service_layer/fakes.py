"""Notifications' unit of work and repositories in memory: use cases and reactions without a database."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from notifications.adapters.repository import (
    DeliveryRepository,
    DeviceRepository,
    InboxRepository,
    PreferencesRepository,
    StaffRepository,
)
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
from notifications.domain.sending import Message, Outcome
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.testing.fakes import FakeUnitOfWork, InMemoryRepository
from services.notifications.tests.service_layer.fake_reminders import FakeReminderRepository


class FakeStaffRepository(InMemoryRepository[StaffCopy], StaffRepository):
    key = "staff_id"

    def many(self, staff_ids: Collection[str]) -> list[StaffCopy]:
        return [copy for copy in self if copy.staff_id in staff_ids]

    def holding_role(self, role: str) -> list[StaffCopy]:
        held = [copy for copy in self if copy.active and role in copy.roles]
        return sorted(held, key=lambda copy: (copy.name, copy.staff_id))


class FakeInboxRepository(InMemoryRepository[InboxEntry], InboxRepository):
    def add_once(self, entry: InboxEntry) -> bool:
        if any(e.event_id == entry.event_id and e.recipient_id == entry.recipient_id for e in self):
            return False
        self.add(entry)
        return True

    def page(self, recipient_id: str, *, limit: int, offset: int,
             since: datetime | None = None) -> tuple[list[InboxEntry], int, int]:
        everything = [e for e in self if e.recipient_id == recipient_id]
        mine = sorted((e for e in everything if since is None or e.created_at > since), key=lambda e: e.id)
        mine.sort(key=lambda e: e.created_at, reverse=True)
        return mine[offset:offset + limit], len(mine), sum(not e.read for e in everything)

    def mark_all_read(self, recipient_id: str, at: datetime) -> int:
        unread = [e for e in self if e.recipient_id == recipient_id and not e.read]
        for entry in unread:
            entry.mark_read(at)
        return len(unread)

    def read_for(self, event_id: str, recipient_id: str) -> bool:
        return any(e.event_id == event_id and e.recipient_id == recipient_id and e.read for e in self)

    def of(self, recipient_id: str) -> list[InboxEntry]:
        """For assertions: one person's entries, in the order they were added."""
        return [e for e in self if e.recipient_id == recipient_id]


class FakeDeliveryRepository(InMemoryRepository[Delivery], DeliveryRepository):
    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[Attempt] = []

    def add_once(self, delivery: Delivery) -> bool:
        key = (delivery.event_id, delivery.recipient_id, delivery.channel, delivery.address)
        if any((d.event_id, d.recipient_id, d.channel, d.address) == key for d in self):
            return False
        self.add(delivery)
        return True

    def claim_due(self, now: datetime, limit: int) -> list[Delivery]:
        due = [d for d in self if d.status == DeliveryStatus.PENDING and d.next_attempt_at <= now]
        return sorted(due, key=lambda d: d.next_attempt_at)[:limit]

    def page(
        self, *, recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        matching = [d for d in self if (not recipient_id or d.recipient_id == recipient_id)
                    and (not status or d.status == status)]
        matching = sorted(matching, key=lambda d: d.id)
        matching.sort(key=lambda d: d.created_at, reverse=True)
        return matching[offset:offset + limit], len(matching)


    def claim_unconfirmed(self, now: datetime, limit: int) -> list[Delivery]:
        overdue = [d for d in self if d.confirm_by is not None and d.confirm_by <= now]
        return sorted(overdue, key=lambda d: d.confirm_by)[:limit]

    def in_chain(self, chain_id: str) -> list[Delivery]:
        return sorted((d for d in self if d.chain_id == chain_id), key=lambda d: (d.step, d.created_at))

    def held_for(self, recipient_id: str) -> list[Delivery]:
        return [d for d in self if d.recipient_id == recipient_id and d.status == DeliveryStatus.PENDING
                and d.held_until is not None]

    def pending_regarding(self, regarding: str, recipient_id: str | None = None) -> list[Delivery]:
        return [d for d in self if d.regarding == regarding and d.status == DeliveryStatus.PENDING
                and (recipient_id is None or d.recipient_id == recipient_id)]

    def log_attempt(self, attempt: Attempt) -> None:
        self.attempts.append(attempt)

    def attempts_of(self, delivery_ids: list[str]) -> dict[str, list[Attempt]]:
        return {delivery_id: sorted((a for a in self.attempts if a.delivery_id == delivery_id), key=lambda a: a.number)
                for delivery_id in delivery_ids}

    def of(self, recipient_id: str) -> list[Delivery]:
        """For assertions: one person's deliveries, in the order they were added."""
        return [d for d in self if d.recipient_id == recipient_id]


class FakeDeviceRepository(InMemoryRepository[Device], DeviceRepository):
    def find(self, kind: DeviceKind, address: str) -> Device | None:
        return next((d for d in self if d.kind == kind and d.address == address), None)

    def of_person(self, staff_id: str) -> list[Device]:
        return sorted((d for d in self if d.staff_id == staff_id), key=lambda d: (d.created_at, d.id))

    def remove(self, device: Device) -> None:
        del self.items[device.id]


class FakePreferencesRepository(InMemoryRepository[Preferences], PreferencesRepository):
    key = "staff_id"

    def of_people(self, staff_ids: list[str]) -> dict[str, Preferences]:
        return {p.staff_id: p for p in self if p.staff_id in staff_ids}


class FakeNotificationsUnitOfWork(FakeUnitOfWork, NotificationsUnitOfWork):
    def __init__(self, *staff: StaffCopy) -> None:
        super().__init__(source="notifications")
        self.staff = FakeStaffRepository(*staff)
        self.inbox = FakeInboxRepository()
        self.deliveries = FakeDeliveryRepository()
        self.devices = FakeDeviceRepository()
        self.preferences = FakePreferencesRepository()
        self.reminders = FakeReminderRepository()


class RecordingProvider:
    """A channel's provider that sends nothing: it keeps what it was given, and refuses (to retry) or
    reports gone the addresses it is told to, as a real service would."""

    def __init__(self, channel: Channel, *, refuse: tuple[str, ...] = (), gone: tuple[str, ...] = ()) -> None:
        self.channel = channel
        self.refuse = refuse
        self.gone = gone
        self.sent: list[Message] = []
        self.batches = 0

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        self.batches += 1
        outcomes = []
        for message in messages:
            address = message.delivery.address
            if address in self.refuse:
                outcomes.append(Outcome.failed(f"SMTPRecipientsRefused: 450 {address} try later"))
            elif address in self.gone:
                outcomes.append(Outcome.gone(f"{address} no longer exists"))
            else:
                self.sent.append(message)
                outcomes.append(Outcome.sent())
        return outcomes

    @property
    def addresses(self) -> list[str]:
        return [m.delivery.address for m in self.sent]


def providers(*channels: Channel, **kwargs: tuple[str, ...]) -> dict[Channel, RecordingProvider]:
    return {channel: RecordingProvider(channel, **kwargs) for channel in channels or tuple(Channel)}
