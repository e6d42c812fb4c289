"""Repositories: how sessions finds and stores its aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from psn_shared.db import paginate
from sessions.domain.allocation import Candidate
from sessions.domain.model import RequestStatus, StaffCopy, SupporterProfile, SupportRequest


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: StaffCopy) -> None:
        self.session.add(member)

    def get(self, staff_id: str) -> StaffCopy | None:
        return self.session.get(StaffCopy, staff_id)

    def many(self, staff_ids: Iterable[str]) -> dict[str, StaffCopy]:
        rows = self.session.scalars(select(StaffCopy).where(StaffCopy.staff_id.in_(set(staff_ids))))
        return {member.staff_id: member for member in rows}


class SupporterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, profile: SupporterProfile) -> None:
        self.session.add(profile)

    def get(self, staff_id: str) -> SupporterProfile | None:
        return self.session.get(SupporterProfile, staff_id)

    def candidates(self, since: datetime, *, only: str | None = None) -> list[Candidate]:
        """Allocatable supporters with their staff copy and their open allocations since `since`."""
        query = (
            select(SupporterProfile, StaffCopy)
            .join(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
            .where(SupporterProfile.allocatable.is_(True))
            .order_by(SupporterProfile.staff_id)
        )
        if only is not None:
            query = query.where(SupporterProfile.staff_id == only)
        pairs = self.session.execute(query).all()
        loads = self.loads(since, [profile.staff_id for profile, _ in pairs])
        return [Candidate(profile, member, loads.get(profile.staff_id, 0)) for profile, member in pairs]

    def with_staff(self, staff_id: str | None = None) -> list[tuple[SupporterProfile, StaffCopy | None]]:
        """Profiles with their staff copy, which may not have arrived yet."""
        query = (
            select(SupporterProfile, StaffCopy)
            .outerjoin(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
            .order_by(StaffCopy.name, SupporterProfile.staff_id)
        )
        if staff_id is not None:
            query = query.where(SupporterProfile.staff_id == staff_id)
        return list(self.session.execute(query))

    def loads(self, since: datetime, staff_ids: list[str]) -> dict[str, int]:
        """Open allocations made since `since`, per supporter (one hour each against capacity)."""
        if not staff_ids:
            return {}
        rows = self.session.execute(
            select(SupportRequest.supporter_id, func.count())
            .where(
                SupportRequest.status == RequestStatus.ALLOCATED,
                SupportRequest.allocated_at >= since,
                SupportRequest.supporter_id.in_(staff_ids),
            )
            .group_by(SupportRequest.supporter_id)
        )
        return {supporter_id: count for supporter_id, count in rows}

    def allocatable_capacity(self) -> tuple[int, int]:
        """How many supporters are allocatable, and their monthly hours together."""
        count, hours = self.session.execute(
            select(func.count(), func.coalesce(func.sum(SupporterProfile.monthly_capacity), 0)).where(
                SupporterProfile.allocatable.is_(True)
            )
        ).one()
        return count, hours


class RequestRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: SupportRequest) -> None:
        self.session.add(request)

    def get(self, request_id: str) -> SupportRequest | None:
        return self.session.get(SupportRequest, request_id)

    def waiting(self) -> list[SupportRequest]:
        return list(self.session.scalars(select(SupportRequest).where(SupportRequest.status == RequestStatus.WAITING)))

    def open_held_by(self, supporter_id: str) -> list[SupportRequest]:
        return list(
            self.session.scalars(
                select(SupportRequest).where(
                    SupportRequest.status == RequestStatus.ALLOCATED, SupportRequest.supporter_id == supporter_id
                )
            )
        )

    def page(
        self, *, involving: str | None, status: RequestStatus | None, limit: int, offset: int
    ) -> tuple[list[SupportRequest], int]:
        """Newest first; `involving` keeps those the person asked for or supports (None: all)."""
        query = select(SupportRequest)
        if involving is not None:
            query = query.where(
                or_(SupportRequest.requester_id == involving, SupportRequest.supporter_id == involving)
            )
        if status is not None:
            query = query.where(SupportRequest.status == status)
        order = (SupportRequest.created_at.desc(), SupportRequest.id)
        return paginate(self.session, query, *order, limit=limit, offset=offset)

    def count_by_status(self) -> dict[RequestStatus, int]:
        rows = self.session.execute(select(SupportRequest.status, func.count()).group_by(SupportRequest.status))
        return {status: count for status, count in rows}

    def allocated_since(self, since: datetime) -> int:
        allocated = SupportRequest.status == RequestStatus.ALLOCATED
        return self.session.scalar(select(func.count()).where(allocated, SupportRequest.allocated_at >= since)) or 0
