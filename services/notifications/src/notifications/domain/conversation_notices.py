"""Who is told what about conversations: both people when one is booked, moved or cancelled; the
requester when invited to give anonymous feedback.

Neutral on purpose: a subject line may be read on a shared screen, so none says "peer support" or
that anyone sought support; it is a "meeting". Times are shown in Europe/London time, named GMT or
BST, as people will keep them.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from notifications.domain.model import StaffCopy
from notifications.domain.notices import Notice, reachable

LONDON = ZoneInfo("Europe/London")


def when(at: datetime) -> str:
    """'Tuesday 30 March 2027 at 10:00 BST'."""
    local = at.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} {local.tzname()}"


def how(mode: str, link: str | None, room: str | None) -> str:
    if mode == "video":
        return f"by video call: {link}" if link else "by video call"
    if mode == "in_person":
        return f"in person, in {room}" if room else "in person"
    return "by phone"


def _both(requester: StaffCopy, supporter: StaffCopy, kind: str, context: dict[str, object]) -> list[Notice]:
    return reachable([
        Notice(requester, kind, {**context, "name": requester.name, "other_name": supporter.name}),
        Notice(supporter, kind, {**context, "name": supporter.name, "other_name": requester.name}),
    ])


def conversation_booked(requester: StaffCopy, supporter: StaffCopy, starts_at: datetime, mode: str,
                        link: str | None, room: str | None) -> list[Notice]:
    return _both(requester, supporter, "meeting_booked", {"when": when(starts_at), "how": how(mode, link, room)})


def conversation_rescheduled(requester: StaffCopy, supporter: StaffCopy, starts_at: datetime,
                             previous_starts_at: datetime, mode: str, link: str | None,
                             room: str | None) -> list[Notice]:
    return _both(requester, supporter, "meeting_moved", {
        "when": when(starts_at), "previous_when": when(previous_starts_at), "how": how(mode, link, room),
    })


def conversation_cancelled(requester: StaffCopy, supporter: StaffCopy, starts_at: datetime,
                           cancelled_by: str) -> list[Notice]:
    """Both hear of it; the one who did not cancel is told who did."""
    return reachable([
        Notice(person, "meeting_cancelled", {
            "name": person.name, "other_name": other.name, "when": when(starts_at),
            "by_you": person.staff_id == cancelled_by,
        })
        for person, other in ((requester, supporter), (supporter, requester))
    ])


def feedback_invited(requester: StaffCopy, feedback_url: str, respond_by: date) -> list[Notice]:
    return reachable([Notice(requester, "feedback_invited", {
        "name": requester.name, "feedback_url": feedback_url,
        "respond_by": f"{respond_by:%A} {respond_by.day} {respond_by:%B %Y}",
    })])
