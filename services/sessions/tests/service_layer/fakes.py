"""In-memory repositories and unit of work: sessions' use cases without a database.

Each repository subclasses the abstract one the SQLAlchemy repository implements, so the fakes
can only answer what the use cases may ask; each answers it as the SQL does (same order too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import fields
from datetime import UTC, date, datetime

from psn_shared.events import Envelope
from psn_shared.staff_copy import StaffCopy
from psn_shared.testing.fakes import FakeUnitOfWork, InMemoryRepository
from services.sessions.tests.service_layer.fakes_conversations import (
    FakeAvailabilityRepository,
    FakeBusyTimeRepository,
    FakeCalendarFeedRepository,
    FakeConversationRepository,
    FakeFeedbackRepository,
)
from services.sessions.tests.service_layer.fakes_reflective import (
    FakeAudienceRepository,
    FakeBusyEverywhere,
    FakeGroupSessionRepository,
    FakeSeriesRepository,
    FakeWellbeingRepository,
)
from sessions.adapters.referral_repository import AuditRepository, HelpSourceRepository, ReferralRepository
from sessions.adapters.repository import DelegationRepository, RequestRepository, StaffRepository, SupporterRepository
from sessions.domain.allocation import Candidate, Offered, Pool, Wanted, in_scope
from sessions.domain.audit import ConfidentialRead, RecordKind
from sessions.domain.caps import OPEN_CASES, WEEK_CONVERSATIONS, CapLimits, blocking
from sessions.domain.model import RequestRecord, RequestStatus, SupporterProfile, SupportRequest, month_start
from sessions.domain.referrals import Referral, ReferralStatus
from sessions.domain.signposting import HelpSource
from sessions.domain.staff import Contact, Delegation
from sessions.events.handlers import HANDLERS
from sessions.service_layer.uow import SessionsUnitOfWork

EVER = datetime.min.replace(tzinfo=UTC)


def recorded(request: SupportRequest) -> RequestRecord:
    """The request as `RequestRepository.with_pair` reads it."""
    return RequestRecord(**{field.name: getattr(request, field.name) for field in fields(RequestRecord)})


class FakeStaffRepository(InMemoryRepository[StaffCopy], StaffRepository):
    key = "staff_id"

    def many(self, staff_ids: Iterable[str]) -> dict[str, StaffCopy]:
        return {staff_id: self.items[staff_id] for staff_id in set(staff_ids) if staff_id in self.items}


class FakeRequestRepository(InMemoryRepository[SupportRequest], RequestRepository):
    def __init__(self, staff: FakeStaffRepository) -> None:
        super().__init__()
        self.staff = staff

    def with_pair(self, request_id: str) -> tuple[RequestRecord, dict[str, Contact]] | None:
        request = self.get(request_id)
        if request is None:
            return None
        pair = self.staff.many(s for s in (request.requester_id, request.supporter_id) if s is not None)
        return recorded(request), {staff_id: Contact.of(member) for staff_id, member in pair.items()}

    def waiting(self) -> list[SupportRequest]:
        return [r for r in self if r.status == RequestStatus.WAITING]

    def open_held_by(self, supporter_id: str) -> list[SupportRequest]:
        return [r for r in self if r.status == RequestStatus.ALLOCATED and r.supporter_id == supporter_id]

    def open_asked_by(self, requester_id: str) -> list[SupportRequest]:
        return [r for r in self if r.status != RequestStatus.CLOSED and r.requester_id == requester_id]

    def page(
        self, *, involving: str | None, status: RequestStatus | None, limit: int, offset: int
    ) -> tuple[list[SupportRequest], int]:
        found = [r for r in self if (involving is None or involving in (r.requester_id, r.supporter_id))
                 and (status is None or r.status == status)]
        found.sort(key=lambda r: r.id)
        found.sort(key=lambda r: r.created_at, reverse=True)
        return found[offset:offset + limit], len(found)

    def count_by_status(self) -> dict[RequestStatus, int]:
        return dict(Counter(r.status for r in self))

    def allocated_since(self, since: datetime) -> int:
        return len(self._allocated_since(since))

    def open_involving(self, staff_id: str) -> list[SupportRequest]:
        found = [r for r in self
                 if r.status == RequestStatus.ALLOCATED and staff_id in (r.requester_id, r.supporter_id)]
        return sorted(found, key=lambda r: (r.created_at, r.id))

    def waiting_since_before(self, at: datetime) -> list[SupportRequest]:
        found = [r for r in self if r.status == RequestStatus.WAITING and r.waiting_since is not None
                 and r.waiting_since < at and r.waiting_alerted_at is None]
        return sorted(found, key=lambda r: (r.waiting_since, r.id))

    def _allocated_since(self, since: datetime) -> list[SupportRequest]:
        return [r for r in self if r.status == RequestStatus.ALLOCATED and r.allocated_at is not None
                and r.allocated_at >= since]


class FakeSupporterRepository(InMemoryRepository[SupporterProfile], SupporterRepository):
    key = "staff_id"

    def __init__(self, staff: FakeStaffRepository, requests: FakeRequestRepository,
                 conversations: FakeConversationRepository) -> None:
        super().__init__()
        self.staff, self.requests, self.conversations = staff, requests, conversations

    def candidates(self, at: datetime, limits: CapLimits, *, wanted: Wanted | None = None, only: str | None = None,
                   within_caps: bool = False, limit: int | None = None, ordered: bool = True) -> list[Candidate]:
        """As the SQL answers: the same rules, through the domain's own checks, least loaded first."""
        pairs = [(p, self.staff.get(p.staff_id)) for p in self
                 if p.allocatable and (only is None or p.staff_id == only)]
        ids = [profile.staff_id for profile, member in pairs if member]
        month, ever = self.loads(month_start(at), ids), self.loads(EVER, ids)
        found = [Candidate(profile, member, month.get(profile.staff_id, 0), {
                     OPEN_CASES: ever.get(profile.staff_id, 0),
                     WEEK_CONVERSATIONS: self.conversations.booked_in_week_of(profile.staff_id, at)})
                 for profile, member in pairs if member and member.active]
        if wanted is not None:
            pool = Pool(found, limits, wanted.standing_in)
            found = [c for c in found if pool.may_take(c, wanted.request, wanted.requester)]
        if within_caps:
            found = [c for c in found if not blocking(c, limits, at)]
        return sorted(found, key=Candidate.least_loaded_key)[:limit]

    def offering(self, request: SupportRequest, requester: StaffCopy) -> Offered:
        live = [p for p in self if p.allocatable and (m := self.staff.get(p.staff_id)) is not None and m.active]
        offering = [p for p in live if request.mode in p.modes]
        return Offered(allocatable=bool(live), mode=bool(offering),
                       here=any(p.offers(request.mode, request.location) for p in offering),
                       in_scope=any(in_scope(request.scope, self.staff.get(p.staff_id), requester) for p in offering))

    def with_staff(self, staff_id: str | None = None) -> list[tuple[SupporterProfile, StaffCopy | None]]:
        pairs = [(p, self.staff.get(p.staff_id)) for p in self if staff_id is None or p.staff_id == staff_id]
        # PostgreSQL sorts a missing name (NULL) last.
        return sorted(pairs, key=lambda pair: (pair[1] is None, pair[1].name if pair[1] else "", pair[0].staff_id))

    def loads(self, since: datetime, staff_ids: list[str]) -> dict[str, int]:
        return dict(Counter(r.supporter_id for r in self.requests._allocated_since(since)
                            if r.supporter_id in staff_ids))

    def allocatable_capacity(self) -> tuple[int, int]:
        allocatable = [p for p in self if p.allocatable]
        return len(allocatable), sum(p.monthly_capacity for p in allocatable)


class FakeHelpSourceRepository(InMemoryRepository[HelpSource], HelpSourceRepository):
    def of_kinds(self, kinds: tuple[str, ...]) -> list[HelpSource]:
        return [source for source in self if source.kind in kinds and source.active]


class FakeReferralRepository(InMemoryRepository[Referral], ReferralRepository):
    def __init__(self, requests: FakeRequestRepository) -> None:
        super().__init__()
        self.requests = requests

    def of_request(self, request_id: str) -> list[Referral]:
        return sorted((r for r in self if r.request_id == request_id), key=lambda r: (r.created_at, r.id))

    def page(
        self, *, involving: str | None, status: ReferralStatus | None, urgent: bool | None, limit: int, offset: int
    ) -> tuple[list[Referral], int]:
        supported = {r.id for r in self.requests if involving is not None and r.supporter_id == involving}
        found = [r for r in self if (involving is None or r.requester_id == involving or r.request_id in supported)
                 and (status is None or r.status == status) and (urgent is None or r.urgent == urgent)]
        found.sort(key=lambda r: r.id)
        found.sort(key=lambda r: r.created_at, reverse=True)
        found.sort(key=lambda r: r.urgent, reverse=True)
        return found[offset:offset + limit], len(found)


class FakeAuditRepository(InMemoryRepository[ConfidentialRead], AuditRepository):
    def page(
        self, *, subject_id: str | None, reader_id: str | None, record_kind: RecordKind | None, limit: int, offset: int
    ) -> tuple[list[ConfidentialRead], int]:
        found = [r for r in self if (subject_id is None or r.subject_id == subject_id)
                 and (reader_id is None or r.reader_id == reader_id)
                 and (record_kind is None or r.record_kind == record_kind)]
        found.sort(key=lambda r: r.id)
        found.sort(key=lambda r: r.read_at, reverse=True)
        return found[offset:offset + limit], len(found)


class FakeDelegationRepository(InMemoryRepository[Delegation], DelegationRepository):
    def in_force(self, on: date) -> list[Delegation]:
        return sorted((d for d in self if d.covers(on)), key=lambda d: d.id)

    def in_force_around(self, on: date, staff_id: str, manager_ids: set[str]) -> list[Delegation]:
        return [d for d in self.in_force(on) if d.delegate_id == staff_id or d.manager_id in manager_ids]


class FakeSessionsUnitOfWork(FakeUnitOfWork, SessionsUnitOfWork):
    def __init__(self) -> None:
        super().__init__(source="sessions")
        self.staff = FakeStaffRepository()
        self.requests = FakeRequestRepository(self.staff)
        self.conversations = FakeConversationRepository()
        self.supporters = FakeSupporterRepository(self.staff, self.requests, self.conversations)
        self.busy_times = FakeBusyTimeRepository(self.conversations)
        self.availability = FakeAvailabilityRepository()
        self.feedback = FakeFeedbackRepository()
        self.calendar_feeds = FakeCalendarFeedRepository()
        self.delegations = FakeDelegationRepository()
        self.referrals = FakeReferralRepository(self.requests)
        self.help_sources = FakeHelpSourceRepository()
        self.audit = FakeAuditRepository()
        self.group_sessions = FakeGroupSessionRepository()
        self.series = FakeSeriesRepository()
        self.audiences = FakeAudienceRepository(self.staff, self.supporters)
        self.wellbeing = FakeWellbeingRepository(self.staff)
        self.busy_times = FakeBusyEverywhere(self.conversations, self.group_sessions, self.wellbeing)

    def serialise_allocations(self) -> None:
        """Nothing to do: no other transaction runs beside a test."""

    def deliver(self, event: Envelope) -> None:
        """Apply an event through sessions' handler and commit, as the consumer does; sessions'
        own events that it subscribes to come back to it, as the broker routes them."""
        first = len(self.published)
        HANDLERS[event.type](event, self)
        self.commit()
        for returned in [e for e in self.published[first:] if e.type in HANDLERS]:
            self.deliver(returned)
