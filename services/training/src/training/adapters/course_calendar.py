"""A cohort's course days as a calendar file (RFC 5545, written by psn_shared.ical): one event a day.

An event's UID is the cohort's and the day's place in the course ("day 2"), not the day's row, so a day moved to
another date (a new row: training keeps rows by date) replaces the copy in a calendar instead of adding one.
Training keeps no count of a day's changes: DTSTAMP is when the file was written, so a file read later is the
newer copy of each day, and a cancelled cohort's days carry SEQUENCE 1, above any copy they replace (a
cancellation is final).
"""

from __future__ import annotations

from datetime import datetime

from psn_shared.ical import Entry, calendar_file
from training.domain.cohorts import Cohort, CohortDay, CohortKind, CohortStatus
from training.domain.levels import LEVELS

PRODUCT = "-//PSN//training//EN"
UID_DOMAIN = "training.psn"
KINDS = {CohortKind.COURSE: "course", CohortKind.REFRESHER: "refresher"}


def filename(cohort: Cohort) -> str:
    return f"level-{cohort.level}-{KINDS[cohort.kind]}-{cohort.id}.ics"


def _where(day: CohortDay) -> tuple[str, str | None, str | None]:
    """The description, the location (a room) and the URL (an online link)."""
    if day.location and day.virtual_link:
        return f"In person: {day.location}. Or online: {day.virtual_link}", day.location, day.virtual_link
    if day.virtual_link:
        return f"Online: {day.virtual_link}", None, day.virtual_link
    return f"In person: {day.location}", day.location, None


def entries(cohort: Cohort) -> list[Entry]:
    cancelled = cohort.status == CohortStatus.CANCELLED
    course = f"Level {cohort.level} {LEVELS[cohort.level]} {KINDS[cohort.kind]}"
    found = []
    for number, day in enumerate(cohort.days, start=1):
        where, location, url = _where(day)
        if cancelled:
            # A cancelled day keeps no way in: its room or link may go to another course.
            where, location, url = "Cancelled", None, None
        found.append(Entry(
            uid=f"{cohort.id}-day-{number}@{UID_DOMAIN}", starts_at=day.starts_at, ends_at=day.ends_at,
            title=f"{course}, day {number} of {len(cohort.days)}", description=f"{cohort.name}. {where}",
            location=location, url=url, sequence=1 if cancelled else 0, cancelled=cancelled))
    return found


def course_days(cohort: Cohort, generated_at: datetime) -> bytes:
    return calendar_file(entries(cohort), generated_at, product=PRODUCT, name=cohort.name)
