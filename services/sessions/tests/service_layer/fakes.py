"""In-memory repositories and unit of work: sessions' use cases without a database.

Each repository subclasses the abstract one the SQLAlchemy repository implements, so the fakes
can only answer what the use cases may ask; each answers it as the SQL does (same order too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from psn_shared.events import Envelope
from psn_shared.staff_copy import StaffCopy
from psn_shared.testing.fakes import FakeUnitOfWork, InMemoryRepository
from sessions.adapters.repository import RequestRepository, StaffRepository, SupporterRepository
from sessions.domain.allocation import Candidate
from sessions.domain.model import RequestStatus, SupporterProfile, SupportRequest
from sessions.events.handlers import HANDLERS
from sessions.service_layer.uow import SessionsUnitOfWork


class FakeStaffRepository(InMemoryRepository[StaffCopy], StaffRepository):
    key = "staff_id"

    def many(self, staff_ids: Iterable[str]) -> dict[str, StaffCopy]:
        return {staff_id: self.items[staff_id] for staff_id in set(staff_ids) if staff_id in self.items}


class FakeRequestRepository(InMemoryRepository[SupportRequest], RequestRepository):
    def waiting(self) -> list[SupportRequest]:
        return [r for r in self if r.status == RequestStatus.WAITING]

    def open_held_by(self, supporter_id: str) -> list[SupportRequest]:
        return [r for r in self if r.status == RequestStatus.ALLOCATED and r.supporter_id == supporter_id]

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

    def _allocated_since(self, since: datetime) -> list[SupportRequest]:
        return [r for r in self if r.status == RequestStatus.ALLOCATED and r.allocated_at is not None
                and r.allocated_at >= since]


class FakeSupporterRepository(InMemoryRepository[SupporterProfile], SupporterRepository):
    key = "staff_id"

    def __init__(self, staff: FakeStaffRepository, requests: FakeRequestRepository) -> None:
        super().__init__()
        self.staff, self.requests = staff, requests

    def candidates(self, since: datetime, *, only: str | None = None) -> list[Candidate]:
        pairs = [(p, self.staff.get(p.staff_id)) for p in sorted(self, key=lambda p: p.staff_id)
                 if p.allocatable and (only is None or p.staff_id == only)]
        loads = self.loads(since, [profile.staff_id for profile, _ in pairs])
        return [Candidate(profile, member, loads.get(profile.staff_id, 0)) for profile, member in pairs if member]

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


class FakeSessionsUnitOfWork(FakeUnitOfWork, SessionsUnitOfWork):
    def __init__(self) -> None:
        super().__init__(source="sessions")
        self.staff = FakeStaffRepository()
        self.requests = FakeRequestRepository()
        self.supporters = FakeSupporterRepository(self.staff, self.requests)

    def serialise_allocations(self) -> None:
        """Nothing to do: no other transaction runs beside a test."""

    def deliver(self, event: Envelope) -> None:
        """Apply an event through sessions' handler and commit, as the consumer does."""
        HANDLERS[event.type](event, self)
        self.commit()
