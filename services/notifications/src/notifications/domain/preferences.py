"""A person's notification preferences: channels per category, language, quiet hours, the daily digest.

A person who never set any has the defaults: the in-app inbox, email and push (on whichever
devices they registered) for every category, no text messages (they cost the network money and
a ward phone is often shared), no quiet hours, no digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from notifications.domain.categories import Category
from psn_shared.errors import InvalidInput

# English, Welsh, or both in one message (Welsh first, as the Welsh Language Standards ask of bilingual letters).
LANGUAGES = ("en", "cy", "cy+en")
DEFAULT_TIME_ZONE = "Europe/London"
DEFAULT_DIGEST_AT = time(17, 0)
MINUTES_A_DAY = 24 * 60


class PreferredChannel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SMS = "sms"
    PUSH = "push"


DEFAULT_CHANNELS = frozenset({PreferredChannel.IN_APP, PreferredChannel.EMAIL, PreferredChannel.PUSH})


@dataclass(frozen=True)
class QuietWindow:
    """A stretch of the day, in the person's own time, when nothing that can wait reaches them.

    It may cross midnight (22:00-06:00); it may not be empty (start == end).
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("a quiet window must not start and end at the same time")

    def covers(self, at: time) -> bool:
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end

    def ends_after(self, local: datetime) -> datetime:
        """When this window, covering `local`, ends: today or, across midnight, tomorrow."""
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)


@dataclass(eq=False, kw_only=True)
class Preferences:
    staff_id: str
    language: str
    time_zone: str = DEFAULT_TIME_ZONE
    # category -> the channels chosen for it, as plain strings (the stored JSON)
    channels: dict[str, list[str]] = field(default_factory=dict)
    quiet_hours: list[list[str]] = field(default_factory=list)
    digest: list[str] = field(default_factory=list)
    digest_at: str = DEFAULT_DIGEST_AT.strftime("%H:%M")
    updated_at: datetime | None = None

    @classmethod
    def defaults(cls, staff_id: str, language: str) -> Preferences:
        return cls(staff_id=staff_id, language=language,
                   channels={c.value: sorted(DEFAULT_CHANNELS) for c in Category})

    def channels_for(self, category: Category) -> frozenset[PreferredChannel]:
        chosen = self.channels.get(category.value)
        return DEFAULT_CHANNELS if chosen is None else frozenset(PreferredChannel(c) for c in chosen)

    def windows(self) -> list[QuietWindow]:
        return [QuietWindow(time.fromisoformat(start), time.fromisoformat(end)) for start, end in self.quiet_hours]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def quiet_until(self, now: datetime) -> datetime | None:
        """If `now` falls in a quiet window, when the quiet ends (windows that touch run on); else None."""
        windows = self.windows()
        local = now.astimezone(self.zone)
        until = None
        for _ in range(len(windows) + 1):
            covering = [w for w in windows if w.covers(local.time())]
            if not covering:
                break
            local = max(w.ends_after(local) for w in covering)
            until = local
        return until.astimezone(UTC) if until else None

    def digested(self, category: Category) -> bool:
        return category.value in self.digest

    def next_digest(self, now: datetime) -> datetime:
        """The next time the daily digest goes, in the person's own time, after `now`."""
        local = now.astimezone(self.zone)
        at = time.fromisoformat(self.digest_at)
        due = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        return (due if due > local else due + timedelta(days=1)).astimezone(UTC)


def choose(staff_id: str, *, language: str, time_zone: str, channels: dict[str, list[str]],
           quiet_hours: list[tuple[str, str]], digest: list[str], digest_at: str, at: datetime) -> Preferences:
    """Preferences from what a person sent; a fault is named by its field, and nothing is kept.

    The API's schema refuses the same faults first, each by field; these rules stand for any other caller.
    """
    if language not in LANGUAGES:
        raise InvalidInput(f"must be one of {', '.join(LANGUAGES)}", field="language")
    if not known_time_zone(time_zone):
        raise InvalidInput(f"{time_zone!r} is not a known time zone (e.g. Europe/London)", field="time_zone")
    for category, chosen in channels.items():
        if category not in set(Category):
            raise InvalidInput(f"unknown category; one of {', '.join(Category)}", field=f"channels.{category}")
        unknown = sorted(set(chosen) - set(PreferredChannel))
        if unknown:
            raise InvalidInput(f"unknown channel {unknown[0]!r}; one of {', '.join(PreferredChannel)}",
                               field=f"channels.{category}")
    for index, (start, end) in enumerate(quiet_hours):
        if start == end:
            raise InvalidInput("a quiet window must not be of zero length", field=f"quiet_hours.{index}")
    if quiet_all_day(quiet_hours):
        raise InvalidInput(ALL_DAY, field="quiet_hours")
    unknown_digest = sorted(set(digest) - set(Category))
    if unknown_digest:
        raise InvalidInput(f"unknown category {unknown_digest[0]!r}; one of {', '.join(Category)}", field="digest")
    return Preferences(
        staff_id=staff_id, language=language, time_zone=time_zone,
        channels={category: sorted(set(chosen)) for category, chosen in channels.items()},
        quiet_hours=[[start, end] for start, end in quiet_hours], digest=sorted(set(digest)),
        digest_at=digest_at, updated_at=at,
    )


ALL_DAY = ("quiet hours must leave some of the day for messages to go (they would be held for ever); "
           "to stop a way of hearing from us, untick it instead")


def quiet_all_day(windows: list[tuple[str, str]]) -> bool:
    """Whether the windows (HH:MM, each possibly across midnight) together cover every minute of the day."""
    quiet = [False] * MINUTES_A_DAY
    for start, end in windows:
        first, last = _minute_of(start), _minute_of(end)
        if first == last:
            continue
        for minute in range(first, last if first < last else last + MINUTES_A_DAY):
            quiet[minute % MINUTES_A_DAY] = True
    return all(quiet)


def _minute_of(clock: str) -> int:
    at = time.fromisoformat(clock)
    return at.hour * 60 + at.minute


def known_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True
