"""Who may see and do what in sessions: the rules behind the API's refusals.

The rules only say yes or no; the service layer chooses the refusal. A request the caller may not
see is answered as if it did not exist, so nobody learns that a colleague asked for support.
"""

from __future__ import annotations

from typing import Protocol

from psn_shared.roles import COORDINATORS, Role
from sessions.domain.model import RequestStatus, SupportRequest
from sessions.domain.referrals import Party


class Caller(Protocol):
    """Who is asking (psn_shared.auth.Principal): the rules need no more of it than this."""

    @property
    def staff_id(self) -> str: ...

    def has_role(self, *roles: str) -> bool: ...


def may_see_request(request: SupportRequest, caller: Caller) -> bool:
    """The requester, the supporter it is allocated to, and the coordinator (for safeguarding)."""
    return caller.has_role(Role.COORDINATOR) or caller.staff_id in (request.requester_id, request.supporter_id)


def requests_involving(caller: Caller) -> str | None:
    """Whose requests the caller's list holds: those they made or support; the coordinator's, all (None)."""
    return None if caller.has_role(Role.COORDINATOR) else caller.staff_id


def may_see_supporter(staff_id: str, caller: Caller) -> bool:
    """The supporter, and those who run the network (who also see every profile and the demand report)."""
    return caller.staff_id == staff_id or caller.has_role(*COORDINATORS)


def may_manage_preferences(staff_id: str, caller: Caller) -> bool:
    """Where and how a supporter meets colleagues is for them and the coordinator, not an admin."""
    return caller.staff_id == staff_id or caller.has_role(Role.COORDINATOR)


def party_to_request(request: SupportRequest, caller: Caller) -> Party | None:
    """In what capacity the caller may act on a request's referrals (requester, supporter, coordinator), if any.

    A party's own capacity comes first: a coordinator who asked for support acts on it as the requester.
    """
    if caller.staff_id == request.requester_id:
        return Party.REQUESTER
    if caller.staff_id == request.supporter_id:
        return Party.SUPPORTER
    return Party.COORDINATOR if caller.has_role(Role.COORDINATOR) else None


def read_is_audited(request: SupportRequest, caller: Caller) -> bool:
    """A named record opened by someone who is not one of its two parties (the coordinator) is accounted for."""
    return caller.staff_id not in (request.requester_id, request.supporter_id) and caller.has_role(*COORDINATORS)


def may_read_audit(caller: Caller) -> bool:
    """The audit of confidential reads is the administrator's (the data protection officer's) to read."""
    return caller.has_role(Role.ADMIN)


def contact_shown_to(request: SupportRequest, caller: Caller) -> str | None:
    """Whose contact details the caller sees on the request: the pair see each other's, nobody else any.

    The coordinator sees who is paired (for safeguarding) but reaches people through their own
    directory, not through a request.
    """
    if request.supporter_id is None or request.status != RequestStatus.ALLOCATED:
        return None
    if caller.staff_id == request.requester_id:
        return request.supporter_id
    if caller.staff_id == request.supporter_id:
        return request.requester_id
    return None


def may_act_as_requester(request: SupportRequest, caller: Caller) -> bool:
    """Accepting a supporter or asking for another is the requester's alone."""
    return caller.staff_id == request.requester_id


def may_act_as_supporter(request: SupportRequest, caller: Caller) -> bool:
    return request.supporter_id is not None and caller.staff_id == request.supporter_id


def may_reallocate(caller: Caller) -> bool:
    """Re-allocating by hand is the coordinator's (who sees every request)."""
    return caller.has_role(Role.COORDINATOR)


def may_pause(staff_id: str, caller: Caller) -> bool:
    """A supporter pauses themselves; the coordinator may do it for them (a rota, say)."""
    return caller.staff_id == staff_id or caller.has_role(Role.COORDINATOR)


def may_see_conversation(requester_id: str, supporter_id: str, request: SupportRequest, caller: Caller) -> bool:
    """The requester, the supporter while the request is still theirs, and the coordinator."""
    if caller.has_role(Role.COORDINATOR) or caller.staff_id == requester_id:
        return True
    return caller.staff_id == supporter_id == request.supporter_id


def may_arrange_conversation(requester_id: str, supporter_id: str, caller: Caller) -> bool:
    """Only the two who meet propose, book, move or cancel: the coordinator watches, nobody books for them."""
    return caller.staff_id in (requester_id, supporter_id)


def may_manage_availability(staff_id: str, caller: Caller) -> bool:
    """A supporter's week and leave: theirs, and the coordinator's (who arranges rotas), not an admin's."""
    return caller.staff_id == staff_id or caller.has_role(Role.COORDINATOR)


def may_see_own_feedback(staff_id: str, caller: Caller) -> bool:
    """A supporter's feedback aggregate is for them alone: the coordinators see the network's."""
    return caller.staff_id == staff_id


def may_see_network_feedback(caller: Caller) -> bool:
    return caller.has_role(*COORDINATORS)


def may_facilitate(caller: Caller) -> bool:
    """Group reflective sessions are run by facilitators and by Level 3 trainers (the `trainer` role)."""
    return caller.has_role(Role.FACILITATOR, Role.TRAINER)


def may_run(facilitator_id: str, caller: Caller) -> bool:
    """A session or series is changed or cancelled by its facilitator, or the coordinator."""
    return caller.staff_id == facilitator_id or caller.has_role(Role.COORDINATOR)


def may_see_joining_link(facilitator_id: str, holds_place: bool, caller: Caller) -> bool:
    """A virtual session's link is its door: for those with a place, its facilitator and the coordinator.
    Anyone else (waiting, outside its audience, a place given up) could otherwise walk into a room of
    colleagues reflecting in confidence."""
    return holds_place or may_run(facilitator_id, caller)


def may_see_attendees(facilitator_id: str, caller: Caller) -> bool:
    """Attending reflective supervision is a person's own business: the facilitator and the coordinator
    see who comes, other attendees never do (an admin neither)."""
    return caller.staff_id == facilitator_id or caller.has_role(Role.COORDINATOR)


def may_see_supervision(staff_id: str, caller: Caller) -> bool:
    """A supporter's supervision record: theirs, and the coordinator's (who sees who is overdue)."""
    return caller.staff_id == staff_id or caller.has_role(Role.COORDINATOR)
