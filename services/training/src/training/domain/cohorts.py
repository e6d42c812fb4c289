"""Cohorts: runs of a Level 2 or 3 course, with their days, trainers, and who is booked or waiting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from psn_shared.errors import Conflict, InvalidInput
from psn_shared.roles import Role
from training.domain.ids import new_id
from training.domain.levels import COURSE_LEVELS
from training.domain.staff import StaffCopy

MAX_COHORT_CAPACITY = 200
# Course days are given in the board's wall-clock time; events carry them in UTC.
COURSE_TIME_ZONE = ZoneInfo("Europe/London")
DEFAULT_DAY_STARTS, DEFAULT_DAY_ENDS = time(9, 30), time(16, 30)


class CohortStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


# Shown, never stored: an open cohort with no free place.
FULL = "full"

COHORT_TRANSITIONS = {
    CohortStatus.PLANNED: {CohortStatus.OPEN, CohortStatus.CANCELLED},
    CohortStatus.OPEN: {CohortStatus.RUNNING, CohortStatus.CANCELLED},
    CohortStatus.RUNNING: {CohortStatus.FINISHED},
    CohortStatus.FINISHED: set(),
    CohortStatus.CANCELLED: set(),
}


class CohortKind(StrEnum):
    """A course teaches a level; a refresher renews the certificate of those who hold it."""

    COURSE = "course"
    REFRESHER = "refresher"


class PlaceStatus(StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"


class PlaceRequest(Protocol):
    """What a cohort needs to know of a nomination to place its nominee.

    A protocol rather than the Nomination class, so that cohorts need not import nominations
    (which import cohorts).
    """

    id: str
    nominee_id: str
    level: int
    kind: CohortKind


@dataclass(eq=False)
class CohortDay:
    """A course day: its date, local start and end times (Europe/London), and where it happens."""

    on: date
    location: str | None = None
    virtual_link: str | None = None
    starts: time = DEFAULT_DAY_STARTS
    ends: time = DEFAULT_DAY_ENDS
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not (self.location or self.virtual_link):
            raise InvalidInput("each day is in a room (location) or virtual (virtual_link)", field="days")
        if self.ends <= self.starts:
            raise InvalidInput("a course day ends after it starts", field="days")

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.on, self.starts, COURSE_TIME_ZONE).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.on, self.ends, COURSE_TIME_ZONE).astimezone(UTC)


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
    status: PlaceStatus
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

    def withdraw_sign_off(self, competence_id: str) -> None:
        """A sign-off made by mistake, taken back (none to take back changes nothing)."""
        self.sign_offs = [s for s in self.sign_offs if s.competence_id != competence_id]


@dataclass(eq=False)
class Cohort:
    """One run of a course: its days, a capacity, its trainers, and who is booked or waiting."""

    name: str
    level: int
    capacity: int
    days: list[CohortDay]
    created_by: str
    status: CohortStatus = CohortStatus.OPEN
    trainer_ids: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    kind: CohortKind = CohortKind.COURSE
    created_at: datetime | None = None
    # Set only for a historic course recorded after the fact: why its days are in the past.
    backfill_reason: str | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.level not in COURSE_LEVELS:
            raise InvalidInput("cohorts teach Level 2 or Level 3", field="level")
        if not 1 <= self.capacity <= MAX_COHORT_CAPACITY:
            raise InvalidInput(f"capacity must be between 1 and {MAX_COHORT_CAPACITY}", field="capacity")
        if self.status not in (CohortStatus.PLANNED, CohortStatus.OPEN):
            raise InvalidInput("a new cohort is planned or open", field="state")
        self.status = CohortStatus(self.status)
        self.kind = CohortKind(self.kind)
        dates = [d.on for d in self.days]
        if not dates:
            raise InvalidInput("a cohort needs at least one day", field="days")
        if len(set(dates)) != len(dates):
            raise InvalidInput("each course day must be on a different date", field="days")
        self.days.sort(key=lambda d: d.on)

    @property
    def is_refresher(self) -> bool:
        return self.kind == CohortKind.REFRESHER

    @property
    def dates(self) -> set[date]:
        return {d.on for d in self.days}

    @property
    def first_day(self) -> date:
        return min(self.dates)

    @property
    def booked_places(self) -> list[Place]:
        return [p for p in self.places if p.status == PlaceStatus.BOOKED]

    @property
    def booked_count(self) -> int:
        return len(self.booked_places)

    @property
    def waiting_count(self) -> int:
        return sum(p.status == PlaceStatus.WAITING for p in self.places)

    @property
    def state(self) -> str:
        return FULL if self.status == CohortStatus.OPEN and self.booked_count >= self.capacity else self.status

    def clashes_with(self, other: Cohort) -> bool:
        return other.id != self.id and bool(self.dates & other.dates)

    def move_to(self, status: str) -> list[Place]:
        """Change state; cancelling frees every place and returns them (their nominees go back to the list)."""
        if status not in COHORT_TRANSITIONS[self.status]:
            raise Conflict(f"a {self.status} cohort cannot become {status}", field="state")
        self.status = CohortStatus(status)
        if self.status != CohortStatus.CANCELLED:
            return []
        freed, self.places = self.places, []
        return freed

    def assign_trainers(self, trainers: list[StaffCopy], busy_elsewhere: list[Cohort]) -> None:
        if self.status in (CohortStatus.FINISHED, CohortStatus.CANCELLED):
            raise Conflict(f"the cohort is {self.status}")
        for trainer in trainers:
            if Role.TRAINER not in trainer.roles or not trainer.active:
                raise InvalidInput(f"{trainer.name} does not hold the trainer role", field="trainer_ids")
            if any(self.clashes_with(other) for other in busy_elsewhere if trainer.staff_id in other.trainer_ids):
                raise Conflict(f"{trainer.name} is already teaching on one of these days", field="trainer_ids")
            if self.place_of(trainer.staff_id):
                raise Conflict(f"{trainer.name} is a participant on this cohort", field="trainer_ids")
        self.trainer_ids = sorted({t.staff_id for t in trainers})

    def place(self, nomination: PlaceRequest, at: datetime) -> Place:
        """Book the nominee if there is room, else put them at the back of the waiting list."""
        if self.status != CohortStatus.OPEN:
            raise Conflict(f"the cohort is {self.status}; it takes no bookings", field="cohort_id")
        if nomination.level != self.level:
            raise Conflict(f"the nomination is for Level {nomination.level}", field="cohort_id")
        if nomination.kind != self.kind:
            raise Conflict(f"this cohort is a {self.kind}; the booking is for a {nomination.kind}", field="cohort_id")
        status = PlaceStatus.BOOKED if self.booked_count < self.capacity else PlaceStatus.WAITING
        seat = Place(staff_id=nomination.nominee_id, nomination_id=nomination.id, status=status, placed_at=at)
        self.places.append(seat)
        return seat

    def place_of(self, staff_id: str) -> Place | None:
        return next((p for p in self.places if p.staff_id == staff_id), None)

    def booked_place(self, staff_id: str) -> Place | None:
        seat = self.place_of(staff_id)
        return seat if seat is not None and seat.status == PlaceStatus.BOOKED else None

    def change_capacity(self, capacity: int) -> list[Place]:
        """Raise it (the waiting list moves into the new places at once) or lower it to the places booked.

        Returns the places promoted from the waiting list, first come first served.
        """
        self._check_still_to_run()
        if not 1 <= capacity <= MAX_COHORT_CAPACITY:
            raise InvalidInput(f"capacity must be between 1 and {MAX_COHORT_CAPACITY}", field="capacity")
        if capacity < self.booked_count:
            raise Conflict(f"{self.booked_count} places are booked; the capacity cannot go below that",
                           field="capacity")
        self.capacity = capacity
        if self.status != CohortStatus.OPEN:
            return []
        waiting = sorted((p for p in self.places if p.status == PlaceStatus.WAITING), key=lambda p: p.placed_at)
        promoted = waiting[:max(0, capacity - self.booked_count)]
        for seat in promoted:
            seat.status = PlaceStatus.BOOKED
        return promoted

    def reschedule(self, days: list[CohortDay]) -> list[CohortDay]:
        """Move the course days; a date kept keeps its row. Returns the days as they were.

        No day with attendance recorded on it may go; the caller re-checks clashes for everyone on it.
        """
        self._check_still_to_run()
        dates = [d.on for d in days]
        if not dates:
            raise InvalidInput("a cohort needs at least one day", field="days")
        if len(set(dates)) != len(dates):
            raise InvalidInput("each course day must be on a different date", field="days")
        attended = {a.on for p in self.places for a in p.attendance}
        dropped = sorted(attended - set(dates))
        if dropped:
            raise Conflict(f"attendance is recorded on {dropped[0].isoformat()}; that day cannot be moved",
                           field="days")
        previous = [CohortDay(on=d.on, location=d.location, virtual_link=d.virtual_link, starts=d.starts,
                              ends=d.ends, id=d.id) for d in self.days]
        kept = {d.on: d for d in self.days}
        moved = []
        for day in sorted(days, key=lambda d: d.on):
            same = kept.get(day.on)
            if same is None:
                moved.append(day)
                continue
            same.location, same.virtual_link, same.starts, same.ends = (
                day.location, day.virtual_link, day.starts, day.ends)
            moved.append(same)
        self.days = moved
        return previous

    def _check_still_to_run(self) -> None:
        if self.status not in (CohortStatus.PLANNED, CohortStatus.OPEN):
            raise Conflict(f"the cohort is {self.status}; only a planned or open cohort changes")

    def release(self, nomination_id: str) -> Place | None:
        """Give up a nomination's place or waiting spot; returns whoever moved up into a freed seat."""
        seat = next((p for p in self.places if p.nomination_id == nomination_id), None)
        if seat is None:
            return None
        self.places.remove(seat)
        if seat.status != PlaceStatus.BOOKED or self.status != CohortStatus.OPEN:
            return None
        waiting = sorted((p for p in self.places if p.status == PlaceStatus.WAITING), key=lambda p: p.placed_at)
        if not waiting:
            return None
        waiting[0].status = PlaceStatus.BOOKED
        return waiting[0]

    def day(self, on: date) -> CohortDay:
        found = next((d for d in self.days if d.on == on), None)
        if found is None:
            raise InvalidInput("that is not one of this cohort's days", field="date")
        return found

    def started_day(self, on: date, now: datetime) -> CohortDay:
        """Attendance is recorded for a day that has begun, never ahead of it."""
        found = self.day(on)
        if found.starts_at > now:
            raise Conflict(f"the course day {on.isoformat()} has not started yet", field="date")
        return found

    def started_days(self, now: datetime) -> list[CohortDay]:
        return [d for d in self.days if d.starts_at <= now]

    def check_completing(self) -> None:
        """A course is completed while it runs or once it has finished, never before it starts."""
        if self.status not in (CohortStatus.RUNNING, CohortStatus.FINISHED):
            raise Conflict(f"the cohort is {self.status}; a course is completed while running or finished")

    def check_delivering(self) -> None:
        """Attendance, sign-offs and completion happen on a cohort that is open, running or finished."""
        if self.status in (CohortStatus.PLANNED, CohortStatus.CANCELLED):
            raise Conflict(f"the cohort is {self.status}")

    def participant(self, staff_id: str) -> Place:
        seat = self.booked_place(staff_id)
        if seat is None:
            raise Conflict("this person is not booked on this cohort", field="staff_id")
        return seat


def today_in_course_time(now: datetime) -> date:
    return now.astimezone(COURSE_TIME_ZONE).date()


def check_days_ahead(days: list[CohortDay], today: date, *, backfill: bool) -> None:
    """Course days are scheduled from today on; a past day only in an explicit, recorded back-fill."""
    past = sorted(d.on for d in days if d.on < today)
    if past and not backfill:
        raise InvalidInput(f"{past[0].isoformat()} is in the past; historic courses are recorded as a back-fill "
                           "(backfill_reason)", field="days")


def check_move(current: Cohort, seat: Place, target: Cohort) -> None:
    """A place (booked or waiting) moves to another cohort of its level only while its own still takes bookings;
    a booked place only into a free one, so a move never trades a seat for a waiting spot."""
    if target.id == current.id:
        raise Conflict(f"the place is on {current.name} already", field="cohort_id")
    if (target.level, target.kind) != (current.level, current.kind):
        raise Conflict(f"the place is for Level {current.level} ({current.kind}); {target.name} teaches Level "
                       f"{target.level} ({target.kind})", field="cohort_id")
    if target.status != CohortStatus.OPEN:
        raise Conflict(f"{target.name} is {target.status}; it takes no bookings", field="cohort_id")
    if current.status != CohortStatus.OPEN:
        raise Conflict(f"{current.name} is {current.status}; a place moves only while its cohort takes bookings",
                       field="cohort_id")
    if seat.status == PlaceStatus.BOOKED and target.booked_count >= target.capacity:
        raise Conflict(f"{target.name} is full; a booked place moves only into a free place, so it is kept on "
                       f"{current.name}", field="cohort_id")


def check_no_clash(cohort: Cohort, other_bookings: list[Cohort], teaching: list[Cohort]) -> None:
    """Nobody is booked onto two cohorts whose days clash, nor onto one they teach on those days."""
    if any(cohort.clashes_with(other) for other in [*other_bookings, *teaching]):
        raise Conflict("this cohort's days clash with another booking", field="cohort_id")
