"""Who is reminded of what: before a conversation, a course day, a group session or a wellbeing review.

Neutral on purpose, like the notices of what they remind of: a subject line or a lock screen says a
"meeting", a "group session" or a "course day", never support, supervision or wellbeing; the
detail is in the body and behind sign-in. Times travel as ISO 8601 and are written in each person's
language by the templates.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from notifications.domain.model import StaffCopy
from notifications.domain.notices import Notice, reachable

# A reminder this close to the start says "in an hour", not the day.
SOON = timedelta(hours=1)
# What reminders remind of, as their deliveries name it.
CONVERSATION, COURSE_DAY, GROUP_SESSION, WELLBEING_REVIEW = "conversation", "course_day", "group_session", \
    "wellbeing_review"


def regarding(about: str, about_id: str) -> str:
    """What a reminder reminds of, as its deliveries keep it: "conversation:<id>", "group_session:<id>"..."""
    return f"{about}:{about_id}"


def meeting(person: StaffCopy, other: StaffCopy, conversation_id: str, starts_at: datetime, lead: timedelta,
            mode: str, link: str | None, room: str | None) -> list[Notice]:
    return reachable([Notice(person, "reminder_meeting", {
        "name": person.name, "other_name": other.name, "starts_at": starts_at.isoformat(), "soon": lead <= SOON,
        "mode": mode, "link": link, "room": room,
    }, regarding=regarding(CONVERSATION, conversation_id), stale_after=starts_at)])


def course_day(person: StaffCopy, cohort_id: str, level: int, cohort_name: str, starts_at: datetime,
               ends_at: datetime, location: str | None, link: str | None) -> list[Notice]:
    return reachable([Notice(person, "reminder_course_day", {
        "name": person.name, "level": level, "cohort_name": cohort_name, "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(), "mode": meeting_mode(link), "link": link, "room": location,
    }, regarding=regarding(COURSE_DAY, cohort_id), stale_after=starts_at)])


def group_session(person: StaffCopy, session_id: str, starts_at: datetime, ends_at: datetime, link: str | None,
                  room: str | None) -> list[Notice]:
    return reachable([Notice(person, "reminder_group_session", {
        "name": person.name, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(),
        "mode": meeting_mode(link), "link": link, "room": room,
    }, regarding=regarding(GROUP_SESSION, session_id), stale_after=starts_at)])


def wellbeing_review(member: StaffCopy, reviewer: StaffCopy, review_id: str, starts_at: datetime,
                     link: str | None, room: str | None) -> list[Notice]:
    """Both: the member of staff, and the reviewer holding it with them."""
    context = {"starts_at": starts_at.isoformat(), "mode": meeting_mode(link), "link": link, "room": room}
    about = {"regarding": regarding(WELLBEING_REVIEW, review_id), "stale_after": starts_at}
    return reachable([
        Notice(member, "reminder_wellbeing_review",
               {**context, "name": member.name, "other_name": reviewer.name, "reviewing": False}, **about),
        Notice(reviewer, "reminder_wellbeing_review",
               {**context, "name": reviewer.name, "other_name": member.name, "reviewing": True}, **about),
    ])


def meeting_mode(link: str | None) -> str:
    """Group sessions, reviews and course days name a link or a room, not a mode: a link means by video."""
    return "video" if link else "in_person"
