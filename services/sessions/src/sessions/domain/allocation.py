"""Who may support whom, and how a request finds its supporter: plain functions over plain objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from psn_shared.staff_copy import StaffCopy
from sessions.domain.model import HOURS_PER_ALLOCATION, Mode, Scope, SupporterProfile, SupportRequest, Urgency

NEVER = datetime.min.replace(tzinfo=UTC)
NO_ELIGIBLE_SUPPORTER = "no eligible supporter is available for this request"
ALL_AT_CAPACITY = "every eligible supporter is at capacity this month"
MODE_NAMES = {Mode.VIDEO: "video", Mode.PHONE: "phone", Mode.IN_PERSON: "in-person"}


def nobody_offers(request: SupportRequest, *, at_location: bool = False) -> str:
    """The waiting reason when no allocatable supporter offers what was asked for."""
    reason = f"no supporter offers {MODE_NAMES[request.mode]} support"
    return f"{reason} at {(request.location or '').strip()}" if at_location else reason


def free_of_line_authority(supporter: StaffCopy, requester: StaffCopy) -> bool:
    """Never yourself, your own managers, or someone you manage: support must be safe to speak in."""
    if supporter.staff_id == requester.staff_id:
        return False
    if supporter.staff_id in (requester.line_manager_id, requester.senior_manager_id):
        return False
    return requester.staff_id not in (supporter.line_manager_id, supporter.senior_manager_id)


def in_scope(scope: Scope, supporter: StaffCopy, requester: StaffCopy) -> bool:
    """`within_team` needs a shared team; `outside_team` (for privacy) needs a different one."""
    if scope == Scope.ANY:
        return True
    same_team = supporter.team_id is not None and supporter.team_id == requester.team_id
    return same_team if scope == Scope.WITHIN_TEAM else not same_team


@dataclass(eq=False)
class Candidate:
    """An allocatable supporter with their load: open allocations made this month."""

    profile: SupporterProfile
    staff: StaffCopy
    load: int = 0

    @property
    def staff_id(self) -> str:
        return self.profile.staff_id

    @property
    def has_capacity(self) -> bool:
        return (self.load + 1) * HOURS_PER_ALLOCATION <= self.profile.monthly_capacity

    def offers(self, request: SupportRequest) -> bool:
        """Offers the requested mode (in person: at the request's location)."""
        return self.profile.offers(request.mode, request.location)

    def may_take(self, request: SupportRequest, requester: StaffCopy) -> bool:
        return (
            self.offers(request)
            and free_of_line_authority(self.staff, requester)
            and in_scope(request.scope, self.staff, requester)
        )

    def least_loaded_key(self) -> tuple[int, datetime, str]:
        # Ties go to whoever was allocated least recently, then to the staff id so the choice is stable.
        return self.load, self.profile.last_allocated_at or NEVER, self.staff_id


class Pool:
    """The supporters one transaction allocates from; it counts each allocation as it makes it."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates = [c for c in candidates if c.profile.allocatable and c.staff.active]

    @property
    def exhausted(self) -> bool:
        return not any(c.has_capacity for c in self.candidates)

    def allocate(self, request: SupportRequest, requester: StaffCopy, at: datetime) -> bool:
        """Give the request to the least loaded eligible supporter with capacity; False when none fits."""
        fitting = [c for c in self.candidates if c.has_capacity and c.may_take(request, requester)]
        if not fitting:
            return False
        chosen = min(fitting, key=Candidate.least_loaded_key)
        request.allocate(chosen.staff_id, at)
        chosen.load += 1
        chosen.profile.last_allocated_at = at
        return True

    def why_not(self, request: SupportRequest, requester: StaffCopy) -> str:
        """Which rule left the request waiting: capacity, then mode and location, then the rest."""
        if any(c.may_take(request, requester) for c in self.candidates):
            return ALL_AT_CAPACITY
        if self.candidates and not any(c.offers(request) for c in self.candidates):
            offering_mode = any(request.mode in c.profile.modes for c in self.candidates)
            return nobody_offers(request, at_location=offering_mode and request.mode == Mode.IN_PERSON
                                 and bool(request.location))
        return NO_ELIGIBLE_SUPPORTER


def allocate_or_wait(request: SupportRequest, requester: StaffCopy, pool: Pool, at: datetime) -> None:
    if not pool.allocate(request, requester, at):
        request.wait(pool.why_not(request, requester))


def serving_order(requests: Iterable[SupportRequest]) -> list[SupportRequest]:
    """Most urgent first, then oldest."""
    return sorted(requests, key=lambda r: (list(Urgency).index(r.urgency), r.created_at, r.id))


def drain_waiting(
    waiting: Iterable[SupportRequest], requesters: Mapping[str, StaffCopy], pool: Pool, at: datetime
) -> list[SupportRequest]:
    """Allocate what waits to the pool, in serving order; returns the requests now allocated."""
    allocated = []
    for request in serving_order(waiting):
        if pool.exhausted:
            break
        if pool.allocate(request, requesters[request.requester_id], at):
            allocated.append(request)
    return allocated


def reallocate(
    held: Iterable[SupportRequest], requesters: Mapping[str, StaffCopy], pool: Pool, at: datetime
) -> list[SupportRequest]:
    """A supporter has gone: each open request they held goes to someone else or back to waiting.

    The departed supporter is not in the pool (no longer allocatable), so nobody is handed back
    to them. Every request returned is either allocated or waiting: none is left orphaned.
    """
    moved = serving_order(held)
    for request in moved:
        allocate_or_wait(request, requesters[request.requester_id], pool, at)
    return moved
