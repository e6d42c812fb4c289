"""Supporter profiles and support requests: sessions' rules in plain Python.

The copy of identity's staff is psn_shared.staff_copy.StaffCopy, used as it is: sessions keeps
nothing of a person beyond what every service keeps.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum, StrEnum

from psn_shared.errors import Conflict, InvalidInput
from psn_shared.staff_copy import StaffCopy


class Mode(StrEnum):
    """How a supporter and a colleague meet; preferences keep them in this order."""

    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in_person"


class Scope(StrEnum):
    WITHIN_TEAM = "within_team"
    OUTSIDE_TEAM = "outside_team"
    ANY = "any"


class Urgency(StrEnum):
    """Most urgent first: the order waiting requests are served in."""

    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"


class RequestStatus(StrEnum):
    WAITING = "waiting"
    ALLOCATED = "allocated"
    CLOSED = "closed"


DEFAULT_MONTHLY_CAPACITY = 2  # hours, when a grant does not say
HOURS_PER_ALLOCATION = 1
MAX_PLACES = 50  # places a supporter can meet in person
PLACE_LENGTH = 100  # characters in a place's name, and in a request's location


def new_id() -> str:
    return str(uuid.uuid4())


def same_place(a: str, b: str) -> bool:
    """Places are short names typed by people: compared trimmed and without regard to case."""
    return a.strip().casefold() == b.strip().casefold()


def month_start(at: datetime) -> datetime:
    """Capacity is monthly: allocations count against the calendar month they were made in."""
    return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class Change(Enum):
    ACTIVATED = "activated"
    DEACTIVATED = "deactivated"


@dataclass(eq=False)
class SupporterProfile:
    """A peer supporter's standing in sessions.

    `active` follows the peer_supporter role; `allocatable` also needs the staff copy to be
    here and active, so a role granted before the person's record arrives waits for it.
    `role_changed_at` orders grants and revocations that arrive out of order; `hours_changed_at` the
    changes of hours identity makes on the grant afterwards (decision 83).
    `certified` follows training's certificate: a lapsed one stops new allocations, but the
    requests the supporter holds stay with them until handed over (see `withdrawn`).
    """

    staff_id: str
    monthly_capacity: int
    role_changed_at: datetime
    active: bool = True
    allocatable: bool = False
    last_allocated_at: datetime | None = None
    certified: bool = True
    certification_changed_at: datetime | None = None
    modes: list[Mode] = field(default_factory=lambda: list(Mode))
    places: list[str] = field(default_factory=list)
    paused: bool = False  # by the supporter (leave, rota): no new cases; the ones held stay
    paused_at: datetime | None = None
    cool_down_until: datetime | None = None  # after a case they marked heavy: no new cases until then
    last_supervised_at: datetime | None = None  # the start of the last supervision session they attended
    supervision_reminded_at: datetime | None = None
    hours_changed_at: datetime | None = None

    def supervised(self, at: datetime) -> None:
        """Attendance can be recorded late or out of order: the latest supervision counts."""
        if self.last_supervised_at is None or self.last_supervised_at < at:
            self.last_supervised_at = at

    def supervision_due(self, interval: timedelta) -> datetime:
        """When supervision falls due: an interval after the last one, or after becoming a supporter."""
        return (self.last_supervised_at or self.role_changed_at) + interval

    def supervision_overdue(self, at: datetime, interval: timedelta) -> bool:
        return self.active and self.supervision_due(interval) <= at

    def remind_supervision(self, at: datetime, interval: timedelta) -> bool:
        """Once per overdue spell: True when the supporter is to be reminded now."""
        if not self.supervision_overdue(at, interval):
            return False
        if self.supervision_reminded_at is not None and self.supervision_reminded_at >= self.supervision_due(interval):
            return False
        self.supervision_reminded_at = at
        return True

    def pause(self, at: datetime) -> None:
        if self.paused:
            raise Conflict("already paused")
        self.paused, self.paused_at = True, at

    def resume(self) -> None:
        if not self.paused:
            raise Conflict("not paused")
        self.paused, self.paused_at = False, None

    def cooling_down(self, at: datetime) -> bool:
        return self.cool_down_until is not None and at < self.cool_down_until

    def start_cool_down(self, at: datetime, period: timedelta) -> None:
        """A heavy case ends: a rest before the next, never shortening one already running."""
        until = at + period
        if self.cool_down_until is None or self.cool_down_until < until:
            self.cool_down_until = until

    @classmethod
    def granted(cls, staff_id: str, monthly_hours: int | None, at: datetime) -> SupporterProfile:
        return cls(staff_id=staff_id, monthly_capacity=_capacity(monthly_hours), role_changed_at=at)

    @classmethod
    def revoked(cls, staff_id: str, at: datetime) -> SupporterProfile:
        """A revocation that arrived before its grant: remembered so the late grant changes nothing."""
        return cls(staff_id=staff_id, monthly_capacity=DEFAULT_MONTHLY_CAPACITY, role_changed_at=at, active=False)

    def grant(self, monthly_hours: int | None, at: datetime) -> bool:
        if at < self.role_changed_at:
            return False
        self.active = True
        # A grant's hours are those when it was made: a change already applied since then is newer.
        if self.hours_changed_at is None or self.hours_changed_at < at:
            self.monthly_capacity = _capacity(monthly_hours)
        self.role_changed_at = at
        return True

    def change_hours(self, monthly_hours: int, at: datetime) -> bool:
        """Identity changed the hours on the grant: True when the capacity rose (the waiting list may move).

        A change older than the grant in force, or than one already applied, changes nothing: a grant
        (a suspension lifted) carries the hours as they stood when it was made.
        """
        if at < self.role_changed_at or (self.hours_changed_at is not None and at <= self.hours_changed_at):
            return False
        rose = monthly_hours > self.monthly_capacity
        self.monthly_capacity, self.hours_changed_at = monthly_hours, at
        return rose

    def revoke(self, at: datetime) -> bool:
        if at < self.role_changed_at:
            return False
        self.active = False
        self.role_changed_at = at
        return True

    def certify(self, certified: bool, at: datetime) -> bool:
        """Training's certificate lapsed (False) or was renewed (True); older news changes nothing."""
        if self.certification_changed_at is not None and at < self.certification_changed_at:
            return False
        self.certified, self.certification_changed_at = certified, at
        return True

    def set_preferences(self, modes: list[Mode], places: list[str]) -> None:
        """The modes the supporter offers and where they can meet in person (both replace what was held).

        Kept in the usual order, without repeats; places trimmed, repeats (ignoring case) dropped.
        """
        if not modes or set(modes) - set(Mode):
            raise InvalidInput(f"modes must be one or more of {', '.join(Mode)}", field="modes")
        kept: list[str] = []
        for place in (p.strip() for p in places):
            if not place or len(place) > PLACE_LENGTH:
                raise InvalidInput(f"each place is 1 to {PLACE_LENGTH} characters, not blank", field="places")
            if not any(same_place(place, other) for other in kept):
                kept.append(place)
        if len(kept) > MAX_PLACES:
            raise InvalidInput(f"at most {MAX_PLACES} places", field="places")
        self.modes = [mode for mode in Mode if mode in modes]
        self.places = kept

    def offers(self, mode: Mode, location: str | None) -> bool:
        """Offers the mode; in person, only at one of their places."""
        if mode not in self.modes:
            return False
        return mode != Mode.IN_PERSON or self.meets_at(location)

    def meets_at(self, location: str | None) -> bool:
        return location is not None and any(same_place(location, place) for place in self.places)

    def withdrawn(self, staff: StaffCopy | None) -> bool:
        """No longer a supporter at all (role gone, or left): their open requests must move on."""
        return not self.active or (staff is not None and not staff.active)

    def refresh(self, staff: StaffCopy | None) -> Change | None:
        """Recompute `allocatable`; says so only when it actually changes (so events go out once)."""
        allocatable = self.active and self.certified and staff is not None and staff.active
        if allocatable == self.allocatable:
            return None
        self.allocatable = allocatable
        return Change.ACTIVATED if allocatable else Change.DEACTIVATED


def _capacity(monthly_hours: int | None) -> int:
    return DEFAULT_MONTHLY_CAPACITY if monthly_hours is None else monthly_hours


@dataclass(eq=False)
class SupportRequest:
    """A member of staff asking for support. `details` is confidential: see `policy.may_see_request`."""

    requester_id: str
    mode: Mode
    scope: Scope
    urgency: Urgency
    details: str
    created_at: datetime
    location: str | None = None  # where to meet: needed in person, for matching a supporter's places
    status: RequestStatus = RequestStatus.WAITING
    supporter_id: str | None = None
    allocated_at: datetime | None = None
    waiting_reason: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    accepted_at: datetime | None = None
    excluded_supporters: list[str] = field(default_factory=list)  # never again for this request
    handed_back_reason: str | None = None  # the last supporter's, for the coordinator
    waiting_since: datetime | None = None
    waiting_alerted_at: datetime | None = None  # coordinators told it waits too long (once)
    id: str = field(default_factory=new_id)

    @property
    def is_open(self) -> bool:
        return self.status != RequestStatus.CLOSED

    def accept(self, at: datetime) -> None:
        if self.status != RequestStatus.ALLOCATED:
            raise Conflict("only an allocated request can be accepted")
        if self.accepted_at is not None:
            raise Conflict("already accepted")
        self.accepted_at = at

    def release(self, reason: str | None = None) -> str:
        """Take the request from its supporter, who may never have it again; returns who that was."""
        if self.status != RequestStatus.ALLOCATED or self.supporter_id is None:
            raise Conflict("this request has no supporter to move it from")
        previous = self.supporter_id
        self.exclude(previous)
        if reason is not None:
            self.handed_back_reason = reason
        return previous

    def exclude(self, supporter_id: str) -> None:
        if supporter_id not in self.excluded_supporters:
            # Assigned whole so the ORM sees the change to the JSON list.
            self.excluded_supporters = [*self.excluded_supporters, supporter_id]

    def excludes(self, supporter_id: str) -> bool:
        return supporter_id in self.excluded_supporters

    def allocate(self, supporter_id: str, at: datetime) -> None:
        self.status = RequestStatus.ALLOCATED
        self.supporter_id = supporter_id
        self.allocated_at = at
        self.accepted_at = None
        self.waiting_reason = None
        self.waiting_since = None
        self.waiting_alerted_at = None

    def wait(self, reason: str, at: datetime | None = None) -> None:
        """`at`: when it started waiting (kept while it goes on waiting, for the waiting-too-long alert)."""
        if self.status != RequestStatus.WAITING or self.waiting_since is None:
            self.waiting_since = at or self.created_at
            self.waiting_alerted_at = None
        self.status = RequestStatus.WAITING
        self.supporter_id = None
        self.allocated_at = None
        self.accepted_at = None
        self.waiting_reason = reason

    def waited_too_long(self, at: datetime, after: timedelta) -> bool:
        return (self.status == RequestStatus.WAITING and self.waiting_alerted_at is None
                and self.waiting_since is not None and at - self.waiting_since >= after)

    def close(self, by: str, at: datetime) -> None:
        if self.status == RequestStatus.CLOSED:
            raise Conflict("this support request is already closed")
        self.status = RequestStatus.CLOSED
        self.closed_at = at
        self.closed_by = by
        self.waiting_reason = None
        self.waiting_since = None


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A support request as it is shown, read to be looked at and never changed: the fields of its
    answer, which hold all the policy judges a reader by (its two parties and its status).

    A request's GET is the API's busiest read; this is a plain row's worth, where the ORM's entity
    would load and track every column of the aggregate.
    """

    id: str
    requester_id: str
    mode: Mode
    scope: Scope
    urgency: Urgency
    details: str
    location: str | None
    status: RequestStatus
    supporter_id: str | None
    waiting_reason: str | None
    created_at: datetime
    allocated_at: datetime | None
    closed_at: datetime | None
    accepted_at: datetime | None
    waiting_since: datetime | None
