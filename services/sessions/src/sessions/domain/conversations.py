"""Conversations between a requester and their supporter: proposing times, booking one, and what follows.

A conversation starts as a proposal of up to three slots by either party; the other party books
one of them or answers with slots of their own. A booked conversation can be moved (rescheduled,
counted) or cancelled (late when inside 24 hours of its start), and ends attended or no-show, as
the supporter records after it has started. Every change a calendar shows raises `sequence`.
Times are kept in UTC; people see them in Europe/London time (`LONDON`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from sessions.domain.model import PLACE_LENGTH, Mode, new_id

LONDON = ZoneInfo("Europe/London")
MAX_SLOTS = 3
SHORTEST = timedelta(minutes=15)
LONGEST = timedelta(hours=3)
FURTHEST_AHEAD = timedelta(days=366)
LATE_NOTICE = timedelta(hours=24)
REASON_LENGTH = 500
LINK_LENGTH = 500


class ConversationStatus(StrEnum):
    PROPOSED = "proposed"
    BOOKED = "booked"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


def london(at: datetime) -> datetime:
    return at.astimezone(LONDON)


def week_of_london(at: datetime) -> tuple[datetime, datetime]:
    """The Europe/London week (Monday 00:00 to the next) `at` falls in, in UTC (167 or 169 hours at a change)."""
    day = london(at).date()
    monday = day - timedelta(days=day.weekday())
    starts = datetime(monday.year, monday.month, monday.day, tzinfo=LONDON)
    ends = starts + timedelta(days=7)  # wall-clock arithmetic: next Monday at 00:00 London time
    return starts.astimezone(UTC), ends.astimezone(UTC)


def shown(at: datetime) -> str:
    """A time as people read it, in the refusals the web front end shows them: 'Tuesday 30 March 2027 at 10:00
    (UK time)'. The UK's clock, whichever offset it is on, is the one every board's staff work by."""
    try:
        local = london(at)
    except OverflowError:  # the first or last days a datetime can hold, as a caller may send them
        return at.isoformat()
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} (UK time)"


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def checked(cls, starts_at: datetime, ends_at: datetime, now: datetime, field: str = "slots") -> Slot:
        """A slot people can keep: in the future, in order, 15 minutes to 3 hours, within a year."""
        if starts_at.tzinfo is None or ends_at.tzinfo is None:
            raise InvalidInput("times need a UTC offset (e.g. 2027-03-30T10:00:00+01:00)", field=field)
        try:
            slot = cls(starts_at.astimezone(UTC), ends_at.astimezone(UTC))
        except OverflowError:
            raise InvalidInput("that time is out of range", field=field) from None
        if slot.starts_at <= now:
            raise InvalidInput(f"{shown(slot.starts_at)} is in the past", field=field)
        if slot.starts_at > now + FURTHEST_AHEAD:
            raise InvalidInput("a conversation can be arranged at most a year ahead", field=field)
        if not SHORTEST <= slot.ends_at - slot.starts_at <= LONGEST:
            raise InvalidInput("a conversation ends 15 minutes to 3 hours after it starts", field=field)
        return slot

    def overlaps(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at


@dataclass(frozen=True)
class Venue:
    """How they meet: by video (with the link), by phone (the numbers are in the contact details), or in a room."""

    mode: Mode
    link: str | None = None
    room: str | None = None

    @classmethod
    def checked(cls, mode: Mode, link: str | None, room: str | None) -> Venue:
        link = (link or "").strip() or None
        room = (room or "").strip() or None
        if mode == Mode.VIDEO:
            if link is None or not is_https_link(link):
                raise InvalidInput(f"a video conversation needs an https:// link of at most {LINK_LENGTH} characters",
                                   field="link")
            return cls(mode, link=link)
        if mode == Mode.IN_PERSON:
            if room is None or len(room) > PLACE_LENGTH:
                raise InvalidInput(f"an in-person conversation needs a room of 1 to {PLACE_LENGTH} characters",
                                   field="room")
            return cls(mode, room=room)
        return cls(mode)


def refuse_unless_reachable_by_phone(numbers: list[str | None]) -> None:
    """Someone has to ring: a phone conversation needs a number, in either person's contact details."""
    if not any(numbers):
        raise Conflict("neither of you has a phone number in your contact details: add one to your details, "
                       "or meet by video or in person", field="mode")


def refuse_if_week_full(slot: Slot, booked_that_week: int, limit: int, field: str) -> None:
    """The weekly cap protects a supporter's week as well as their allocations: no booking beyond it."""
    if booked_that_week >= limit:
        monday = london(week_of_london(slot.starts_at)[0])
        raise Conflict(f"the supporter's week of {monday:%a %d %b %Y} is full (at most {limit} a week): "
                       "choose another week", field=field)


def is_https_link(link: str) -> bool:
    if len(link) > LINK_LENGTH or any(c.isspace() for c in link):
        return False
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


def checked_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > REASON_LENGTH:
        raise InvalidInput(f"a reason of 1 to {REASON_LENGTH} characters is needed", field="reason")
    return reason


def checked_slots(slots: list[Slot]) -> list[Slot]:
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise InvalidInput(f"propose 1 to {MAX_SLOTS} times", field="slots")
    ordered = sorted(slots, key=lambda s: s.starts_at)
    for before, after in pairwise(ordered):
        if before.overlaps(after.starts_at, after.ends_at):
            raise InvalidInput("the proposed times overlap one another", field="slots")
    return ordered


@dataclass(eq=False)
class Conversation:
    request_id: str
    requester_id: str
    supporter_id: str
    proposed_by: str
    slots: list[Slot]
    mode: Mode
    created_at: datetime
    updated_at: datetime
    link: str | None = None
    room: str | None = None
    status: ConversationStatus = ConversationStatus.PROPOSED
    proposals: int = 1
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    reschedules: int = 0
    reschedule_reason: str | None = None
    sequence: int = 0
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    late_cancellation: bool = False
    outcome_by: str | None = None
    feedback_invited: bool = False
    id: str = field(default_factory=new_id)

    @classmethod
    def propose(cls, *, request_id: str, requester_id: str, supporter_id: str, by: str, slots: list[Slot],
                venue: Venue, at: datetime) -> Conversation:
        return cls(
            request_id=request_id, requester_id=requester_id, supporter_id=supporter_id, proposed_by=by,
            slots=checked_slots(slots), mode=venue.mode, link=venue.link, room=venue.room,
            created_at=at, updated_at=at,
        )

    @property
    def parties(self) -> tuple[str, str]:
        return self.requester_id, self.supporter_id

    def answer(self, by: str, slots: list[Slot], venue: Venue, at: datetime) -> None:
        """The other party proposes times of their own instead of taking one."""
        self._awaiting(by)
        self.slots = checked_slots(slots)
        self.mode, self.link, self.room = venue.mode, venue.link, venue.room
        self.proposed_by = by
        self.proposals += 1
        self.updated_at = at

    def accept(self, by: str, index: int, at: datetime) -> Slot:
        self._awaiting(by)
        if not 0 <= index < len(self.slots):
            raise InvalidInput(f"choose one of the {len(self.slots)} proposed times (0 to {len(self.slots) - 1})",
                               field="slot")
        chosen = self.slots[index]
        if chosen.starts_at <= at:
            raise InvalidInput(f"{shown(chosen.starts_at)} has already passed; propose other times", field="slot")
        self.status = ConversationStatus.BOOKED
        self.starts_at, self.ends_at = chosen.starts_at, chosen.ends_at
        self.updated_at = at
        return chosen

    def reschedule(self, by: str, slot: Slot, reason: str, venue: Venue | None, at: datetime) -> None:
        self._upcoming(at, "rescheduled")
        self.reschedule_reason = checked_reason(reason)
        self.starts_at, self.ends_at = slot.starts_at, slot.ends_at
        if venue is not None:
            self.mode, self.link, self.room = venue.mode, venue.link, venue.room
        self.reschedules += 1
        self.sequence += 1
        self.updated_at = at

    def cancel(self, by: str, reason: str, at: datetime) -> None:
        """Withdraw a proposal or cancel a booking; cancelling inside 24 hours of the start is late."""
        if self.status == ConversationStatus.BOOKED:
            self._upcoming(at, "cancelled")
            assert self.starts_at is not None
            self.late_cancellation = self.starts_at - at < LATE_NOTICE
            self.sequence += 1
        elif self.status != ConversationStatus.PROPOSED:
            raise Conflict(f"this conversation is already {self.status.replace('_', '-')}", field="status")
        self.cancel_reason = checked_reason(reason)
        self.status = ConversationStatus.CANCELLED
        self.cancelled_by = by
        self.updated_at = at

    def record_outcome(self, by: str, attended: bool, at: datetime) -> None:
        """The supporter says whether it happened, once it has started."""
        if by != self.supporter_id:
            raise Forbidden("only the supporter records whether a conversation took place")
        if self.status != ConversationStatus.BOOKED:
            raise Conflict(f"only a booked conversation can be recorded; this one is {self.status}", field="status")
        assert self.starts_at is not None
        if at < self.starts_at:
            raise Conflict(f"it starts at {shown(self.starts_at)}: record the outcome after that", field="outcome")
        self.status = ConversationStatus.ATTENDED if attended else ConversationStatus.NO_SHOW
        self.outcome_by = by
        self.updated_at = at

    def _awaiting(self, by: str) -> None:
        if self.status != ConversationStatus.PROPOSED:
            raise Conflict(f"this conversation is {self.status.replace('_', '-')}, not awaiting an answer",
                           field="status")
        if by == self.proposed_by:
            raise Conflict("you proposed these times: the other person answers", field="status")

    def _upcoming(self, at: datetime, change: str) -> None:
        if self.status != ConversationStatus.BOOKED:
            raise Conflict(f"only a booked conversation can be {change}; this one is {self.status}", field="status")
        assert self.starts_at is not None
        if self.starts_at <= at:
            raise Conflict(f"it started at {shown(self.starts_at)} and can no longer be {change}", field="status")
