"""Who is told what about reflective practice: group sessions (a place booked or come up, taken off the
waiting list when busy as a place came up, a session moved or cancelled), supervision falling due, and
wellbeing reviews arranged, moved or cancelled.

Neutral on purpose where a lock screen may show it: a wellbeing review is a "meeting" in its
subject; the theme of a group session and who else comes never reach notifications. Times travel as
ISO 8601 and are written in each person's language by the templates.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from notifications.domain.conversation_notices import SHORT_NOTICE
from notifications.domain.model import StaffCopy
from notifications.domain.notices import Notice, reachable
from notifications.domain.reminder_notices import meeting_mode


def _where(starts_at: datetime, ends_at: datetime | None, link: str | None, room: str | None) -> dict[str, object]:
    return {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat() if ends_at else None,
            "mode": meeting_mode(link), "link": link, "room": room}


def group_session_booked(member: StaffCopy, waiting: bool, starts_at: datetime, ends_at: datetime,
                         link: str | None, room: str | None) -> list[Notice]:
    """A place, with how to join; a place on the waiting list, with how it meets but not its link (the link is
    a place's, as the session's page says; a promotion sends it)."""
    where = _where(starts_at, ends_at, link, room)
    if waiting:
        where["link"] = None
    return reachable([Notice(member, "group_session_booked", {"name": member.name, "waiting": waiting, **where},
                             stale_after=starts_at)])


def group_session_promoted(member: StaffCopy, starts_at: datetime, ends_at: datetime, link: str | None,
                           room: str | None) -> list[Notice]:
    return reachable([Notice(member, "group_session_promoted", {
        "name": member.name, **_where(starts_at, ends_at, link, room)}, stale_after=starts_at)])


def group_session_passed_over(member: StaffCopy, starts_at: datetime, ends_at: datetime) -> list[Notice]:
    """When only: without a place, the link or room is not theirs."""
    return reachable([Notice(member, "group_session_passed_over", {
        "name": member.name, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()})])


def group_session_changed(members: Iterable[StaffCopy], starts_at: datetime, ends_at: datetime,
                          previous_starts_at: datetime, link: str | None, room: str | None,
                          waiting: Collection[str] = (), previous_room: str | None = None) -> list[Notice]:
    """Everyone booked or waiting; `moved` when the time changed, else only the link or room did. Those
    `waiting` hear how it meets but not its link, as when they joined the list: so not at all when the link
    alone changed ("now meets by video call" would tell them nothing)."""
    moved = previous_starts_at != starts_at
    context = {**_where(starts_at, ends_at, link, room), "previous_starts_at": previous_starts_at.isoformat(),
               "moved": moved}
    news_for_waiting = moved or room != previous_room
    return reachable(Notice(m, "group_session_changed", {
        **context, "name": m.name, **({"link": None} if m.staff_id in waiting else {})}, stale_after=starts_at)
        for m in members if news_for_waiting or m.staff_id not in waiting)


def group_session_cancelled(members: Iterable[StaffCopy], starts_at: datetime, cancelled_by: str) -> list[Notice]:
    """Everyone booked or waiting but whoever called it off."""
    return reachable(Notice(m, "group_session_cancelled", {"name": m.name, "starts_at": starts_at.isoformat()})
                     for m in members if m.staff_id != cancelled_by)


def supervision_overdue(supporter: StaffCopy, last_supervised_at: datetime | None) -> list[Notice]:
    return reachable([Notice(supporter, "supervision_overdue", {
        "name": supporter.name,
        "last_supervised_at": last_supervised_at.isoformat() if last_supervised_at else None,
    })])


def wellbeing_review_scheduled(member: StaffCopy, reviewer: StaffCopy, starts_at: datetime, ends_at: datetime,
                               link: str | None, room: str | None,
                               previous_starts_at: datetime | None) -> list[Notice]:
    """Both: arranged, or (with `previous_starts_at`) moved."""
    context = {**_where(starts_at, ends_at, link, room),
               "previous_starts_at": previous_starts_at.isoformat() if previous_starts_at else None}
    return reachable([
        Notice(member, "wellbeing_review_scheduled",
               {**context, "name": member.name, "other_name": reviewer.name, "reviewing": False},
               stale_after=starts_at),
        Notice(reviewer, "wellbeing_review_scheduled",
               {**context, "name": reviewer.name, "other_name": member.name, "reviewing": True},
               stale_after=starts_at),
    ])


def wellbeing_review_cancelled(member: StaffCopy, reviewer: StaffCopy, starts_at: datetime,
                               cancelled_by: str, cancelled_at: datetime) -> list[Notice]:
    """Both hear of it; the one who did not cancel is told who did and, as for a conversation, within 2 hours
    of the start that is critical (must-deliver, through quiet hours) for them: they may be on their way."""
    short_notice = starts_at - cancelled_at <= SHORT_NOTICE
    return reachable([
        Notice(person, "wellbeing_review_cancelled", {
            "name": person.name, "other_name": other.name, "starts_at": starts_at.isoformat(),
            "by_you": person.staff_id == cancelled_by, "reviewing": person is reviewer,
        }, critical=short_notice and person.staff_id != cancelled_by)
        for person, other in ((member, reviewer), (reviewer, member))
    ])
