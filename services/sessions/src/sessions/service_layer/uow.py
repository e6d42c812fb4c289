"""Sessions' unit of work: one transaction, with its repositories and its outbox.

Use cases take the abstract `SessionsUnitOfWork`; the app and the consumer make SQLAlchemy ones
(`uow_factory`), the service-layer tests in-memory ones.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import date
from functools import cache, partial
from typing import Self

from sqlalchemy import Engine, Insert, Select, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import BindParameter

from psn_shared.db import UnitOfWork, unit_of_work_factory
from psn_shared.events import NewEvent
from psn_shared.unit_of_work import AbstractUnitOfWork
from sessions.adapters.board import BoardFigures, SqlBoardFigures
from sessions.adapters.busy import BusyTimeRepository, SqlBusyTimeRepository
from sessions.adapters.conversation_repository import (
    AvailabilityRepository,
    CalendarFeedRepository,
    ConversationRepository,
    FeedbackRepository,
    SqlAvailabilityRepository,
    SqlCalendarFeedRepository,
    SqlConversationRepository,
    SqlFeedbackRepository,
)
from sessions.adapters.orm import messaging, start_mappers
from sessions.adapters.orm.support import support_requests, supporter_profiles
from sessions.adapters.referral_repository import (
    AuditRepository,
    HelpSourceRepository,
    ReferralRepository,
    SqlAuditRepository,
    SqlHelpSourceRepository,
    SqlReferralRepository,
)
from sessions.adapters.reflective_repository import (
    AudienceRepository,
    GroupSessionRepository,
    SeriesRepository,
    SqlAudienceRepository,
    SqlGroupSessionRepository,
    SqlSeriesRepository,
    SqlWellbeingRepository,
    WellbeingRepository,
)
from sessions.adapters.repository import (
    DelegationRepository,
    RequestRepository,
    SqlDelegationRepository,
    SqlRequestRepository,
    SqlStaffRepository,
    SqlSupporterRepository,
    StaffRepository,
    SupporterRepository,
    requester_with_delegations,
)
from sessions.domain.caps import CapLimits
from sessions.domain.model import SupporterProfile, SupportRequest
from sessions.domain.staff import Delegation, StaffCopy

# Any fixed 64-bit number, the same in every sessions process.
ALLOCATION_LOCK = 0x5E55_1045


class SessionsUnitOfWork(AbstractUnitOfWork):
    staff: StaffRepository
    supporters: SupporterRepository
    requests: RequestRepository
    delegations: DelegationRepository
    # The network's caps on supporters (SESSIONS_* settings): every allocation in this unit of work keeps to them.
    caps: CapLimits = CapLimits()
    conversations: ConversationRepository
    busy_times: BusyTimeRepository
    availability: AvailabilityRepository
    feedback: FeedbackRepository
    calendar_feeds: CalendarFeedRepository
    referrals: ReferralRepository
    help_sources: HelpSourceRepository
    audit: AuditRepository
    group_sessions: GroupSessionRepository
    series: SeriesRepository
    audiences: AudienceRepository
    wellbeing: WellbeingRepository
    board: BoardFigures

    @abc.abstractmethod
    def serialise_allocations(self) -> None:
        """Hold the allocation lock until this unit of work ends.

        Allocating reads supporters' loads and then writes: two transactions doing it at once
        could overfill a supporter or hand one waiting request out twice.
        """

    def requester_under_lock(self, staff_id: str, on: date) -> tuple[StaffCopy, list[Delegation]] | None:
        """The person asking for support and the delegations in force on the day that bear on line
        authority around them (to them, or standing in for one of their managers), with the
        allocation lock held from here; None, and no lock, when the person is not known here.
        """
        requester = self.staff.get(staff_id)
        if requester is None:
            return None
        self.serialise_allocations()
        managers = {m for m in (requester.line_manager_id, requester.senior_manager_id) if m}
        return requester, self.delegations.in_force_around(on, staff_id, managers)

    def member_under_lock(self, staff_id: str) -> StaffCopy | None:
        """The person's staff copy (None when not known here), with the allocation lock held from here
        whether or not they are known: a supporter's change of state may hand their requests on."""
        self.serialise_allocations()
        return self.staff.get(staff_id)

    def supporter_under_lock(self, staff_id: str) -> tuple[SupporterProfile | None, StaffCopy | None]:
        """The person's supporter profile and staff copy (None where there is none), with the allocation lock."""
        return self.supporters.get(staff_id), self.member_under_lock(staff_id)

    def add_supporter(self, profile: SupporterProfile, announcement: NewEvent | None) -> None:
        """A new supporter's profile, with the announcement of their activation if it is one."""
        self.supporters.add(profile)
        if announcement is not None:
            self.publish(announcement)

    def add_new_request(self, request: SupportRequest, announcement: NewEvent) -> None:
        """A request just asked for, with the event that tells the network where it stands; if it was
        allocated, its supporter's profile already records the allocation (`Pool.give`).
        """
        self.requests.add(request)
        self.publish(announcement)


class SqlSessionsUnitOfWork(UnitOfWork, SessionsUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session], caps: CapLimits | None = None) -> None:
        super().__init__(session_factory, messaging, source="sessions")
        self.caps = caps or CapLimits()

    def __enter__(self) -> Self:
        super().__enter__()
        self.staff = SqlStaffRepository(self.session)
        self.supporters = SqlSupporterRepository(self.session)
        self.requests = SqlRequestRepository(self.session)
        self.delegations = SqlDelegationRepository(self.session)
        self.conversations = SqlConversationRepository(self.session)
        self.busy_times = SqlBusyTimeRepository(self.session)
        self.availability = SqlAvailabilityRepository(self.session)
        self.feedback = SqlFeedbackRepository(self.session)
        self.calendar_feeds = SqlCalendarFeedRepository(self.session)
        self.referrals = SqlReferralRepository(self.session)
        self.help_sources = SqlHelpSourceRepository(self.session)
        self.audit = SqlAuditRepository(self.session)
        self.group_sessions = SqlGroupSessionRepository(self.session)
        self.series = SqlSeriesRepository(self.session)
        self.audiences = SqlAudienceRepository(self.session)
        self.wellbeing = SqlWellbeingRepository(self.session)
        self.board = SqlBoardFigures(self.session)
        return self

    def serialise_allocations(self) -> None:
        """One PostgreSQL advisory lock for the transaction.

        Allocations are rare, so one lock is simpler than row locks and cannot deadlock. SQLite
        already serialises writers (BEGIN IMMEDIATE).
        """
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ALLOCATION_LOCK})

    def requester_under_lock(self, staff_id: str, on: date) -> tuple[StaffCopy, list[Delegation]] | None:
        """On PostgreSQL in one round trip: the person, their delegations and the lock (every request pays for it)."""
        if self.session.get_bind().dialect.name != "postgresql":
            return super().requester_under_lock(staff_id, on)
        return requester_with_delegations(self.session, staff_id, on, lock=ALLOCATION_LOCK)

    def member_under_lock(self, staff_id: str) -> StaffCopy | None:
        """On PostgreSQL in one round trip (the activation's, on the headline's path): the lock, and the
        person outer-joined to it so it is taken when they are unknown too. The person's row is read in
        the statement's snapshot, which may predate the lock: only events about them change it, and
        their consumer's transaction holds their subject lock (taken by the inbox claim) already.
        """
        if self.session.get_bind().dialect.name != "postgresql":
            return super().member_under_lock(staff_id)
        return self.session.scalars(_member_under_lock_statement(),
                                    {"lock": ALLOCATION_LOCK, "staff_id": staff_id}).first()

    def supporter_under_lock(self, staff_id: str) -> tuple[SupporterProfile | None, StaffCopy | None]:
        """On PostgreSQL in one round trip, as `member_under_lock`; the profile is read in the statement's
        snapshot, which may predate the lock, as a read of its own before the lock would have read it.
        """
        if self.session.get_bind().dialect.name != "postgresql":
            return super().supporter_under_lock(staff_id)
        profile, member = self.session.execute(_supporter_under_lock_statement(),
                                               {"lock": ALLOCATION_LOCK, "staff_id": staff_id}).one()
        return profile, member

    def add_supporter(self, profile: SupporterProfile, announcement: NewEvent | None) -> None:
        """On PostgreSQL an activation is one statement (the headline's path): the profile's INSERT in a
        CTE of the outbox's, where the ORM's flush and the outbox send two. The profile is not added to
        the session: nothing in the transaction reads it again, and a read would find the row.
        """
        if announcement is None or self.session.get_bind().dialect.name != "postgresql":
            return super().add_supporter(profile, announcement)
        values = {f"profile_{column.key}": getattr(profile, column.key) for column in supporter_profiles.c}
        _, row = self._to_send(announcement)
        values |= {f"event_{key}": value for key, value in row.items()}
        self.session.execute(_new_supporter_statement(), values)

    def add_new_request(self, request: SupportRequest, announcement: NewEvent) -> None:
        """On PostgreSQL in one statement (every request pays for it): the request, its supporter's
        last allocation and the outbox row, where the ORM would send three.
        """
        if self.session.get_bind().dialect.name != "postgresql":
            return super().add_new_request(request, announcement)
        # Loaded already, as a candidate: the identity map answers without a query.
        supporter = self.session.get(SupporterProfile, request.supporter_id) if request.supporter_id else None
        values = {f"request_{column.key}": getattr(request, column.key) for column in support_requests.c}
        _, row = self._to_send(announcement)
        values |= {f"event_{key}": value for key, value in row.items()}
        if supporter is not None:
            values |= {"supporter_id": supporter.staff_id, "last_allocated_at": supporter.last_allocated_at}
            # Written below: the ORM is told first, so no flush of its own writes it again.
            set_committed_value(supporter, "last_allocated_at", supporter.last_allocated_at)
        self.session.execute(_new_request_statement(allocated=supporter is not None), values)


@cache
def _member_under_lock_statement() -> Select:
    held = select(func.pg_advisory_xact_lock(bindparam("lock")).label("held")).subquery("held")
    return select(StaffCopy).select_from(held).outerjoin(StaffCopy, StaffCopy.staff_id == bindparam("staff_id"))


@cache
def _supporter_under_lock_statement() -> Select:
    held = select(func.pg_advisory_xact_lock(bindparam("lock")).label("held")).subquery("held")
    return (select(SupporterProfile, StaffCopy).select_from(held)
            .outerjoin(SupporterProfile, SupporterProfile.staff_id == bindparam("staff_id"))
            .outerjoin(StaffCopy, StaffCopy.staff_id == bindparam("staff_id")))


@cache
def _new_supporter_statement() -> Insert:
    """INSERT a supporter's profile in a CTE of the outbox's INSERT."""
    profile = insert(supporter_profiles).values(
        {column.key: bindparam(f"profile_{column.key}", type_=column.type) for column in supporter_profiles.c})
    return insert(messaging.outbox).values(_outbox_row()).add_cte(profile.cte("new_supporter"))


def _outbox_row() -> dict[str, BindParameter]:
    return {column.key: bindparam(f"event_{column.key}", type_=column.type)
            for column in messaging.outbox.c if column.key != "published_at"}


@cache
def _new_request_statement(*, allocated: bool) -> Insert:
    """INSERT the request and (`allocated`) UPDATE its supporter's last allocation in CTEs of the outbox's INSERT."""
    request = insert(support_requests).values(
        {column.key: bindparam(f"request_{column.key}", type_=column.type) for column in support_requests.c})
    writes = [request.cte("new_request")]
    if allocated:
        last_allocated_at = bindparam("last_allocated_at", type_=supporter_profiles.c.last_allocated_at.type)
        writes.append(update(supporter_profiles).where(supporter_profiles.c.staff_id == bindparam("supporter_id"))
                      .values(last_allocated_at=last_allocated_at).cte("last_allocation"))
    return insert(messaging.outbox).values(_outbox_row()).add_cte(*writes)


def uow_factory(engine: Engine, caps: CapLimits | None = None) -> Callable[[], SqlSessionsUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, partial(SqlSessionsUnitOfWork, caps=caps))
