"""Who is told what as a support request moves between supporters, and when one waits too long.

Neutral on purpose: a subject line may be read on a shared screen, so none says "peer support"
or that anyone sought support. A supporter's reason for handing a case back, and anything the
requester said, never reach these functions; coordinators are told a request waits, not whose.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from notifications.domain.model import StaffCopy
from notifications.domain.notices import Notice, reachable

# The case went because its supporter left or is no longer a peer supporter: they know why.
SUPPORTER_WITHDRAWN = "supporter_withdrawn"


def request_accepted(supporter: StaffCopy) -> list[Notice]:
    """The supporter hears that the colleague matched with them has accepted (not who: they see it on signing in)."""
    return reachable([Notice(supporter, "request_accepted_supporter", {"name": supporter.name})])


def request_handed_back(requester: StaffCopy, now_waiting: bool) -> list[Notice]:
    """The requester hears only while nobody has it: a new supporter is announced by the allocation itself."""
    if not now_waiting:
        return []
    return reachable([Notice(requester, "request_waiting_requester", {"name": requester.name})])


def request_reallocated(previous: StaffCopy, requester: StaffCopy, cause: str, now_waiting: bool) -> list[Notice]:
    """The previous supporter hears the case has gone (and, neutrally, why), unless it went because they left
    or stopped supporting; the requester, if it now waits (a new supporter is announced by the allocation)."""
    told = [] if cause == SUPPORTER_WITHDRAWN else [
        Notice(previous, "request_moved_supporter", {"name": previous.name, "cause": cause})]
    if now_waiting and cause != "requester_asked":
        told.append(Notice(requester, "request_waiting_requester", {"name": requester.name}))
    return reachable(told)


def request_waiting_too_long(coordinators: Iterable[StaffCopy], requester_id: str, request_id: str,
                             waiting_since: datetime) -> list[Notice]:
    """Every coordinator but the requester: which request and since when, never whose."""
    return reachable(
        Notice(c, "request_waiting_too_long", {"name": c.name, "request_id": request_id,
                                               "since": waiting_since.isoformat()})
        for c in coordinators
        if c.staff_id != requester_id
    )
