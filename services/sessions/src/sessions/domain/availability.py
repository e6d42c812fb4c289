"""When a supporter can meet: weekly windows in Europe/London wall-clock time, and leave.

Windows are optional (a supporter without any can be asked for any time); leave always counts.
Only a requester's proposals are held to them: a supporter may offer a time outside their own
windows. Wall-clock windows follow the clock change: "Tue 09:00-12:00" is 08:00-11:00 UTC in
summer and 09:00-12:00 UTC in winter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from itertools import pairwise

from psn_shared.errors import Conflict, InvalidInput
from sessions.domain.conversations import Slot, london, shown
from sessions.domain.model import new_id

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_WINDOWS = 50
LONGEST_LEAVE = timedelta(days=366)


@dataclass(eq=False)
class AvailabilityWindow:
    supporter_id: str
    weekday: int  # Monday 0, as date.weekday()
    starts: time
    ends: time
    id: str = field(default_factory=new_id)

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday].title()} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def holds(self, slot: Slot) -> bool:
        start, end = london(slot.starts_at), london(slot.ends_at)
        if start.weekday() != self.weekday:
            return False
        # A window ending at midnight is written 00:00 by nobody: windows end within their day.
        return start.date() == end.date() and self.starts <= start.time() and end.time() <= self.ends


def checked_windows(supporter_id: str, windows: list[tuple[int, time, time]]) -> list[AvailabilityWindow]:
    """The supporter's new week: each window in order, none overlapping another."""
    if len(windows) > MAX_WINDOWS:
        raise InvalidInput(f"at most {MAX_WINDOWS} windows", field="windows")
    kept = sorted(
        (AvailabilityWindow(supporter_id, weekday, starts.replace(second=0, microsecond=0),
                            ends.replace(second=0, microsecond=0))
         for weekday, starts, ends in windows),
        key=lambda w: (w.weekday, w.starts),
    )
    for window in kept:
        if not 0 <= window.weekday < len(WEEKDAYS):
            raise InvalidInput("weekday is one of " + ", ".join(WEEKDAYS), field="windows")
        if window.ends <= window.starts:
            raise InvalidInput(f"{window.label}: a window ends after it starts, on the same day", field="windows")
    for before, after in pairwise(kept):
        if before.weekday == after.weekday and after.starts < before.ends:
            raise InvalidInput(f"{before.label} overlaps {after.label}", field="windows")
    return kept


@dataclass(eq=False)
class Leave:
    """Days (Europe/London dates, both included) when the supporter cannot meet anyone."""

    supporter_id: str
    first_day: date
    last_day: date
    id: str = field(default_factory=new_id)

    @property
    def label(self) -> str:
        return f"on leave from {self.first_day:%a %d %b %Y} to {self.last_day:%a %d %b %Y}"

    @classmethod
    def checked(cls, supporter_id: str, first_day: date, last_day: date, today: date,
                held: list[Leave]) -> Leave:
        if last_day < first_day:
            raise InvalidInput("the last day comes on or after the first", field="last_day")
        if last_day < today:
            raise InvalidInput(f"{last_day} is in the past", field="last_day")
        if last_day - first_day >= LONGEST_LEAVE:
            raise InvalidInput("leave is recorded a year at a time at most", field="last_day")
        leave = cls(supporter_id, first_day, last_day)
        for other in held:
            if other.first_day <= last_day and first_day <= other.last_day:
                raise Conflict(f"this overlaps the leave already recorded ({other.label})", field="first_day")
        return leave

    def covers(self, slot: Slot) -> bool:
        start, end = london(slot.starts_at).date(), london(slot.ends_at).date()
        return self.first_day <= end and start <= self.last_day


def refuse_unless_available(slot: Slot, windows: list[AvailabilityWindow], leave: list[Leave],
                            field: str = "slots") -> None:
    """A requester's proposal must fall on a working day of the supporter's, inside one of their windows."""
    for days in leave:
        if days.covers(slot):
            raise InvalidInput(f"{shown(slot.starts_at)}: the supporter is {days.label}", field=field)
    if windows and not any(window.holds(slot) for window in windows):
        named = ", ".join(window.label for window in windows)
        raise InvalidInput(
            f"{shown(slot.starts_at)} is outside the supporter's availability (Europe/London): {named}", field=field
        )
