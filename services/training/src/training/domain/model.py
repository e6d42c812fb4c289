"""Training's rules in plain Python: the local staff copy, level completions, cohorts, nominations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from psn_shared.errors import Conflict, Forbidden, InvalidInput

LEVEL_1_SOURCES = ("learnpro", "local_authority", "self_report")
COURSE_SOURCE = "cohort"
COURSE_LEVELS = (2, 3)
MAX_COHORT_CAPACITY = 200
MAX_MONTHLY_HOURS = 40

LINE_MANAGER, SENIOR_MANAGER = "line_manager", "senior_manager"

AWAITING_LINE_MANAGER = "awaiting_line_manager"
AWAITING_SENIOR_MANAGER = "awaiting_senior_manager"
APPROVED = "approved"
WAITING_LIST = "waiting_list"
REFUSED = "refused"
COMPLETED = "completed"
OPEN_STATUSES = frozenset({AWAITING_LINE_MANAGER, AWAITING_SENIOR_MANAGER, APPROVED, WAITING_LIST})
# Whose endorsement a nomination waits for, in the order they are given.
AWAITED_CAPACITY = {AWAITING_LINE_MANAGER: LINE_MANAGER, AWAITING_SENIOR_MANAGER: SENIOR_MANAGER}

BOOKED, WAITING = "booked", "waiting"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False)
class StaffMember:
    """Training's copy of a member of staff, kept from identity's events.

    `as_of` is when identity made the last change applied here: events can arrive out of order
    (a retried one overtaken by a later one), and older news than what we hold is ignored.
    """

    id: str
    name: str
    as_of: datetime
    team_id: str | None = None
    grade: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None
    status: str = "active"
    roles: list[str] = field(default_factory=list)

    @classmethod
    def from_snapshot(cls, snapshot: dict[str, Any], at: datetime) -> StaffMember:
        member = cls(id=snapshot["staff_id"], name=snapshot["name"], as_of=at)
        member.apply_snapshot(snapshot, at)
        return member

    @property
    def active(self) -> bool:
        return self.status == "active"

    def manager(self, capacity: str) -> str | None:
        return self.line_manager_id if capacity == LINE_MANAGER else self.senior_manager_id

    def apply_snapshot(self, snapshot: dict[str, Any], at: datetime) -> None:
        if not self._newer(at):
            return
        self.name = snapshot["name"]
        self.team_id = snapshot["team_id"]
        self.grade = snapshot["grade"]
        self.line_manager_id = snapshot["line_manager_id"]
        self.senior_manager_id = snapshot["senior_manager_id"]
        self.status = snapshot["status"]
        self.roles = sorted(set(snapshot["roles"]))

    def mark_left(self, at: datetime) -> None:
        if self._newer(at):
            self.status = "left"

    def grant(self, role: str, at: datetime) -> None:
        if self._newer(at):
            self.roles = sorted({*self.roles, role})

    def revoke(self, role: str, at: datetime) -> None:
        if self._newer(at):
            self.roles = sorted(set(self.roles) - {role})

    def _newer(self, at: datetime) -> bool:
        if at < self.as_of:
            return False
        self.as_of = at
        return True


@dataclass(eq=False)
class LevelCompletion:
    """A level done: Level 1 from a learning platform or a self-report, Levels 2 and 3 from a cohort."""

    staff_id: str
    level: int
    completed_on: date
    source: str
    recorded_by: str
    recorded_at: datetime
    cohort_id: str | None = None
    nomination_id: str | None = None
    id: str = field(default_factory=new_id)


def record_level_1(
    member: StaffMember, *, completed_on: date, source: str, recorded_by: str, at: datetime
) -> LevelCompletion:
    if source not in LEVEL_1_SOURCES:
        raise InvalidInput(f"source must be one of {', '.join(LEVEL_1_SOURCES)}", field="source")
    return LevelCompletion(
        staff_id=member.id, level=1, completed_on=completed_on, source=source, recorded_by=recorded_by, recorded_at=at
    )


@dataclass(eq=False)
class CohortDay:
    on: date
    location: str | None = None
    virtual_link: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Place:
    """A nominee's seat on a cohort, or their spot on its waiting list (first come, first served)."""

    staff_id: str
    nomination_id: str
    status: str
    placed_at: datetime
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Cohort:
    """One run of a course: its days, a capacity, and who is booked or waiting."""

    name: str
    level: int
    capacity: int
    days: list[CohortDay]
    created_by: str
    places: list[Place] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.level not in COURSE_LEVELS:
            raise InvalidInput("cohorts teach Level 2 or Level 3", field="level")
        if not 1 <= self.capacity <= MAX_COHORT_CAPACITY:
            raise InvalidInput(f"capacity must be between 1 and {MAX_COHORT_CAPACITY}", field="capacity")
        dates = [d.on for d in self.days]
        if not dates:
            raise InvalidInput("a cohort needs at least one day", field="days")
        if len(set(dates)) != len(dates):
            raise InvalidInput("each course day must be on a different date", field="days")
        self.days.sort(key=lambda d: d.on)

    @property
    def booked_count(self) -> int:
        return sum(p.status == BOOKED for p in self.places)

    @property
    def waiting_count(self) -> int:
        return sum(p.status == WAITING for p in self.places)

    @property
    def state(self) -> str:
        return "full" if self.booked_count >= self.capacity else "open"

    def place(self, nomination: Nomination, at: datetime) -> Place:
        """Book the nominee if there is room, else put them at the back of the waiting list."""
        status = BOOKED if self.booked_count < self.capacity else WAITING
        seat = Place(staff_id=nomination.nominee_id, nomination_id=nomination.id, status=status, placed_at=at)
        self.places.append(seat)
        return seat

    def booked_place(self, staff_id: str) -> Place | None:
        return next((p for p in self.places if p.staff_id == staff_id and p.status == BOOKED), None)


@dataclass(eq=False)
class Approval:
    """One manager's support for a nomination, with the monthly hours they confirm."""

    approver_id: str
    capacity: str
    monthly_hours: int
    approved_at: datetime
    id: str = field(default_factory=new_id)

    def to_event(self) -> dict[str, Any]:
        return {
            "approver_id": self.approver_id,
            "capacity": self.capacity,
            "monthly_hours": self.monthly_hours,
            "approved_at": self.approved_at,
        }


@dataclass(eq=False)
class Nomination:
    """A request that someone attends a cohort: the line manager, then the senior manager, decide."""

    nominee_id: str
    cohort_id: str
    level: int
    nominated_by: str
    nominated_at: datetime
    status: str = AWAITING_LINE_MANAGER
    refused_by: str | None = None
    refused_at: datetime | None = None
    refusal_reason: str | None = None
    approvals: list[Approval] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @property
    def agreed_monthly_hours(self) -> int | None:
        """The senior manager decides last, so their figure is the one agreed."""
        return next((a.monthly_hours for a in self.approvals if a.capacity == SENIOR_MANAGER), None)

    def approve(
        self, nominee: StaffMember, cohort: Cohort, *, approver_id: str, monthly_hours: int | None, at: datetime
    ) -> Approval:
        """Each manager confirms the monthly hours they allow; the senior manager's approval books a place."""
        capacity = self._capacity_of(nominee, approver_id)
        if monthly_hours is None or not 1 <= monthly_hours <= MAX_MONTHLY_HOURS:
            raise InvalidInput(f"monthly hours must be between 1 and {MAX_MONTHLY_HOURS}", field="monthly_hours")
        approval = Approval(approver_id=approver_id, capacity=capacity, monthly_hours=monthly_hours, approved_at=at)
        self.approvals.append(approval)
        if capacity == LINE_MANAGER:
            self.status = AWAITING_SENIOR_MANAGER
        else:
            seat = cohort.place(self, at)
            self.status = APPROVED if seat.status == BOOKED else WAITING_LIST
        return approval

    def refuse(self, nominee: StaffMember, *, approver_id: str, reason: str | None, at: datetime) -> None:
        self._capacity_of(nominee, approver_id)
        if not (reason and reason.strip()):
            raise InvalidInput("say why the nomination is refused", field="reason")
        self.status = REFUSED
        self.refused_by, self.refused_at, self.refusal_reason = approver_id, at, reason

    def _capacity_of(self, nominee: StaffMember, approver_id: str) -> str:
        """The endorsement this person gives now: 403 if it is not theirs to give, 409 if theirs is done."""
        if approver_id == self.nominee_id:
            raise Forbidden("nobody decides on their own nomination")
        awaited = AWAITED_CAPACITY.get(self.status)
        if awaited and nominee.manager(awaited) == approver_id:
            return awaited
        is_manager = approver_id in (nominee.line_manager_id, nominee.senior_manager_id)
        already_decided = awaited is None or any(a.approver_id == approver_id for a in self.approvals)
        if is_manager and already_decided:
            raise Conflict(f"the nomination is {self.status.replace('_', ' ')}; there is no decision for you to make")
        raise Forbidden("only the nominee's line manager, and then their senior manager, decide on a nomination")


def nominate(
    nominee: StaffMember,
    cohort: Cohort,
    *,
    nominated_by: str,
    completed_levels: set[int],
    has_open_nomination: bool,
    at: datetime,
) -> Nomination:
    """Anyone may nominate a colleague (or themselves); the nominee must be ready for the level."""
    if not nominee.active:
        raise Conflict(f"{nominee.name} has left", field="nominee_id")
    if cohort.level in completed_levels:
        raise Conflict(f"Level {cohort.level} is already complete", field="nominee_id")
    if cohort.level - 1 not in completed_levels:
        raise Conflict(f"Level {cohort.level - 1} not complete", field="nominee_id")
    if not (nominee.line_manager_id and nominee.senior_manager_id):
        raise Conflict("a nomination needs a line manager and a senior manager on record", field="nominee_id")
    if has_open_nomination:
        raise Conflict(f"there is already an open Level {cohort.level} nomination", field="nominee_id")
    return Nomination(
        nominee_id=nominee.id, cohort_id=cohort.id, level=cohort.level, nominated_by=nominated_by, nominated_at=at
    )


def complete_course(
    cohort: Cohort,
    staff_id: str,
    nomination: Nomination | None,
    *,
    already_complete: bool,
    recorded_by: str,
    at: datetime,
) -> LevelCompletion:
    """Completion needs a booked place on this cohort, held through an approved nomination."""
    if already_complete:
        raise Conflict(f"Level {cohort.level} is already recorded as complete", field="staff_id")
    seat = cohort.booked_place(staff_id)
    if nomination is None or seat is None or seat.nomination_id != nomination.id or nomination.status != APPROVED:
        raise Conflict("this person is not booked on this cohort with an approved nomination", field="staff_id")
    nomination.status = COMPLETED
    return LevelCompletion(
        staff_id=staff_id,
        level=cohort.level,
        completed_on=at.date(),
        source=COURSE_SOURCE,
        recorded_by=recorded_by,
        recorded_at=at,
        cohort_id=cohort.id,
        nomination_id=nomination.id,
    )
