"""Repositories: how sessions finds and stores its aggregates.

The abstract ones say what the use cases may ask (their tests use in-memory ones); the
SQLAlchemy ones answer it from the database.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime
from functools import cache

from sqlalchemy import Select, bindparam, func, literal_column, or_, select
from sqlalchemy.orm import Session

from psn_shared.db import paginate, read_row
from sessions.adapters.candidates import candidate_query, offering
from sessions.adapters.orm.support import staff, support_requests
from sessions.domain.allocation import Candidate, Offered, Wanted
from sessions.domain.caps import CapLimits
from sessions.domain.model import RequestRecord, RequestStatus, SupporterProfile, SupportRequest, month_start
from sessions.domain.staff import Contact, Delegation, StaffCopy, known_as


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
    def candidates(self, at: datetime, limits: CapLimits, *, wanted: Wanted | None = None, only: str | None = None,
                   within_caps: bool = False, limit: int | None = None, ordered: bool = True) -> list[Candidate]:
        """Allocatable supporters with their staff copy and the counts the caps read, least loaded first.

        `wanted`: only those who may take that request (everything but the caps); `within_caps`:
        only those no cap stops; `only`: that supporter; not `ordered`: any `limit` of them.
        """

    @abc.abstractmethod
    def offering(self, request: SupportRequest, requester: StaffCopy) -> Offered:
        """What the allocatable supporters offer against the request (`domain.allocation.Offered`)."""

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
    def with_pair(self, request_id: str) -> tuple[RequestRecord, dict[str, Contact]] | None:
        """The request as shown, and the contacts of its requester and supporter (by staff id), in one read."""

    @abc.abstractmethod
    def waiting(self) -> list[SupportRequest]: ...

    @abc.abstractmethod
    def open_held_by(self, supporter_id: str) -> list[SupportRequest]:
        """The requests still allocated to the supporter."""

    @abc.abstractmethod
    def open_asked_by(self, requester_id: str) -> list[SupportRequest]:
        """The requests the person made that are not closed: waiting or allocated."""

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

    @abc.abstractmethod
    def open_involving(self, staff_id: str) -> list[SupportRequest]:
        """Allocated requests the person made or supports."""

    @abc.abstractmethod
    def waiting_since_before(self, at: datetime) -> list[SupportRequest]:
        """Waiting requests that started waiting before `at` and whose coordinators have not been alerted."""


class DelegationRepository(abc.ABC):
    """Sessions' copy of identity's delegations (temporary managers)."""

    @abc.abstractmethod
    def add(self, delegation: Delegation) -> None: ...

    @abc.abstractmethod
    def get(self, delegation_id: str) -> Delegation | None: ...

    @abc.abstractmethod
    def in_force(self, on: date) -> list[Delegation]:
        """Delegations covering the day; few at a time, so serving many requests reads them all."""

    @abc.abstractmethod
    def in_force_around(self, on: date, staff_id: str, manager_ids: set[str]) -> list[Delegation]:
        """Those of `in_force(on)` to the person, or standing in for one of `manager_ids`."""


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

    def candidates(self, at: datetime, limits: CapLimits, *, wanted: Wanted | None = None, only: str | None = None,
                   within_caps: bool = False, limit: int | None = None, ordered: bool = True) -> list[Candidate]:
        return candidate_query(self.session, at, month_start(at), limits, wanted=wanted, only=only,
                               within_caps=within_caps, limit=limit, ordered=ordered)

    def offering(self, request: SupportRequest, requester: StaffCopy) -> Offered:
        return offering(self.session, request, requester)

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


SHOWN = len(fields(RequestRecord))
CONTACT = ("staff_id", "name", "preferred_name", "email", "phone")


@cache
def _with_pair_statement() -> Select:
    """The columns a request's answer shows, then each party's contact: a Core row rather than the ORM's
    entities (every column, tracked), as a request's GET is the API's busiest read. Built once."""
    requester, supporter = staff.alias("requester"), staff.alias("supporter")
    return (
        select(*(support_requests.c[field.name] for field in fields(RequestRecord)),
               *(requester.c[name] for name in CONTACT), *(supporter.c[name] for name in CONTACT))
        .select_from(support_requests)
        .outerjoin(requester, requester.c.staff_id == support_requests.c.requester_id)
        .outerjoin(supporter, supporter.c.staff_id == support_requests.c.supporter_id)
        .where(support_requests.c.id == bindparam("request_id"))
    )


def _contact(staff_id: str | None, name: str, preferred_name: str | None, email: str | None,
             phone: str | None) -> Contact | None:
    """A party's contact from their columns; None when their staff copy has not arrived (outer join)."""
    return None if staff_id is None else Contact(staff_id, known_as(name, preferred_name), email, phone)


class SqlRequestRepository(RequestRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: SupportRequest) -> None:
        self.session.add(request)

    def get(self, request_id: str) -> SupportRequest | None:
        return self.session.get(SupportRequest, request_id)

    def with_pair(self, request_id: str) -> tuple[RequestRecord, dict[str, Contact]] | None:
        row = read_row(self.session, _with_pair_statement(), {"request_id": request_id})
        if row is None:
            return None
        contacts = (_contact(*row[SHOWN:SHOWN + len(CONTACT)]), _contact(*row[SHOWN + len(CONTACT):]))
        return RequestRecord(*row[:SHOWN]), {contact.staff_id: contact for contact in contacts if contact is not None}

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

    def open_asked_by(self, requester_id: str) -> list[SupportRequest]:
        return list(self.session.scalars(select(SupportRequest).where(
            SupportRequest.status != RequestStatus.CLOSED, SupportRequest.requester_id == requester_id,
        ).order_by(SupportRequest.created_at, SupportRequest.id)))

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

    def open_involving(self, staff_id: str) -> list[SupportRequest]:
        return list(self.session.scalars(select(SupportRequest).where(
            SupportRequest.status == RequestStatus.ALLOCATED,
            or_(SupportRequest.requester_id == staff_id, SupportRequest.supporter_id == staff_id),
        ).order_by(SupportRequest.created_at, SupportRequest.id)))

    def waiting_since_before(self, at: datetime) -> list[SupportRequest]:
        return list(self.session.scalars(select(SupportRequest).where(
            SupportRequest.status == RequestStatus.WAITING, SupportRequest.waiting_since < at,
            SupportRequest.waiting_alerted_at.is_(None),
        ).order_by(SupportRequest.waiting_since, SupportRequest.id)))


class SqlDelegationRepository(DelegationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, delegation: Delegation) -> None:
        self.session.add(delegation)

    def get(self, delegation_id: str) -> Delegation | None:
        return self.session.get(Delegation, delegation_id)

    def in_force(self, on: date) -> list[Delegation]:
        return list(self.session.scalars(self._in_force(on)))

    def in_force_around(self, on: date, staff_id: str, manager_ids: set[str]) -> list[Delegation]:
        around = or_(Delegation.delegate_id == staff_id, Delegation.manager_id.in_(manager_ids))
        return list(self.session.scalars(self._in_force(on).where(around)))

    @staticmethod
    def _in_force(on: date) -> Select[tuple[Delegation]]:
        return select(Delegation).where(
            Delegation.starts_on <= on, Delegation.ends_on >= on, Delegation.ended_at.is_(None),
        ).order_by(Delegation.id)


def requester_with_delegations(session: Session, staff_id: str, on: date, *,
                               lock: int) -> tuple[StaffCopy, list[Delegation]] | None:
    """The unit of work's `requester_under_lock` in one statement (PostgreSQL): the person, the
    delegations in force around them (as `in_force_around` reads them), and the advisory lock
    `lock`, taken only when the person is found.
    """
    row = session.execute(_requester_statement(), {"staff_id": staff_id, "on": on, "lock": lock}).first()
    if row is None:
        return None
    requester, _, around = row
    return requester, [
        Delegation(id=id_, manager_id=manager_id, delegate_id=delegate_id,
                   starts_on=date.fromisoformat(starts_on), ends_on=date.fromisoformat(ends_on))
        for id_, manager_id, delegate_id, starts_on, ends_on in around
    ]


@cache
def _requester_statement() -> Select:
    delegation = func.json_build_array(Delegation.id, Delegation.manager_id, Delegation.delegate_id,
                                       Delegation.starts_on, Delegation.ends_on)
    around = (
        select(func.coalesce(func.json_agg(delegation), literal_column("'[]'::json")))
        .where(Delegation.starts_on <= bindparam("on"), Delegation.ends_on >= bindparam("on"),
               Delegation.ended_at.is_(None),
               or_(Delegation.delegate_id == StaffCopy.staff_id,
                   Delegation.manager_id.in_([StaffCopy.line_manager_id, StaffCopy.senior_manager_id])))
        .scalar_subquery()
    )
    return (select(StaffCopy, func.pg_advisory_xact_lock(bindparam("lock")), around)
            .where(StaffCopy.staff_id == bindparam("staff_id")))
