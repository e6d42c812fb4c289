"""Who is told what about conversations: the other person when times are offered, for them to choose
one, and when times offered are withdrawn or declined; both people when one is booked, moved or
cancelled; the requester when invited to give anonymous feedback.

Neutral on purpose: a subject line may be read on a shared screen, so none says "peer support" or
that anyone sought support; it is a "meeting". Times travel as ISO 8601 and are written in each
person's language by the templates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from notifications.domain.model import StaffCopy
from notifications.domain.notices import Notice, reachable


def _both(requester: StaffCopy, supporter: StaffCopy, kind: str, context: dict[str, object],
          stale_after: datetime | None = None) -> list[Notice]:
    return reachable([
        Notice(requester, kind, {**context, "name": requester.name, "other_name": supporter.name},
               stale_after=stale_after),
        Notice(supporter, kind, {**context, "name": supporter.name, "other_name": requester.name},
               stale_after=stale_after),
    ])


def times_offered(requester: StaffCopy, supporter: StaffCopy, proposed_by: str, times: list[dict[str, str]],
                  mode: str) -> list[Notice]:
    """Whoever did not offer the times is the one to choose, so they alone are told (each new offer again);
    the one who offered hears when a time is booked. `times`: each one's `starts_at` and `ends_at` (ISO 8601)."""
    chooser, offerer = (supporter, requester) if proposed_by == requester.staff_id else (requester, supporter)
    last = max((datetime.fromisoformat(t["starts_at"]) for t in times), default=None)
    return reachable([Notice(chooser, "meeting_times_offered", {
        "name": chooser.name, "other_name": offerer.name, "times": times, "mode": mode,
    }, stale_after=last)])


def times_withdrawn(requester: StaffCopy, supporter: StaffCopy, proposed_by: str,
                    withdrawn_by: str) -> list[Notice]:
    """The other person learns the times offered are no longer open: withdrawn by whoever offered them, or
    declined by the one asked to choose. The reason stays in sessions, where both can read it."""
    told, by = (supporter, requester) if withdrawn_by == requester.staff_id else (requester, supporter)
    return reachable([Notice(told, "meeting_times_withdrawn", {
        "name": told.name, "other_name": by.name, "declined": withdrawn_by != proposed_by,
    })])


def conversation_booked(requester: StaffCopy, supporter: StaffCopy, starts_at: datetime, mode: str,
                        link: str | None, room: str | None) -> list[Notice]:
    return _both(requester, supporter, "meeting_booked", {
        "starts_at": starts_at.isoformat(), "mode": mode, "link": link, "room": room,
    }, stale_after=starts_at)


def conversation_rescheduled(requester: StaffCopy, supporter: StaffCopy, starts_at: datetime,
                             previous_starts_at: datetime, mode: str, link: str | None,
                             room: str | None) -> list[Notice]:
    return _both(requester, supporter, "meeting_moved", {
        "starts_at": starts_at.isoformat(), "previous_starts_at": previous_starts_at.isoformat(),
        "mode": mode, "link": link, "room": room,
    }, stale_after=starts_at)


# A conversation called off this close to its start must reach the other person before they set out.
SHORT_NOTICE = timedelta(hours=2)


def conversation_cancelled(requester: StaffCopy, supporter: StaffCopy, starts_at: datetime,
                           cancelled_by: str, cancelled_at: datetime) -> list[Notice]:
    """Both hear of it; the one who did not cancel is told who did, and within 2 hours of the start
    that is critical (must-deliver, through quiet hours) for them."""
    short_notice = starts_at - cancelled_at <= SHORT_NOTICE
    return reachable([
        Notice(person, "meeting_cancelled", {
            "name": person.name, "other_name": other.name, "starts_at": starts_at.isoformat(),
            "by_you": person.staff_id == cancelled_by,
        }, critical=short_notice and person.staff_id != cancelled_by)
        for person, other in ((requester, supporter), (supporter, requester))
    ])


def feedback_invited(requester: StaffCopy, feedback_url: str, respond_by: date) -> list[Notice]:
    return reachable([Notice(requester, "feedback_invited", {
        "name": requester.name, "feedback_url": feedback_url,
        "respond_by": respond_by.isoformat(),
    })])
