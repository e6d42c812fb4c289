"""Training's rules in plain Python: staff copies, levels and competences, cohorts, nominations, certificates."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from psn_shared.errors import Conflict, Forbidden, InvalidInput

LEVELS = {
    1: "An Introduction to Psychological Wellbeing",
    2: "Peer Supporter",
    3: "Train the Trainer",
}
LEVEL_1_SOURCES = ("learnpro", "local_authority", "self_report")
COURSE_SOURCE = "cohort"
COURSE_LEVELS = (2, 3)
MAX_COHORT_CAPACITY = 200
MAX_MONTHLY_HOURS = 40
PEER_SUPPORTER, TRAINER = "peer_supporter", "trainer"

LINE_MANAGER, SENIOR_MANAGER = "line_manager", "senior_manager"

# Nomination statuses.
AWAITING_LINE_MANAGER = "awaiting_line_manager"
AWAITING_SENIOR_MANAGER = "awaiting_senior_manager"
APPROVED = "approved"  # both managers agreed; on the general list, with no cohort yet
WAITING_LIST = "waiting_list"
BOOKED = "booked"
COMPLETED = "completed"
REFUSED = "refused"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
AWAITING = frozenset({AWAITING_LINE_MANAGER, AWAITING_SENIOR_MANAGER})
OPEN_STATUSES = AWAITING | {APPROVED, WAITING_LIST, BOOKED}
# Whose endorsement a nomination waits for, in the order they are given.
AWAITED_CAPACITY = {AWAITING_LINE_MANAGER: LINE_MANAGER, AWAITING_SENIOR_MANAGER: SENIOR_MANAGER}

# Cohort statuses; "full" is shown for an open cohort with no free place.
PLANNED, OPEN, RUNNING, FINISHED, CANCELLED = "planned", "open", "running", "finished", "cancelled"
COHORT_TRANSITIONS = {
    PLANNED: {OPEN, CANCELLED},
    OPEN: {RUNNING, CANCELLED},
    RUNNING: {FINISHED},
    FINISHED: set(),
    CANCELLED: set(),
}
COHORT_STATES = (PLANNED, OPEN, "full", RUNNING, FINISHED, CANCELLED)

# Place statuses.
SEATED, WAITING = "booked", "waiting"

VALID, LAPSED = "valid", "lapsed"


def new_id() -> str:
    return str(uuid.uuid4())


# --- the local copy of identity's facts -------------------------------------------------------


@dataclass(eq=False)
class Team:
    id: str
    name: str
    service: str


@dataclass(eq=False)
class StaffMember:
    """Training's copy of a member of staff, kept from identity's events.

    `as_of` is when identity made the last change applied here: events can arrive out of order
    (a retried one overtaken by a later one), and older news than what we hold is ignored.
    `supporter_since` is when the current peer_supporter grant began (Level 3 needs a minimum period).
    """

    id: str
    name: str
    as_of: datetime
    employee_number: str | None = None
    team_id: str | None = None
    grade: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None
    status: str = "active"
    roles: list[str] = field(default_factory=list)
    supporter_since: datetime | None = None

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
        self.employee_number = snapshot.get("employee_number")
        self.team_id = snapshot["team_id"]
        self.grade = snapshot["grade"]
        self.line_manager_id = snapshot["line_manager_id"]
        self.senior_manager_id = snapshot["senior_manager_id"]
        self.status = snapshot["status"]
        self._set_roles(set(snapshot["roles"]), at)

    def mark_left(self, at: datetime) -> None:
        if self._newer(at):
            self.status = "left"

    def grant(self, role: str, at: datetime, granted_at: datetime) -> None:
        if self._newer(at):
            self._set_roles({*self.roles, role}, granted_at)

    def revoke(self, role: str, at: datetime) -> None:
        if self._newer(at):
            self._set_roles(set(self.roles) - {role}, at)

    def _set_roles(self, roles: set[str], since: datetime) -> None:
        if PEER_SUPPORTER not in roles:
            self.supporter_since = None
        elif self.supporter_since is None:
            self.supporter_since = since
        self.roles = sorted(roles)

    def _newer(self, at: datetime) -> bool:
        if at < self.as_of:
            return False
        self.as_of = at
        return True


# --- levels, competences, completions ---------------------------------------------------------


@dataclass(eq=False)
class Competence:
    """A named competence of a level; retired ones stay on record but are no longer required."""

    level: int
    code: str
    title: str
    description: str = ""
    position: int = 0
    retired: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise InvalidInput("levels are 1, 2 and 3", field="level")


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
    if completed_on > at.date():
        raise InvalidInput("a completion cannot be in the future", field="completed_on")
    return LevelCompletion(
        staff_id=member.id, level=1, completed_on=completed_on, source=source, recorded_by=recorded_by, recorded_at=at
    )


CLAIM_PENDING, CLAIM_VERIFIED, CLAIM_REJECTED = "pending", "verified", "rejected"


@dataclass(eq=False)
class Level1Claim:
    """A self-reported Level 1 with its evidence, until a coordinator verifies or rejects it."""

    staff_id: str
    completed_on: date
    evidence: str
    submitted_at: datetime
    status: str = CLAIM_PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    rejection_reason: str | None = None
    id: str = field(default_factory=new_id)

    def decide(self, *, verify: bool, by: str, reason: str | None, at: datetime) -> None:
        if self.status != CLAIM_PENDING:
            raise Conflict(f"this claim is already {self.status}")
        if by == self.staff_id:
            raise Forbidden("nobody verifies their own claim")
        if not verify and not (reason and reason.strip()):
            raise InvalidInput("a rejection says why", field="reason")
        self.status = CLAIM_VERIFIED if verify else CLAIM_REJECTED
        self.decided_by, self.decided_at = by, at
        self.rejection_reason = None if verify else reason


def claim_level_1(member: StaffMember, *, completed_on: date, evidence: str, level_1_done: bool,
                  pending: bool, at: datetime) -> Level1Claim:
    if level_1_done:
        raise Conflict("Level 1 is already recorded")
    if pending:
        raise Conflict("a claim is already waiting for verification")
    if completed_on > at.date():
        raise InvalidInput("a completion cannot be in the future", field="completed_on")
    return Level1Claim(staff_id=member.id, completed_on=completed_on, evidence=evidence, submitted_at=at)


# --- cohorts ----------------------------------------------------------------------------------


@dataclass(eq=False)
class CohortDay:
    on: date
    location: str | None = None
    virtual_link: str | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not (self.location or self.virtual_link):
            raise InvalidInput("each day is in a room (location) or virtual (virtual_link)", field="days")


@dataclass(eq=False)
class Attendance:
    on: date
    attended: bool
    recorded_by: str
    recorded_at: datetime
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class SignOff:
    competence_id: str
    signed_off_by: str
    signed_off_at: datetime
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Place:
    """A nominee's seat on a cohort, or their spot on its waiting list (first come, first served)."""

    staff_id: str
    nomination_id: str
    status: str
    placed_at: datetime
    attendance: list[Attendance] = field(default_factory=list)
    sign_offs: list[SignOff] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def days_attended(self) -> set[date]:
        return {a.on for a in self.attendance if a.attended}

    def signed_off(self) -> set[str]:
        return {s.competence_id for s in self.sign_offs}

    def record_attendance(self, on: date, attended: bool, by: str, at: datetime) -> None:
        existing = next((a for a in self.attendance if a.on == on), None)
        if existing is None:
            self.attendance.append(Attendance(on=on, attended=attended, recorded_by=by, recorded_at=at))
        else:
            existing.attended, existing.recorded_by, existing.recorded_at = attended, by, at

    def sign_off(self, competence_id: str, by: str, at: datetime) -> None:
        if competence_id not in self.signed_off():
            self.sign_offs.append(SignOff(competence_id=competence_id, signed_off_by=by, signed_off_at=at))


@dataclass(eq=False)
class Cohort:
    """One run of a course: its days, a capacity, its trainers, and who is booked or waiting."""

    name: str
    level: int
    capacity: int
    days: list[CohortDay]
    created_by: str
    status: str = OPEN
    trainer_ids: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.level not in COURSE_LEVELS:
            raise InvalidInput("cohorts teach Level 2 or Level 3", field="level")
        if not 1 <= self.capacity <= MAX_COHORT_CAPACITY:
            raise InvalidInput(f"capacity must be between 1 and {MAX_COHORT_CAPACITY}", field="capacity")
        if self.status not in (PLANNED, OPEN):
            raise InvalidInput("a new cohort is planned or open", field="state")
        dates = [d.on for d in self.days]
        if not dates:
            raise InvalidInput("a cohort needs at least one day", field="days")
        if len(set(dates)) != len(dates):
            raise InvalidInput("each course day must be on a different date", field="days")
        self.days.sort(key=lambda d: d.on)

    @property
    def dates(self) -> set[date]:
        return {d.on for d in self.days}

    @property
    def first_day(self) -> date:
        return min(self.dates)

    @property
    def booked_count(self) -> int:
        return sum(p.status == SEATED for p in self.places)

    @property
    def waiting_count(self) -> int:
        return sum(p.status == WAITING for p in self.places)

    @property
    def state(self) -> str:
        return "full" if self.status == OPEN and self.booked_count >= self.capacity else self.status

    def clashes_with(self, other: Cohort) -> bool:
        return other.id != self.id and bool(self.dates & other.dates)

    def move_to(self, status: str) -> list[Place]:
        """Change state; cancelling frees every place and returns them (their nominees go back to the list)."""
        if status not in COHORT_TRANSITIONS[self.status]:
            raise Conflict(f"a {self.status} cohort cannot become {status}", field="state")
        self.status = status
        if status != CANCELLED:
            return []
        freed, self.places = self.places, []
        return freed

    def assign_trainers(self, trainers: list[StaffMember], busy_elsewhere: list[Cohort]) -> None:
        if self.status in (FINISHED, CANCELLED):
            raise Conflict(f"the cohort is {self.status}")
        for trainer in trainers:
            if TRAINER not in trainer.roles or not trainer.active:
                raise InvalidInput(f"{trainer.name} does not hold the trainer role", field="trainer_ids")
            if any(self.clashes_with(other) for other in busy_elsewhere if trainer.id in other.trainer_ids):
                raise Conflict(f"{trainer.name} is already teaching on one of these days", field="trainer_ids")
            if self.place_of(trainer.id):
                raise Conflict(f"{trainer.name} is a participant on this cohort", field="trainer_ids")
        self.trainer_ids = sorted({t.id for t in trainers})

    def place(self, nomination: Nomination, at: datetime) -> Place:
        """Book the nominee if there is room, else put them at the back of the waiting list."""
        if self.status != OPEN:
            raise Conflict(f"the cohort is {self.status}; it takes no bookings", field="cohort_id")
        if nomination.level != self.level:
            raise Conflict(f"the nomination is for Level {nomination.level}", field="cohort_id")
        status = SEATED if self.booked_count < self.capacity else WAITING
        seat = Place(staff_id=nomination.nominee_id, nomination_id=nomination.id, status=status, placed_at=at)
        self.places.append(seat)
        return seat

    def place_of(self, staff_id: str) -> Place | None:
        return next((p for p in self.places if p.staff_id == staff_id), None)

    def booked_place(self, staff_id: str) -> Place | None:
        seat = self.place_of(staff_id)
        return seat if seat is not None and seat.status == SEATED else None

    def release(self, nomination_id: str) -> Place | None:
        """Give up a nomination's place or waiting spot; returns whoever moved up into a freed seat."""
        seat = next((p for p in self.places if p.nomination_id == nomination_id), None)
        if seat is None:
            return None
        self.places.remove(seat)
        if seat.status != SEATED or self.status != OPEN:
            return None
        waiting = sorted((p for p in self.places if p.status == WAITING), key=lambda p: p.placed_at)
        if not waiting:
            return None
        waiting[0].status = SEATED
        return waiting[0]

    def day(self, on: date) -> CohortDay:
        found = next((d for d in self.days if d.on == on), None)
        if found is None:
            raise InvalidInput("that is not one of this cohort's days", field="date")
        return found

    def check_delivering(self) -> None:
        """Attendance, sign-offs and completion happen on a cohort that is open, running or finished."""
        if self.status in (PLANNED, CANCELLED):
            raise Conflict(f"the cohort is {self.status}")

    def participant(self, staff_id: str) -> Place:
        seat = self.booked_place(staff_id)
        if seat is None:
            raise Conflict("this person is not booked on this cohort", field="staff_id")
        return seat


def check_no_clash(cohort: Cohort, other_bookings: list[Cohort], teaching: list[Cohort]) -> None:
    """Nobody is booked onto two cohorts whose days clash, nor onto one they teach on those days."""
    if any(cohort.clashes_with(other) for other in [*other_bookings, *teaching]):
        raise Conflict("this cohort's days clash with another booking", field="cohort_id")


# --- nominations ------------------------------------------------------------------------------


@dataclass(eq=False)
class Approval:
    """One manager's support for a nomination (or their delegate's), with the monthly hours they confirm."""

    approver_id: str
    capacity: str
    monthly_hours: int
    approved_at: datetime
    on_behalf_of: str | None = None
    id: str = field(default_factory=new_id)

    def to_event(self) -> dict[str, Any]:
        return {
            "approver_id": self.approver_id,
            "capacity": self.capacity,
            "monthly_hours": self.monthly_hours,
            "approved_at": self.approved_at,
        }


@dataclass(eq=False)
class Delegation:
    """The local copy of identity's delegation: a temporary manager who decides for a manager
    between two dates (inclusive) unless identity ended it early. Identity checked it when granting."""

    id: str
    manager_id: str
    delegate_id: str
    starts_on: date
    ends_on: date
    granted_by: str | None = None
    ended_at: datetime | None = None

    def covers(self, on: date) -> bool:
        return self.ended_at is None and self.starts_on <= on <= self.ends_on

    def end(self, at: datetime) -> None:
        """Identity ended it; a redelivered event keeps the first time."""
        if self.ended_at is None:
            self.ended_at = at


@dataclass(eq=False)
class Nomination:
    """A request that someone takes a course: the line manager, then the senior manager, decide.

    `awaiting_since` is when the current step began: reminders and expiry count from it.
    """

    nominee_id: str
    level: int
    nominated_by: str
    nominated_at: datetime
    cohort_id: str | None = None
    status: str = AWAITING_LINE_MANAGER
    awaiting_since: datetime | None = None
    reminders_sent: int = 0
    refused_by: str | None = None
    refused_at: datetime | None = None
    refusal_reason: str | None = None
    closed_at: datetime | None = None
    approvals: list[Approval] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.awaiting_since = self.awaiting_since or self.nominated_at

    @property
    def agreed_monthly_hours(self) -> int | None:
        """The senior manager decides last, so their figure is the one agreed."""
        return next((a.monthly_hours for a in self.approvals if a.capacity == SENIOR_MANAGER), None)

    @property
    def awaited_capacity(self) -> str | None:
        return AWAITED_CAPACITY.get(self.status)

    def approve(self, nominee: StaffMember, *, approver_id: str, acting_for: set[str], monthly_hours: int | None,
                at: datetime) -> Approval:
        """Each manager (or their delegate) confirms the monthly hours they allow.

        `acting_for` holds the managers the approver may decide for today: themselves and whoever
        delegated to them. After the senior manager the nomination is `approved`; booking follows.
        """
        capacity, manager_id = self._step_for(nominee, approver_id, acting_for)
        if monthly_hours is None or not 1 <= monthly_hours <= MAX_MONTHLY_HOURS:
            raise InvalidInput(f"monthly hours must be between 1 and {MAX_MONTHLY_HOURS}", field="monthly_hours")
        approval = Approval(
            approver_id=approver_id, capacity=capacity, monthly_hours=monthly_hours, approved_at=at,
            on_behalf_of=manager_id if manager_id != approver_id else None,
        )
        self.approvals.append(approval)
        self.status = AWAITING_SENIOR_MANAGER if capacity == LINE_MANAGER else APPROVED
        self.awaiting_since, self.reminders_sent = at, 0
        return approval

    def refuse(self, nominee: StaffMember, *, approver_id: str, acting_for: set[str], reason: str | None,
               at: datetime) -> None:
        self._step_for(nominee, approver_id, acting_for)
        if not (reason and reason.strip()):
            raise InvalidInput("say why the nomination is refused", field="reason")
        self.status = REFUSED
        self.refused_by, self.refused_at, self.refusal_reason, self.closed_at = approver_id, at, reason, at

    def booked(self, cohort: Cohort, seat: Place) -> None:
        self.cohort_id = cohort.id
        self.status = BOOKED if seat.status == SEATED else WAITING_LIST

    def back_to_general_list(self) -> None:
        """Its cohort was cancelled: still approved, waiting for another date."""
        self.cohort_id = None
        self.status = APPROVED

    def withdraw(self, at: datetime) -> None:
        if self.status not in OPEN_STATUSES:
            raise Conflict(f"the nomination is already {self.status.replace('_', ' ')}")
        self.status, self.closed_at = WITHDRAWN, at

    def expire(self, at: datetime) -> None:
        self.status, self.closed_at = EXPIRED, at

    def _step_for(self, nominee: StaffMember, approver_id: str, acting_for: set[str]) -> tuple[str, str]:
        """The endorsement this person gives now, and for which manager: 403 if not theirs, 409 if done."""
        if approver_id == self.nominee_id:
            raise Forbidden("nobody decides on their own nomination")
        awaited = self.awaited_capacity
        manager_id = nominee.manager(awaited) if awaited else None
        if manager_id is not None and manager_id in acting_for:
            if manager_id == self.nominee_id:
                raise Forbidden("nobody decides on their own nomination")
            if any(a.approver_id == approver_id for a in self.approvals):
                raise Conflict("the same person cannot give both endorsements")
            return awaited, manager_id
        is_manager = not acting_for.isdisjoint({nominee.line_manager_id, nominee.senior_manager_id} - {None})
        if is_manager and (awaited is None or any(a.approver_id == approver_id for a in self.approvals)):
            raise Conflict(f"the nomination is {self.status.replace('_', ' ')}; there is no decision for you to make")
        raise Forbidden("only the nominee's line manager, and then their senior manager, decide on a nomination")


def nominate(
    nominee: StaffMember,
    *,
    level: int,
    cohort: Cohort | None,
    nominated_by: str,
    completed_levels: set[int],
    has_open_nomination: bool,
    level_3_refusal: str | None,
    at: datetime,
) -> Nomination:
    """Anyone may nominate a colleague (or themselves); the nominee must be ready for the level.

    `level_3_refusal` is why the nominee is not yet eligible for Level 3 (None when they are).
    """
    if cohort is not None and cohort.level != level:
        raise InvalidInput(f"that cohort teaches Level {cohort.level}", field="cohort_id")
    if cohort is not None and cohort.status in (FINISHED, CANCELLED, RUNNING):
        raise Conflict(f"the cohort is {cohort.status}", field="cohort_id")
    if not nominee.active:
        raise Conflict(f"{nominee.name} has left", field="nominee_id")
    if level in completed_levels:
        raise Conflict(f"Level {level} is already complete", field="nominee_id")
    if level - 1 not in completed_levels:
        raise Conflict(f"Level {level - 1} not complete", field="nominee_id")
    if level == 3 and level_3_refusal:
        raise Conflict(f"not yet eligible for Level 3: {level_3_refusal}", field="nominee_id")
    if not (nominee.line_manager_id and nominee.senior_manager_id):
        raise Conflict("a nomination needs a line manager and a senior manager on record", field="nominee_id")
    if has_open_nomination:
        raise Conflict(f"there is already an open Level {level} nomination", field="nominee_id")
    return Nomination(
        nominee_id=nominee.id, level=level, cohort_id=cohort.id if cohort else None, nominated_by=nominated_by,
        nominated_at=at,
    )


# --- completion and certificates --------------------------------------------------------------


def missing_for_completion(cohort: Cohort, seat: Place, competences: list[Competence]) -> list[str]:
    """What still stands between this participant and completion, in words (empty: nothing)."""
    missing = [f"attendance on {day.isoformat()}" for day in sorted(cohort.dates - seat.days_attended())]
    signed = seat.signed_off()
    missing += [f"competence {c.code} ({c.title})" for c in competences if not c.retired and c.id not in signed]
    return missing


def complete_course(
    cohort: Cohort,
    seat: Place,
    nomination: Nomination,
    competences: list[Competence],
    *,
    already_complete: bool,
    recorded_by: str,
    at: datetime,
) -> LevelCompletion:
    """Completion needs every course day attended and every competence of the level signed off."""
    cohort.check_delivering()
    if already_complete:
        raise Conflict(f"Level {cohort.level} is already recorded as complete", field="staff_id")
    if nomination.status != BOOKED or seat.nomination_id != nomination.id:
        raise Conflict("this person is not booked on this cohort with an approved nomination", field="staff_id")
    missing = missing_for_completion(cohort, seat, competences)
    if missing:
        raise Conflict(f"not yet complete: missing {'; '.join(missing)}", field="staff_id")
    nomination.status, nomination.closed_at = COMPLETED, at
    return LevelCompletion(
        staff_id=seat.staff_id, level=cohort.level, completed_on=at.date(), source=COURSE_SOURCE,
        recorded_by=recorded_by, recorded_at=at, cohort_id=cohort.id, nomination_id=nomination.id,
    )


def verification_code() -> str:
    """Twelve characters people can read aloud: no 0/O or 1/I to confuse."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@dataclass(eq=False)
class Certificate:
    """Proof of a completed course, valid for a period; before it ends a refresher is due."""

    staff_id: str
    level: int
    completion_id: str
    issued_on: date
    expires_on: date
    verification_code: str = field(default_factory=verification_code)
    status: str = VALID
    reminders_sent: int = 0
    renewed_on: date | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def issue(cls, completion: LevelCompletion, validity: timedelta) -> Certificate:
        return cls(
            staff_id=completion.staff_id, level=completion.level, completion_id=completion.id,
            issued_on=completion.completed_on, expires_on=completion.completed_on + validity,
        )

    def refresher_reminder_due(self, today: date, reminder_days: tuple[int, ...]) -> bool:
        """Reminders go at each of `reminder_days` before expiry (largest first), one at a time."""
        if self.status != VALID or self.reminders_sent >= len(reminder_days):
            return False
        return (self.expires_on - today).days <= sorted(reminder_days, reverse=True)[self.reminders_sent]

    def lapse_due(self, today: date) -> bool:
        return self.status == VALID and today >= self.expires_on

    def lapse(self) -> None:
        self.status = LAPSED

    def renew(self, refreshed_on: date, validity: timedelta, today: date) -> bool:
        """A refresher taken: valid again from that day. Returns whether it had lapsed."""
        if refreshed_on > today:
            raise InvalidInput("a refresher cannot be in the future", field="completed_on")
        if refreshed_on + validity <= today:
            raise InvalidInput("that refresher is itself out of date", field="completed_on")
        was_lapsed = self.status == LAPSED
        self.status, self.renewed_on, self.reminders_sent = VALID, refreshed_on, 0
        self.expires_on = refreshed_on + validity
        return was_lapsed

    def correct_expiry(self, expires_on: date) -> None:
        if self.status != VALID:
            raise Conflict("the certificate has lapsed; renew it with a refresher instead")
        if expires_on < self.issued_on:
            raise InvalidInput("a certificate cannot expire before it was issued", field="expires_on")
        self.expires_on, self.reminders_sent = expires_on, 0
