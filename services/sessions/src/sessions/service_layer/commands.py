"""Sessions' use cases behind the HTTP API that change something: each commits its own transaction."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput
from sessions.domain.model import Mode, Scope, SupporterProfile, SupportRequest, Urgency
from sessions.domain.staff import stand_ins
from sessions.service_layer.common import allocate_request, announcement, call_off, drain_waiting_for, now
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
    at = now()
    found = uow.requester_under_lock(cmd.requester_id, at.date())
    if found is None:
        raise Conflict("your record has not reached this service yet; try again in a moment")
    requester, delegations = found
    request = SupportRequest(
        requester_id=cmd.requester_id, mode=cmd.mode, scope=cmd.scope, urgency=cmd.urgency,
        details=cmd.details, created_at=at, location=cmd.location.strip() if cmd.location else None,
    )
    allocate_request(request, requester, uow, at, stand_ins(delegations, at.date()))
    # Added once allocated, with its announcement: written together (one statement on PostgreSQL).
    uow.add_new_request(request, announcement(request))
    uow.commit()
    return request


def close_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork, *,
                  heavy: bool = False) -> SupportRequest:
    """Close a request; the supporter's freed hour goes to whoever waits longest for it.

    `heavy`: the supporter found the case heavy, and rests (no new case) for the cool-down.
    """
    uow.serialise_allocations()
    request = readable_request(request_id, principal, uow)
    if heavy and (request.supporter_id is None or principal.staff_id != request.supporter_id):
        raise InvalidInput("only the request's supporter can mark their case heavy", field="heavy")
    at = now()
    request.close(principal.staff_id, at)
    if request.supporter_id is not None:
        call_off(request.id, request.supporter_id, principal.staff_id, "The request was closed.", uow)
    if heavy:
        profile = uow.supporters.get(principal.staff_id)
        if profile is not None:
            profile.start_cool_down(at, uow.caps.heavy_cool_down)
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
