"""Reminders notifications plans itself: before a conversation (24 hours and 1 hour before, to both
people) and before each course day (the day before, to whoever holds a place).

A reminder is planned from the event that carries the time, planned again when the thing moves,
and dropped when it is cancelled or the place given up. Its id is derived from what it reminds
of (the thing, the person, the lead and the start), so it is also the event id its notice is told
under: a reminder sent, then planned again for the same time, is the same reminder and is not sent
twice; one for a new time is a new reminder.

Group sessions and wellbeing reviews are reminded by sessions, which keeps their bookings
(`sessions.group_session.reminded`, `sessions.wellbeing_review.reminded`); notifications only
tells those, so nobody is reminded twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class About(StrEnum):
    CONVERSATION = "conversation"
    COURSE_DAY = "course_day"


# Before a conversation: the day before, to plan around it, and an hour before, to be there.
MEETING_LEADS = (timedelta(hours=24), timedelta(hours=1))
# Before a course day: the day before, with where and when.
COURSE_DAY_LEAD = timedelta(hours=24)

_NAMESPACE = uuid.UUID("5f0e4a52-6c1b-4d55-9b8e-3c1d7c0a2f61")


@dataclass(eq=False, kw_only=True)
class Reminder:
    about: About
    about_id: str  # the conversation, or the cohort
    recipient_id: str
    starts_at: datetime
    lead: timedelta
    details: dict[str, Any] = field(default_factory=dict)  # what the message needs: ids, mode, place; JSON
    sent_at: datetime | None = None

    @property
    def id(self) -> str:
        """Stable for the same thing, person, lead and start: the synthetic event id of its notice."""
        key = f"{self.about}:{self.about_id}:{self.recipient_id}:{int(self.lead.total_seconds())}:" \
              f"{self.starts_at.isoformat()}"
        return str(uuid.uuid5(_NAMESPACE, key))

    @property
    def due_at(self) -> datetime:
        return self.starts_at - self.lead

    def too_late(self, now: datetime) -> bool:
        """A reminder for something already started says nothing useful (the scheduler was down)."""
        return self.starts_at <= now


def meeting_reminders(conversation_id: str, requester_id: str, supporter_id: str, starts_at: datetime,
                      mode: str, link: str | None, room: str | None, now: datetime,
                      version: int = 0) -> list[Reminder]:
    """Both people, 24 hours and 1 hour before; a lead already passed is skipped (the booking itself was news).
    `version` counts the conversation's moves, so a late older booking does not replace a newer plan."""
    return _still_ahead(now, (
        Reminder(about=About.CONVERSATION, about_id=conversation_id, recipient_id=person, starts_at=starts_at,
                 lead=lead, details={"other_id": other, "mode": mode, "link": link, "room": room,
                                     "version": version})
        for person, other in ((requester_id, supporter_id), (supporter_id, requester_id))
        for lead in MEETING_LEADS
    ))


@dataclass(frozen=True)
class CourseDay:
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    virtual_link: str | None = None


def course_day_reminders(cohort_id: str, staff_id: str, cohort_name: str, level: int,
                         days: Iterable[CourseDay], now: datetime) -> list[Reminder]:
    """One the day before each course day still ahead."""
    return _still_ahead(now, (
        Reminder(about=About.COURSE_DAY, about_id=cohort_id, recipient_id=staff_id, starts_at=day.starts_at,
                 lead=COURSE_DAY_LEAD, details={
                     "cohort_name": cohort_name, "level": level, "ends_at": day.ends_at.isoformat(),
                     "location": day.location, "link": day.virtual_link,
                 })
        for day in days
    ))


def _still_ahead(now: datetime, reminders: Iterable[Reminder]) -> list[Reminder]:
    return [r for r in reminders if r.due_at > now]
