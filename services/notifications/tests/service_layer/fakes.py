"""Notifications' unit of work and repositories in memory: use cases and reactions without a database."""

from __future__ import annotations

from datetime import datetime

from notifications.adapters.repository import (
    DeliveryRepository,
    InboxRepository,
    StaffRepository,
)
from notifications.domain.model import Delivery, DeliveryStatus, InboxEntry, StaffCopy
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.testing.fakes import FakeUnitOfWork, InMemoryRepository


class FakeStaffRepository(InMemoryRepository[StaffCopy], StaffRepository):
    key = "staff_id"

    def holding_role(self, role: str) -> list[StaffCopy]:
        held = [copy for copy in self if copy.active and role in copy.roles]
        return sorted(held, key=lambda copy: (copy.name, copy.staff_id))


class FakeInboxRepository(InMemoryRepository[InboxEntry], InboxRepository):
    def add_once(self, entry: InboxEntry) -> bool:
        if any(e.event_id == entry.event_id and e.recipient_id == entry.recipient_id for e in self):
            return False
        self.add(entry)
        return True

    def page(self, recipient_id: str, *, limit: int, offset: int) -> tuple[list[InboxEntry], int, int]:
        mine = sorted((e for e in self if e.recipient_id == recipient_id), key=lambda e: e.id)
        mine.sort(key=lambda e: e.created_at, reverse=True)
        return mine[offset:offset + limit], len(mine), sum(not e.read for e in mine)

    def of(self, recipient_id: str) -> list[InboxEntry]:
        """For assertions: one person's entries, in the order they were added."""
        return [e for e in self if e.recipient_id == recipient_id]


class FakeDeliveryRepository(InMemoryRepository[Delivery], DeliveryRepository):
    def add_once(self, delivery: Delivery) -> bool:
        if any((d.event_id, d.recipient_id, d.channel) == (delivery.event_id, delivery.recipient_id, delivery.channel)
               for d in self):
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


class FakeNotificationsUnitOfWork(FakeUnitOfWork, NotificationsUnitOfWork):
    def __init__(self, *staff: StaffCopy) -> None:
        super().__init__(source="notifications")
        self.staff = FakeStaffRepository(*staff)
        self.inbox = FakeInboxRepository()
        self.deliveries = FakeDeliveryRepository()
