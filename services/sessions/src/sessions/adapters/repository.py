"""Repositories: how sessions finds and stores its aggregates.

The abstract ones say what the use cases may ask (their tests use in-memory ones); the
SQLAlchemy ones answer it from the database.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from psn_shared.db import paginate
from psn_shared.staff_copy import StaffCopy
from sessions.domain.allocation import Candidate
from sessions.domain.model import RequestStatus, SupporterProfile, SupportRequest


class StaffRepository(abc.ABC):
    """Sessions' copies of identity's staff."""

    @abc.abstractmethod
    def add(self, member: StaffCopy) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> StaffCopy | None: ...

    @abc.abstractmethod
    def many(self, staff_ids: Iterable[str]) -> dict[str, StaffCopy]:
        """The copies of those of `staff_ids` known here, by staff id."""


class SupporterRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, profile: SupporterProfile) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> SupporterProfile | None: ...

    @abc.abstractmethod
    def candidates(self, since: datetime, *, only: str | None = None) -> list[Candidate]:
        """Allocatable supporters with their staff copy and their open allocations since `since`."""

    @abc.abstractmethod
    def with_staff(self, staff_id: str | None = None) -> list[tuple[SupporterProfile, StaffCopy | None]]:
        """Profiles (one, or all by name) with their staff copy, which may not have arrived yet."""

    @abc.abstractmethod
    def loads(self, since: datetime, staff_ids: list[str]) -> dict[str, int]:
        """Open allocations made since `since`, per supporter (one hour each against capacity)."""

    @abc.abstractmethod
    def allocatable_capacity(self) -> tuple[int, int]:
        """How many supporters are allocatable, and their monthly hours together."""


class RequestRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, request: SupportRequest) -> None: ...

    @abc.abstractmethod
    def get(self, request_id: str) -> SupportRequest | None: ...

    @abc.abstractmethod
    def waiting(self) -> list[SupportRequest]: ...

    @abc.abstractmethod
    def open_held_by(self, supporter_id: str) -> list[SupportRequest]:
        """The requests still allocated to the supporter."""

    @abc.abstractmethod
    def page(
        self, *, involving: str | None, status: RequestStatus | None, limit: int, offset: int
    ) -> tuple[list[SupportRequest], int]:
        """Newest first; `involving` keeps those the person asked for or supports (None: all)."""

    @abc.abstractmethod
    def count_by_status(self) -> dict[RequestStatus, int]: ...

    @abc.abstractmethod
    def allocated_since(self, since: datetime) -> int:
        """How many requests allocated since `since` are still allocated."""


class SqlStaffRepository(StaffRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: StaffCopy) -> None:
        self.session.add(member)

    def get(self, staff_id: str) -> StaffCopy | None:
        return self.session.get(StaffCopy, staff_id)

    def many(self, staff_ids: Iterable[str]) -> dict[str, StaffCopy]:
        rows = self.session.scalars(select(StaffCopy).where(StaffCopy.staff_id.in_(set(staff_ids))))
        return {member.staff_id: member for member in rows}


class SqlSupporterRepository(SupporterRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, profile: SupporterProfile) -> None:
        self.session.add(profile)

    def get(self, staff_id: str) -> SupporterProfile | None:
        return self.session.get(SupporterProfile, staff_id)

    def candidates(self, since: datetime, *, only: str | None = None) -> list[Candidate]:
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
        query = (
            select(SupporterProfile, StaffCopy)
            .outerjoin(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
            .order_by(StaffCopy.name, SupporterProfile.staff_id)
        )
        if staff_id is not None:
            query = query.where(SupporterProfile.staff_id == staff_id)
        return list(self.session.execute(query))

    def loads(self, since: datetime, staff_ids: list[str]) -> dict[str, int]:
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
        count, hours = self.session.execute(
            select(func.count(), func.coalesce(func.sum(SupporterProfile.monthly_capacity), 0)).where(
                SupporterProfile.allocatable.is_(True)
            )
        ).one()
        return count, hours


class SqlRequestRepository(RequestRepository):
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
