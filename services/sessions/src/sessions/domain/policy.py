"""Who may see and do what in sessions: the rules behind the API's refusals.

The rules only say yes or no; the service layer chooses the refusal. A request the caller may not
see is answered as if it did not exist, so nobody learns that a colleague asked for support.
"""

from __future__ import annotations

from typing import Protocol

from psn_shared.roles import COORDINATORS, Role
from sessions.domain.model import SupportRequest


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
