"""Repositories: how notifications finds and stores staff, inbox entries and deliveries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from notifications.domain.model import Delivery, DeliveryStatus, InboxEntry, RoleHolding, StaffMember
from psn_shared.db import paginate


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: StaffMember) -> None:
        self.session.add(member)

    def get(self, staff_id: str) -> StaffMember | None:
        return self.session.get(StaffMember, staff_id)

    def holding_role(self, role: str) -> list[StaffMember]:
        query = (
            select(StaffMember)
            .join(RoleHolding, RoleHolding.staff_id == StaffMember.id)
            .where(RoleHolding.role == role, StaffMember.status == "active")
            .order_by(StaffMember.name, StaffMember.id)
        )
        return list(self.session.scalars(query))


class InboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(self, entry: InboxEntry) -> bool:
        """Add the entry unless this event already put one in this person's inbox."""
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
        """A page of one person's entries, newest first, with their total and unread counts."""
        mine = InboxEntry.recipient_id == recipient_id
        total, unread = self.session.execute(
            select(func.count(), func.count().filter(InboxEntry.read_at.is_(None))).where(mine)
        ).one()
        query = select(InboxEntry).where(mine).order_by(InboxEntry.created_at.desc(), InboxEntry.id)
        return list(self.session.scalars(query.limit(limit).offset(offset))), total, unread


class DeliveryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(self, delivery: Delivery) -> bool:
        """Add the delivery unless this event already has one for this person on this channel."""
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
        """Lock pending deliveries that are due; rows another dispatcher holds are skipped, not waited for."""
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
