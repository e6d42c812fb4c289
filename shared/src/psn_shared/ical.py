"""Calendar files (RFC 5545) written with the `icalendar` library: what a service has booked for someone, as
entries a calendar app imports or subscribes to.

Each entry keeps one UID for life, so an app replaces its copy rather than adding another; SEQUENCE (the entry's
own count of changes, where the service keeps one) and DTSTAMP tell it which copy is newer, and a cancelled entry
says STATUS:CANCELLED. Times are written in Europe/London with its VTIMEZONE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Entry:
    """One VEVENT."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    title: str
    description: str
    location: str | None
    sequence: int
    cancelled: bool
    updated_at: datetime | None = None
    url: str | None = None


def calendar_file(entries: list[Entry], generated_at: datetime, *, product: str, name: str) -> bytes:
    """The entries, soonest first, as one VCALENDAR; `generated_at` is each entry's DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", product)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for entry in sorted(entries, key=lambda e: (e.starts_at, e.uid)):
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", generated_at)
        if entry.updated_at is not None:
            event.add("last-modified", entry.updated_at)
        event.add("sequence", entry.sequence)
        event.add("dtstart", entry.starts_at.astimezone(LONDON))
        event.add("dtend", entry.ends_at.astimezone(LONDON))
        event.add("summary", entry.title)
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if entry.cancelled else "OPAQUE")
        calendar.add_component(event)
    if entries:
        # The VTIMEZONE's rules only over the years the file spans, not London's whole history.
        calendar.add_missing_timezones(first_date=date(min(e.starts_at for e in entries).year - 1, 1, 1),
                                       last_date=date(max(e.starts_at for e in entries).year + 2, 1, 1))
    return calendar.to_ical()
