"""Quarters of the year, as the board's governance group reports by them ("2026Q4").

A quarter runs from midnight at the start of its first day to midnight at the start of the next
quarter's, on the clock of the board (Europe/London), so a request made at 00:30 BST on 1 October
counts in Q4 although it is still 30 September in UTC. A report is for a quarter that has begun:
one under way gives its figures so far, one still to come is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from psn_shared.errors import InvalidInput

BOARD_CLOCK = ZoneInfo("Europe/London")
PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str, field: str = "quarter") -> Quarter:
        match = PATTERN.match(text.strip().upper()) if isinstance(text, str) else None
        if match is None:
            raise InvalidInput("a quarter is written as the year, Q and 1 to 4, e.g. 2026Q4", field=field)
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            raise InvalidInput("a quarter between 2000 and 2100", field=field)
        return cls(year, int(match.group(2)))

    @classmethod
    def parse_begun(cls, text: str, now: datetime, field: str = "quarter") -> Quarter:
        """A quarter to report on: written as one, and begun by `now` (under way or past).

        A quarter still to come has no figures: reported, it would read as a quarter in which nothing
        happened, with today's staff counted as its own.
        """
        quarter = cls.parse(text, field)
        if not quarter.has_begun(now):
            first = quarter.first_day
            raise InvalidInput(f"{quarter} has not begun yet (it starts on {first.day} {first:%B %Y}): "
                               "a report is for a quarter under way or past", field=field)
        return quarter

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def starts_at(self) -> datetime:
        return _board_midnight(self.first_day)

    @property
    def ends_at(self) -> datetime:
        """The start of the next quarter: a quarter is the moments `starts_at <= t < ends_at`."""
        return self.next().starts_at

    def has_begun(self, now: datetime) -> bool:
        """Whether the quarter's first midnight, on the board's clock, has come by `now`."""
        return now >= self.starts_at

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def with_previous(self, count: int) -> list[Quarter]:
        """This quarter and the `count - 1` before it, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.insert(0, quarters[0].previous())
        return quarters


def _board_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=BOARD_CLOCK).astimezone(UTC)
