"""Sessions' use cases behind the HTTP API that change something: each commits its own transaction."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.auth import Principal
from psn_shared.errors import Conflict
from sessions.domain.allocation import Pool, allocate_or_wait
from sessions.domain.model import Mode, Scope, SupporterProfile, SupportRequest, Urgency, month_start
from sessions.service_layer.common import announce, drain_waiting_for, now
from sessions.service_layer.queries import readable_request, supporter_preferences
from sessions.service_layer.uow import SessionsUnitOfWork


@dataclass(frozen=True)
class RequestSupport:
    requester_id: str
    mode: Mode
    scope: Scope
    urgency: Urgency
    details: str
    location: str | None = None


@dataclass(frozen=True)
class SetPreferences:
    staff_id: str
    modes: list[Mode]
    places: list[str]


def request_support(cmd: RequestSupport, uow: SessionsUnitOfWork) -> SupportRequest:
    """Record the request and allocate it in the same transaction, or put it on the waiting list."""
    requester = uow.staff.get(cmd.requester_id)
    if requester is None:
        raise Conflict("your record has not reached this service yet; try again in a moment")
    at = now()
    request = SupportRequest(
        requester_id=cmd.requester_id, mode=cmd.mode, scope=cmd.scope, urgency=cmd.urgency,
        details=cmd.details, created_at=at, location=cmd.location.strip() if cmd.location else None,
    )
    uow.requests.add(request)
    uow.serialise_allocations()
    allocate_or_wait(request, requester, Pool(uow.supporters.candidates(month_start(at))), at)
    announce(request, uow)
    uow.commit()
    return request


def close_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """Close a request; the supporter's freed hour goes to whoever waits longest for it."""
    uow.serialise_allocations()
    request = readable_request(request_id, principal, uow)
    request.close(principal.staff_id, now())
    if request.supporter_id is not None:
        drain_waiting_for(request.supporter_id, uow)
    uow.commit()
    return request


def set_preferences(cmd: SetPreferences, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    """Replace what the supporter offers; requests waiting for just that may now be theirs."""
    uow.serialise_allocations()
    profile = supporter_preferences(cmd.staff_id, principal, uow)
    profile.set_preferences(cmd.modes, cmd.places)
    drain_waiting_for(cmd.staff_id, uow)
    uow.commit()
    return profile
