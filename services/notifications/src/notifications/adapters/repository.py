"""Repositories: how notifications finds and stores staff, inbox entries and deliveries.

Each is declared abstractly first (what the use cases may ask of it), then implemented on
SQLAlchemy; the service-layer tests implement the same abstractions in memory.
"""

from __future__ import annotations

import abc
from datetime import datetime

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from notifications.adapters.orm import staff
from notifications.domain.model import Delivery, DeliveryStatus, InboxEntry, StaffCopy
from psn_shared.db import paginate
from psn_shared.staff_copy import StaffStatus


class StaffRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, copy: StaffCopy) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> StaffCopy | None: ...

    @abc.abstractmethod
    def holding_role(self, role: str) -> list[StaffCopy]:
        """Active people holding `role`, by name."""


class InboxRepository(abc.ABC):
    @abc.abstractmethod
    def add_once(self, entry: InboxEntry) -> bool:
        """Add the entry unless this event already put one in this person's inbox; whether it was added."""

    @abc.abstractmethod
    def get(self, entry_id: str) -> InboxEntry | None: ...

    @abc.abstractmethod
    def page(self, recipient_id: str, *, limit: int, offset: int) -> tuple[list[InboxEntry], int, int]:
        """A page of one person's entries, newest first, with their total and unread counts."""


class DeliveryRepository(abc.ABC):
    @abc.abstractmethod
    def add_once(self, delivery: Delivery) -> bool:
        """Add the delivery unless this event already has one for this person on this channel; whether it was."""

    @abc.abstractmethod
    def claim_due(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due by `now`, earliest first, held by this unit of work alone until it ends."""

    @abc.abstractmethod
    def page(
        self, *, recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        """Deliveries newest first, optionally for one recipient or in one status, with how many match."""


class SqlStaffRepository(StaffRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, copy: StaffCopy) -> None:
        self.session.add(copy)

    def get(self, staff_id: str) -> StaffCopy | None:
        return self.session.get(StaffCopy, staff_id)

    def holding_role(self, role: str) -> list[StaffCopy]:
        # Roles are a JSON list. SQLite has no JSON containment, and PostgreSQL's (@>) needs jsonb
        # while the shared column is json; a LIKE on the list's text for the quoted name works the
        # same on both. It narrows the rows in SQL; the check in Python makes the answer exact.
        # No index serves it: it runs once per waiting request, over a directory of thousands.
        query = (
            select(StaffCopy)
            .where(cast(staff.c.roles, Text).contains(f'"{role}"', autoescape=True),
                   staff.c.status == StaffStatus.ACTIVE)
            .order_by(staff.c.name, staff.c.staff_id)
        )
        return [copy for copy in self.session.scalars(query) if role in copy.roles]


class SqlInboxRepository(InboxRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(self, entry: InboxEntry) -> bool:
        exists = select(InboxEntry.id).where(
            InboxEntry.event_id == entry.event_id, InboxEntry.recipient_id == entry.recipient_id
        )
        if self.session.execute(exists).first() is not None:
            return False
        self.session.add(entry)
        return True

    def get(self, entry_id: str) -> InboxEntry | None:
        return self.session.get(InboxEntry, entry_id)

    def page(self, recipient_id: str, *, limit: int, offset: int) -> tuple[list[InboxEntry], int, int]:
        mine = InboxEntry.recipient_id == recipient_id
        total, unread = self.session.execute(
            select(func.count(), func.count().filter(InboxEntry.read_at.is_(None))).where(mine)
        ).one()
        query = select(InboxEntry).where(mine).order_by(InboxEntry.created_at.desc(), InboxEntry.id)
        return list(self.session.scalars(query.limit(limit).offset(offset))), total, unread


class SqlDeliveryRepository(DeliveryRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(self, delivery: Delivery) -> bool:
        exists = select(Delivery.id).where(
            Delivery.event_id == delivery.event_id,
            Delivery.recipient_id == delivery.recipient_id,
            Delivery.channel == delivery.channel,
        )
        if self.session.execute(exists).first() is not None:
            return False
        self.session.add(delivery)
        return True

    def claim_due(self, now: datetime, limit: int) -> list[Delivery]:
        # Locked rows another dispatcher holds are skipped, not waited for.
        query = (
            select(Delivery)
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
            .order_by(Delivery.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def page(
        self, *, recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        query = select(Delivery)
        if recipient_id:
            query = query.where(Delivery.recipient_id == recipient_id)
        if status:
            query = query.where(Delivery.status == status)
        order = (Delivery.created_at.desc(), Delivery.id)
        return paginate(self.session, query, *order, limit=limit, offset=offset)
