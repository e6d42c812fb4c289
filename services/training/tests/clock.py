"""A clock the tests set and move, injected where the system clock would be (units of work, the app)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Every test starts here: a month before the course days the helpers schedule.
START = datetime(2026, 11, 2, 9, tzinfo=UTC)


class TestClock:
    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at
