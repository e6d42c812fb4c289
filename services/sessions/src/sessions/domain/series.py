"""Recurring series of group sessions: an RFC 5545 recurrence rule in a time zone, and its occurrences.

The rule is read by `dateutil.rrule` from its first start in local wall-clock time, so "the first
Tuesday of each month at 14:00 Europe/London" is 14:00 in London all year: 14:00Z in winter and
13:00Z in summer. Occurrences are made a horizon ahead, each remembering the start the rule gave it
(`occurs_at`), so making them again makes nothing twice and a moved or cancelled occurrence is
never put back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from psn_shared.errors import Conflict, InvalidInput
from sessions.domain.model import new_id
from sessions.domain.reflective import (
    FURTHEST_AHEAD,
    LONGEST,
    SHORTEST,
    Audience,
    GroupSession,
    Place,
    checked_capacity,
    checked_theme,
)

DEFAULT_TIMEZONE = "Europe/London"
RULE_LENGTH = 500
# A rule with no occurrence within this long is refused as one that never occurs (some never do:
# the 30th of February), and no rule is walked further than this when checked.
LOOK_AHEAD = timedelta(days=2 * 366)
FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
# The time of day is the first start's; several a day would make thousands of sessions from one line.
TIME_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
MAX_INTERVAL = 100
EARLIEST_FIRST = timedelta(days=366)  # a series may have begun up to a year ago


def checked_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{name!r} is not a time zone (e.g. Europe/London)", field="timezone") from None


def parsed_rule(rule: str, first: datetime) -> rrule:
    """The rule (`FREQ=MONTHLY;BYDAY=1TU`, with or without `RRULE:`) from `first`, an aware local time."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:"):]
    if not text or len(text) > RULE_LENGTH or "\n" in text or "DTSTART" in text.upper():
        raise InvalidInput(f"a recurrence rule (RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1TU) of at most "
                           f"{RULE_LENGTH} characters, without DTSTART", field="rule")
    parts = {part.split("=", 1)[0].strip().upper() for part in text.split(";")}
    if parts & TIME_PARTS:
        raise InvalidInput("the time of day is first_starts_at's: a rule without BYHOUR, BYMINUTE or BYSECOND",
                           field="rule")
    try:
        parsed = rrulestr(text, dtstart=first)
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise InvalidInput(f"not a recurrence rule: {error}", field="rule") from None
    if not isinstance(parsed, rrule) or parsed._freq not in FREQUENCIES:
        raise InvalidInput("a series repeats daily, weekly, monthly or yearly", field="rule")
    if not 1 <= parsed._interval <= MAX_INTERVAL:
        raise InvalidInput(f"INTERVAL is 1 to {MAX_INTERVAL}", field="rule")
    if parsed._until is not None and parsed._until.tzinfo is None:
        raise InvalidInput("UNTIL needs to be a UTC time (e.g. 20271231T235959Z)", field="rule")
    return parsed


@dataclass(eq=False)
class Series:
    facilitator_id: str
    theme: str
    rule: str
    timezone: str
    first_starts_at: datetime  # UTC; the rule's DTSTART is this in `timezone`'s wall-clock time
    duration: timedelta
    capacity: int
    audience: Audience
    created_at: datetime
    updated_at: datetime
    link: str | None = None
    room: str | None = None
    ended_at: datetime | None = None
    generated_until: datetime | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def create(cls, *, facilitator_id: str, theme: str, rule: str, timezone: str, first_starts_at: datetime,
               duration: timedelta, capacity: int, audience: Audience, place: Place, at: datetime) -> Series:
        checked_zone(timezone)
        if first_starts_at.tzinfo is None:
            raise InvalidInput("times need a UTC offset (e.g. 2027-01-05T14:00:00+00:00)", field="first_starts_at")
        if not at - EARLIEST_FIRST <= first_starts_at <= at + FURTHEST_AHEAD:
            raise InvalidInput("the first start is at most a year ago and at most two years ahead",
                               field="first_starts_at")
        if not SHORTEST <= duration <= LONGEST:
            raise InvalidInput("a session lasts 15 minutes to 8 hours", field="duration_minutes")
        series = cls(
            facilitator_id=facilitator_id, theme=checked_theme(theme), rule=rule.strip(), timezone=timezone,
            first_starts_at=first_starts_at.astimezone(UTC), duration=duration, capacity=checked_capacity(capacity),
            audience=audience, link=place.link, room=place.room, created_at=at, updated_at=at,
        )
        looked_from = max(at, series.first_starts_at)
        if not series.starts_between(looked_from, looked_from + LOOK_AHEAD):
            raise InvalidInput("this rule never occurs (within two years from now or from its first start)",
                               field="rule")
        return series

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def place(self) -> Place:
        return Place(self.link, self.room)

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def recurrence(self) -> rrule:
        return parsed_rule(self.rule, self.first_starts_at.astimezone(self.zone))

    def starts_between(self, after: datetime, before: datetime) -> list[datetime]:
        """Occurrence starts in [after, before), in UTC: the rule walked in local wall-clock time."""
        local = self.recurrence().between(after.astimezone(self.zone), before.astimezone(self.zone), inc=True)
        return [start.astimezone(UTC) for start in local if after <= start < before]

    def occurrences(self, until: datetime, known: set[datetime], at: datetime) -> list[GroupSession]:
        """The occurrences from now until `until` not made before (`known`: the `occurs_at` already made)."""
        if self.ended:
            return []
        made = [
            GroupSession.create(
                facilitator_id=self.facilitator_id, theme=self.theme, starts_at=start, ends_at=start + self.duration,
                capacity=self.capacity, audience=self.audience, place=self.place, at=at, series_id=self.id,
                occurs_at=start,
            )
            for start in self.starts_between(at, until) if start not in known
        ]
        self.generated_until = until if self.generated_until is None else max(self.generated_until, until)
        return made

    def end(self, at: datetime) -> None:
        """No more occurrences are made; those already made stay until cancelled one by one."""
        if self.ended:
            raise Conflict("this series has already ended", field="status")
        self.ended_at = self.updated_at = at
