"""Who may support whom, and how a request finds its supporter: plain functions over plain objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from psn_shared.staff_copy import StaffCopy
from sessions.domain.caps import MONTH_HOURS, CapLimits, CapRule, blocking, capped_reason
from sessions.domain.model import Mode, Scope, SupporterProfile, SupportRequest, Urgency
from sessions.domain.staff import StandIns, managers_of

NEVER = datetime.min.replace(tzinfo=UTC)
NO_ELIGIBLE_SUPPORTER = "no eligible supporter is available for this request"
NOBODY_TAKING = "no supporter is taking colleagues at the moment"
ALL_AT_CAPACITY = "every eligible supporter is at capacity this month"
MODE_NAMES = {Mode.VIDEO: "video", Mode.PHONE: "phone", Mode.IN_PERSON: "in-person"}
SCOPE_SIDES = {Scope.WITHIN_TEAM: "in the requester's team", Scope.OUTSIDE_TEAM: "outside the requester's team"}


def nobody_offers(request: SupportRequest, *, at_location: bool = False) -> str:
    """The waiting reason when no allocatable supporter offers what was asked for."""
    reason = f"no supporter offers {MODE_NAMES[request.mode]} support"
    return f"{reason} at {(request.location or '').strip()}" if at_location else reason


def nobody_in_scope(request: SupportRequest) -> str:
    """The waiting reason when those offering the mode are all on the other side of the requester's team."""
    return f"no supporter {SCOPE_SIDES[Scope(request.scope)]} offers {MODE_NAMES[request.mode]} support"


def free_of_line_authority(supporter: StaffCopy, requester: StaffCopy, standing_in: StandIns | None = None) -> bool:
    """Never yourself, your own managers, or someone you manage: support must be safe to speak in.

    A temporary manager (a delegation in force, `standing_in`) has the authority of the manager
    they stand in for.
    """
    standing_in = standing_in or {}
    if supporter.staff_id == requester.staff_id:
        return False
    if supporter.staff_id in managers_of(requester, standing_in):
        return False
    return requester.staff_id not in managers_of(supporter, standing_in)


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
    load: int = 0  # open allocations made this month: the monthly-hours count
    counts: dict[str, int] = field(default_factory=dict)  # the caps' other counts, by name (domain.caps)

    @property
    def staff_id(self) -> str:
        return self.profile.staff_id

    def count(self, name: str) -> int:
        return self.load if name == MONTH_HOURS else self.counts.get(name, 0)

    def took_one(self) -> None:
        self.load += 1
        self.counts = {name: n + 1 for name, n in self.counts.items()}

    def offers(self, request: SupportRequest) -> bool:
        """Offers the requested mode (in person: at the request's location)."""
        return self.profile.offers(request.mode, request.location)

    def may_take(self, request: SupportRequest, requester: StaffCopy, standing_in: StandIns | None = None) -> bool:
        """Every rule but the caps: what it offers, line authority, scope, and who the request excludes."""
        return (
            self.offers(request)
            and not request.excludes(self.staff_id)
            and free_of_line_authority(self.staff, requester, standing_in)
            and in_scope(request.scope, self.staff, requester)
        )

    def least_loaded_key(self) -> tuple[int, datetime, str]:
        # Ties go to whoever was allocated least recently, then to the staff id so the choice is stable.
        return self.load, self.profile.last_allocated_at or NEVER, self.staff_id


@dataclass(frozen=True)
class Wanted:
    """What one request asks of a supporter, as the candidate query filters it."""

    request: SupportRequest
    requester: StaffCopy
    standing_in: StandIns

    def not_these(self) -> set[str]:
        """The requester, whoever has authority over them, and anyone the request excludes."""
        return {self.requester.staff_id, *managers_of(self.requester, self.standing_in),
                *self.request.excluded_supporters}

    def not_managed_by(self) -> set[str]:
        """Supporters whose line or senior manager is one of these have the requester over them."""
        requester = self.requester.staff_id
        return {requester, *(m for m, delegates in self.standing_in.items() if requester in delegates)}


class Pool:
    """The supporters one transaction allocates from; it counts each allocation as it makes it.

    `limits` are the network's caps, `standing_in` the delegations in force (line authority).
    """

    def __init__(self, candidates: Iterable[Candidate], limits: CapLimits | None = None,
                 standing_in: StandIns | None = None) -> None:
        self.candidates = [c for c in candidates if c.profile.allocatable and c.staff.active]
        self.limits = limits or CapLimits()
        self.standing_in = standing_in or {}

    def exhausted(self, at: datetime) -> bool:
        return all(self.stopped_by(c, at) for c in self.candidates)

    def stopped_by(self, candidate: Candidate, at: datetime) -> list[CapRule]:
        return blocking(candidate, self.limits, at)

    def may_take(self, candidate: Candidate, request: SupportRequest, requester: StaffCopy) -> bool:
        return candidate.may_take(request, requester, self.standing_in)

    def fitting(self, request: SupportRequest, requester: StaffCopy, at: datetime) -> list[Candidate]:
        return [c for c in self.candidates if self.may_take(c, request, requester) and not self.stopped_by(c, at)]

    def allocate(self, request: SupportRequest, requester: StaffCopy, at: datetime) -> bool:
        """Give the request to the least loaded eligible supporter within every cap; False when none fits."""
        fitting = self.fitting(request, requester, at)
        if not fitting:
            return False
        self.give(min(fitting, key=Candidate.least_loaded_key), request, at)
        return True

    def give(self, chosen: Candidate, request: SupportRequest, at: datetime) -> None:
        request.allocate(chosen.staff_id, at)
        chosen.took_one()
        chosen.profile.last_allocated_at = at

    def why_not(self, request: SupportRequest, requester: StaffCopy, at: datetime | None = None) -> str:
        """Which rule left the request waiting: the caps (named), then mode and location, then scope, then the rest."""
        at = at or datetime.now(UTC)
        eligible = [c for c in self.candidates if self.may_take(c, request, requester)]
        if eligible:
            return capped_reason([rule for c in eligible for rule in self.stopped_by(c, at)])
        offering = [c for c in self.candidates if request.mode in c.profile.modes]
        return unmatched_reason(request, Offered(
            allocatable=bool(self.candidates), mode=bool(offering), here=any(c.offers(request) for c in offering),
            in_scope=any(in_scope(request.scope, c.staff, requester) for c in offering),
        ))


@dataclass(frozen=True)
class Offered:
    """What the allocatable supporters offer against one request, for saying why nobody may take it."""

    allocatable: bool  # anyone is taking colleagues
    mode: bool  # anyone offers the request's mode
    here: bool  # anyone offers it where asked (in person: meets at the place)
    in_scope: bool  # anyone offering the mode is on the side of the requester's team the request asks for


def unmatched_reason(request: SupportRequest, offered: Offered) -> str:
    """Nobody eligible at all: nobody taking colleagues, nobody offering the mode (or meeting at the place),
    nobody offering it inside (or outside) the requester's team, or, past all those, the other rules."""
    if not offered.allocatable:
        return NOBODY_TAKING
    if not offered.here:
        return nobody_offers(request, at_location=offered.mode and request.mode == Mode.IN_PERSON
                             and bool(request.location))
    if not offered.in_scope:
        return nobody_in_scope(request)
    return NO_ELIGIBLE_SUPPORTER


def allocate_or_wait(request: SupportRequest, requester: StaffCopy, pool: Pool, at: datetime) -> None:
    if not pool.allocate(request, requester, at):
        request.wait(pool.why_not(request, requester, at), at)


def serving_order(requests: Iterable[SupportRequest]) -> list[SupportRequest]:
    """Most urgent first, then oldest."""
    return sorted(requests, key=lambda r: (list(Urgency).index(r.urgency), r.created_at, r.id))


def drain_waiting(
    waiting: Iterable[SupportRequest], requesters: Mapping[str, StaffCopy], pool: Pool, at: datetime
) -> list[SupportRequest]:
    """Allocate what waits to the pool, in serving order; returns the requests now allocated."""
    allocated = []
    for request in serving_order(waiting):
        if pool.exhausted(at):
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


def refusal(candidate: Candidate | None, request: SupportRequest, requester: StaffCopy, pool: Pool,
            at: datetime) -> str | None:
    """Why a coordinator may not hand the request to this supporter (the rule, named), or None when they may."""
    if candidate is None or not candidate.profile.allocatable or not candidate.staff.active:
        return "not an allocatable supporter"
    if candidate.staff_id == request.supporter_id:
        return "already this request's supporter"
    if request.excludes(candidate.staff_id):
        return "excluded: this supporter has already been moved off this request"
    if not free_of_line_authority(candidate.staff, requester, pool.standing_in):
        return "line authority: this supporter manages the requester, or is managed by them"
    if not in_scope(request.scope, candidate.staff, requester):
        return f"scope: the request asks for support {request.scope.replace('_', ' ')}"
    if not candidate.offers(request):
        # Offering the mode and not the place is a different refusal: they may add the place.
        unmet = nobody_offers(request, at_location=request.mode in candidate.profile.modes)
        return unmet.replace("no supporter offers", "this supporter does not offer")
    stopped = pool.stopped_by(candidate, at)
    if stopped:
        return f"{stopped[0].name}: this supporter is {stopped[0].reason}"
    return None
