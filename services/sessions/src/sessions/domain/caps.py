"""The caps that protect supporters: a short list of named rules, each able to stop an allocation.

Allocation asks every rule of every candidate; when a request waits because of caps, its reason
names the rules that stopped it. A rule reads the candidate's profile and the counts loaded with
it (`Candidate.counts`, by the rule's `count` name): adding a cap is one `CapRule` here, one
limit in `CapLimits`, and, when it needs a count, one count query in the repository
(`adapters/candidates.py`, `COUNTS`), which the candidate query joins by supporter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sessions.domain.model import HOURS_PER_ALLOCATION

if TYPE_CHECKING:
    from sessions.domain.allocation import Candidate

MONTH_HOURS = "month_allocations"  # open allocations made this calendar month (one hour each)
OPEN_CASES = "open_cases"  # requests allocated to the supporter and not closed
WEEK_CONVERSATIONS = "week_conversations"  # conversations booked this Europe/London week, not cancelled


@dataclass(frozen=True)
class CapLimits:
    """The network's limits (SESSIONS_* settings); monthly hours are each supporter's own."""

    max_open_cases: int = 5
    heavy_cool_down: timedelta = timedelta(days=14)
    max_conversations_per_week: int = 6
    # Set by SESSIONS_SUPERVISION_BLOCKS_ALLOCATION (off by default): a supporter with no supervision
    # for this long takes no new case until they have one.
    supervision_interval: timedelta | None = None


@dataclass(frozen=True)
class CapRule:
    """`blocks(candidate, limits, at)` says the rule keeps the candidate from one more case now."""

    name: str
    reason: str  # completes "every eligible supporter is ..."
    blocks: Callable[[Candidate, CapLimits, datetime], bool]
    counts: tuple[str, ...] = field(default=())


def _paused(c: Candidate, limits: CapLimits, at: datetime) -> bool:
    return c.profile.paused


def _cooling_down(c: Candidate, limits: CapLimits, at: datetime) -> bool:
    return c.profile.cooling_down(at)


def _monthly_hours(c: Candidate, limits: CapLimits, at: datetime) -> bool:
    return (c.count(MONTH_HOURS) + 1) * HOURS_PER_ALLOCATION > c.profile.monthly_capacity


def _open_cases(c: Candidate, limits: CapLimits, at: datetime) -> bool:
    return c.count(OPEN_CASES) >= limits.max_open_cases


def _conversations_this_week(c: Candidate, limits: CapLimits, at: datetime) -> bool:
    """A week already full of conversations takes no new case (its first conversation would fall in it or after)."""
    return c.count(WEEK_CONVERSATIONS) >= limits.max_conversations_per_week


def _supervision_overdue(c: Candidate, limits: CapLimits, at: datetime) -> bool:
    """Supporters are supported too: when the network asks it, an overdue supervision stops new cases."""
    return limits.supervision_interval is not None and c.profile.supervision_overdue(at, limits.supervision_interval)


CAPS: tuple[CapRule, ...] = (
    CapRule("paused", "paused", _paused),
    CapRule("heavy_cool_down", "in a cool-down after a heavy case", _cooling_down),
    CapRule("monthly_hours", "at capacity this month", _monthly_hours, (MONTH_HOURS,)),
    CapRule("max_open_cases", "at their maximum of open cases", _open_cases, (OPEN_CASES,)),
    CapRule("max_conversations_per_week", "at their maximum of conversations this week", _conversations_this_week,
            (WEEK_CONVERSATIONS,)),
    CapRule("supervision_overdue", "overdue for supervision", _supervision_overdue),
)


def blocking(candidate: Candidate, limits: CapLimits, at: datetime) -> list[CapRule]:
    return [rule for rule in CAPS if rule.blocks(candidate, limits, at)]


def capped_reason(stopped: list[CapRule]) -> str:
    """`every eligible supporter is at capacity this month` (one rule), or each rule that stopped someone."""
    named = [rule for rule in CAPS if rule in stopped]
    if len(named) == 1:
        return f"every eligible supporter is {named[0].reason}"
    return "every eligible supporter is " + ", ".join(r.reason for r in named[:-1]) + f" or {named[-1].reason}"
