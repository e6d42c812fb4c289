"""Reflective practice: group reflective sessions, their bookings and waiting list, and who may book.

A facilitator (the `facilitator` role, or a Level 3 trainer) runs a group session: a theme, a
time, a place (a video link, or a room when face to face), a capacity and an audience. Staff book
themselves; once the places are taken they join the waiting list, and a place that comes free goes
to the first on it who is free then (anyone whose turn comes while they are busy then is taken off the
list, so nobody waits while a place is free). Who attends is their own business: the facilitator and the
coordinator see the list, attendees never do. Times are kept in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from sessions.domain.conversations import LINK_LENGTH, is_https_link, shown
from sessions.domain.model import PLACE_LENGTH, new_id

THEME_LENGTH = 200
MAX_CAPACITY = 500
SHORTEST = timedelta(minutes=15)
LONGEST = timedelta(hours=8)
FURTHEST_AHEAD = timedelta(days=2 * 366)


class Audience(StrEnum):
    """Who may book: everyone; middle managers (who line-manage someone, in identity's directory);
    peer supporters (their supervision and debrief)."""

    EVERYONE = "everyone"
    MIDDLE_MANAGERS = "middle_managers"
    PEER_SUPPORTERS = "peer_supporters"


AUDIENCE_NAMES = {
    Audience.EVERYONE: "everyone",
    Audience.MIDDLE_MANAGERS: "middle managers (people who line-manage someone)",
    Audience.PEER_SUPPORTERS: "peer supporters",
}


@dataclass(frozen=True)
class Standing:
    """What the audience rules need to know of a member of staff."""

    active: bool
    manages_someone: bool
    peer_supporter: bool


def in_audience(audience: Audience, standing: Standing | None) -> bool:
    """Whether the person may book a session for `audience`: never while their record is missing or after they left."""
    if standing is None or not standing.active:
        return False
    return {
        Audience.EVERYONE: True,
        Audience.MIDDLE_MANAGERS: standing.manages_someone,
        Audience.PEER_SUPPORTERS: standing.peer_supporter,
    }[audience]


def refuse_unless_in_audience(audience: Audience, standing: Standing | None) -> None:
    if standing is None or not standing.active:
        raise Conflict("your record has not reached sessions yet, or you have left", field="staff_id")
    if not in_audience(audience, standing):
        raise Forbidden(f"this session is for {AUDIENCE_NAMES[audience]} only", field="audience")


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Place:
    """Virtual (a video link) or face to face (a room): exactly one."""

    link: str | None = None
    room: str | None = None

    @classmethod
    def checked(cls, link: str | None, room: str | None) -> Place:
        link = (link or "").strip() or None
        room = (room or "").strip() or None
        if (link is None) == (room is None):
            raise InvalidInput("give a video link (virtual) or a room (face to face), one of the two", field="link")
        if link is not None and not is_https_link(link):
            raise InvalidInput(f"the link must be an https:// address of at most {LINK_LENGTH} characters",
                               field="link")
        if room is not None and len(room) > PLACE_LENGTH:
            raise InvalidInput(f"a room of 1 to {PLACE_LENGTH} characters", field="room")
        return cls(link, room)


def checked_theme(theme: str) -> str:
    theme = theme.strip()
    if not theme or len(theme) > THEME_LENGTH:
        raise InvalidInput(f"a theme of 1 to {THEME_LENGTH} characters is needed", field="theme")
    return theme


def checked_capacity(capacity: int) -> int:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(f"capacity is 1 to {MAX_CAPACITY} people", field="capacity")
    return capacity


def checked_times(starts_at: datetime, ends_at: datetime, now: datetime) -> tuple[datetime, datetime]:
    """In the future, in order, 15 minutes to 8 hours long, at most two years ahead; returned in UTC."""
    if starts_at.tzinfo is None:
        raise InvalidInput("times need a UTC offset (e.g. 2027-03-30T14:00:00+01:00)", field="starts_at")
    if ends_at.tzinfo is None:
        raise InvalidInput("times need a UTC offset (e.g. 2027-03-30T15:30:00+01:00)", field="ends_at")
    try:
        starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    except OverflowError:
        raise InvalidInput("that time is out of range", field="starts_at") from None
    if starts_at <= now:
        raise InvalidInput(f"{shown(starts_at)} is in the past", field="starts_at")
    if starts_at > now + FURTHEST_AHEAD:
        raise InvalidInput("a session can be arranged at most two years ahead", field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput("the end must come after the start", field="ends_at")
    if not SHORTEST <= ends_at - starts_at <= LONGEST:
        raise InvalidInput("a session lasts 15 minutes to 8 hours", field="ends_at")
    return starts_at, ends_at


@dataclass(eq=False)
class Booking:
    """One person's place (or place in the queue) on a session; `attended` is the facilitator's record."""

    session_id: str
    staff_id: str
    status: BookingStatus
    booked_at: datetime  # the waiting list's order
    updated_at: datetime
    promoted_at: datetime | None = None
    attended: bool | None = None
    reminded: bool = False
    sequence: int = 0  # raised by every change of status: the person's calendar entry adds it to the session's
    id: str = field(default_factory=new_id)

    @property
    def holds_place(self) -> bool:
        return self.status == BookingStatus.BOOKED

    @property
    def active(self) -> bool:
        return self.status in (BookingStatus.BOOKED, BookingStatus.WAITING)


@dataclass(frozen=True)
class WaitingListServed:
    """What places coming free did to the waiting list: who moved up, and who was passed over (busy then)."""

    promoted: list[Booking]
    passed_over: list[Booking]


@dataclass(eq=False)
class GroupSession:
    facilitator_id: str
    theme: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    audience: Audience
    created_at: datetime
    updated_at: datetime
    link: str | None = None
    room: str | None = None
    status: SessionStatus = SessionStatus.SCHEDULED
    series_id: str | None = None
    occurs_at: datetime | None = None  # a series' occurrence: the start its rule gave (kept when moved)
    sequence: int = 0
    cancelled_by: str | None = None
    bookings: list[Booking] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @classmethod
    def create(cls, *, facilitator_id: str, theme: str, starts_at: datetime, ends_at: datetime, capacity: int,
               audience: Audience, place: Place, at: datetime, series_id: str | None = None,
               occurs_at: datetime | None = None) -> GroupSession:
        return cls(
            facilitator_id=facilitator_id, theme=checked_theme(theme), starts_at=starts_at, ends_at=ends_at,
            capacity=checked_capacity(capacity), audience=audience, link=place.link, room=place.room,
            created_at=at, updated_at=at, series_id=series_id, occurs_at=occurs_at,
        )

    @property
    def booked(self) -> list[Booking]:
        return [b for b in self.bookings if b.holds_place]

    @property
    def waiting(self) -> list[Booking]:
        queue = [b for b in self.bookings if b.status == BookingStatus.WAITING]
        return sorted(queue, key=lambda b: (b.booked_at, b.id))

    @property
    def places_left(self) -> int:
        return max(self.capacity - len(self.booked), 0)

    @property
    def place(self) -> Place:
        return Place(self.link, self.room)

    def booking_of(self, staff_id: str) -> Booking | None:
        return next((b for b in self.bookings if b.staff_id == staff_id), None)

    def told(self) -> list[str]:
        """Everyone booked or waiting: whom a change or a cancellation concerns."""
        return sorted(b.staff_id for b in self.bookings if b.active)

    def book(self, staff_id: str, at: datetime) -> Booking:
        """A place if one is left, else the end of the waiting list (booking again after cancelling too)."""
        self._open(at, "booked")
        booking = self.booking_of(staff_id)
        if booking is not None and booking.active:
            raise Conflict(f"you are already {'booked' if booking.holds_place else 'on the waiting list'}",
                           field="session_id")
        status = BookingStatus.BOOKED if self.places_left else BookingStatus.WAITING
        if booking is None:
            booking = Booking(session_id=self.id, staff_id=staff_id, status=status, booked_at=at, updated_at=at)
            self.bookings.append(booking)
        else:
            booking.status, booking.booked_at, booking.updated_at = status, at, at
            booking.promoted_at, booking.attended, booking.reminded = None, None, False
            booking.sequence += 1
        return booking

    def cancel_booking(self, staff_id: str, at: datetime) -> Booking:
        booking = self.booking_of(staff_id)
        if booking is None or not booking.active:
            raise Conflict("you have no booking on this session", field="session_id")
        if self.starts_at <= at:
            raise Conflict(f"it started at {shown(self.starts_at)}", field="session_id")
        booking.status, booking.updated_at = BookingStatus.CANCELLED, at
        booking.sequence += 1
        return booking

    def fill_places(self, at: datetime, free: Callable[[str], bool]) -> WaitingListServed:
        """Places that came free go down the waiting list, first come first served. Whoever's turn comes while
        they are busy then is passed over and taken off the list (to be told so): left on it, they would wait
        behind a place they cannot take, for a promotion nothing would ever try again."""
        served = WaitingListServed(promoted=[], passed_over=[])
        if self.status != SessionStatus.SCHEDULED or self.starts_at <= at:
            return served
        for booking in self.waiting:
            if not self.places_left:
                break
            if free(booking.staff_id):
                booking.status, booking.promoted_at = BookingStatus.BOOKED, at
                served.promoted.append(booking)
            else:
                booking.status = BookingStatus.CANCELLED
                served.passed_over.append(booking)
            booking.updated_at = at
            booking.sequence += 1
        return served

    def change(self, *, at: datetime, theme: str | None = None, times: tuple[datetime, datetime] | None = None,
               capacity: int | None = None, place: Place | None = None) -> bool:
        """Whatever is given changes; True when people must be told (the time or the place moved)."""
        self._open(at, "changed")
        if capacity is not None:
            checked_capacity(capacity)
            if capacity < len(self.booked):
                raise InvalidInput(f"{len(self.booked)} people are booked: capacity cannot go below that",
                                   field="capacity")
            self.capacity = capacity
        if theme is not None:
            self.theme = checked_theme(theme)
        moved = False
        if times is not None and times != (self.starts_at, self.ends_at):
            self.starts_at, self.ends_at = times
            moved = True
        if place is not None and place != self.place:
            self.link, self.room = place.link, place.room
            moved = True
        if moved:
            self.sequence += 1
            for booking in self.bookings:
                booking.reminded = False
        self.updated_at = at
        return moved

    def cancel(self, by: str, at: datetime) -> None:
        self._open(at, "cancelled")
        self.status, self.cancelled_by, self.updated_at = SessionStatus.CANCELLED, by, at
        self.sequence += 1

    def record_attendance(self, attended: set[str], at: datetime) -> list[Booking]:
        """Who came, of those with a place, once it has started; everyone else booked is recorded absent."""
        if self.status != SessionStatus.SCHEDULED:
            raise Conflict("this session was cancelled", field="status")
        if at < self.starts_at:
            raise Conflict(f"it starts at {shown(self.starts_at)}: record attendance after that", field="attended")
        booked = {b.staff_id: b for b in self.booked}
        strangers = attended - booked.keys()
        if strangers:
            raise InvalidInput(f"not booked on this session: {', '.join(sorted(strangers))}", field="attended")
        for booking in booked.values():
            booking.attended, booking.updated_at = booking.staff_id in attended, at
        return [b for b in booked.values() if b.attended]

    def _open(self, at: datetime, change: str) -> None:
        if self.status != SessionStatus.SCHEDULED:
            raise Conflict(f"this session was cancelled and can no longer be {change}", field="status")
        if self.starts_at <= at:
            raise Conflict(f"it started at {shown(self.starts_at)} and can no longer be {change}", field="status")
