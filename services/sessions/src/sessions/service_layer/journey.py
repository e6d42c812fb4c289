"""The support journey after allocation: accept, ask for another supporter, hand back, re-allocate by
hand, pause and resume. Each use case commits its own transaction.

A supporter moved off a request is excluded from it for good; whoever held a case and lost it
gets their freed capacity offered to the waiting list in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, InvalidInput, NotFound
from sessions.domain import policy
from sessions.domain.allocation import Pool, refusal
from sessions.domain.model import RequestStatus, SupporterProfile, SupportRequest
from sessions.events import published
from sessions.service_layer.common import allocate_request, announce, call_off, drain_waiting_for, now, standing_in
from sessions.service_layer.queries import NOT_YOURS, readable_request
from sessions.service_layer.uow import SessionsUnitOfWork

REQUESTER_ASKED, COORDINATOR, LINE_AUTHORITY = "requester_asked", "coordinator", "line_authority"


@dataclass(frozen=True)
class HandBack:
    request_id: str
    reason: str
    heavy: bool
    principal: Principal


@dataclass(frozen=True)
class Reallocate:
    request_id: str
    supporter_id: str
    principal: Principal


def accept(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """The requester accepts the supporter they were given."""
    request = _as_requester(request_id, principal, uow)
    request.accept(now())
    uow.publish(published.request_accepted(request))
    uow.commit()
    return request


def ask_for_another(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """The requester asks for a different supporter: the present one never gets this request again."""
    uow.serialise_allocations()
    request = _as_requester(request_id, principal, uow)
    previous = request.release()
    at = now()
    call_off(request.id, previous, principal.staff_id, "The requester asked for another supporter.", uow)
    _reallocate(request, uow, at)
    uow.publish(published.request_reallocated(request, previous, REQUESTER_ASKED, at))
    announce(request, uow)
    drain_waiting_for(previous, uow)
    uow.commit()
    return request


def hand_back(cmd: HandBack, uow: SessionsUnitOfWork) -> SupportRequest:
    """The supporter hands the case back with a reason (kept for the coordinator); a heavy one starts their rest."""
    uow.serialise_allocations()
    request = readable_request(cmd.request_id, cmd.principal, uow)
    if not policy.may_act_as_supporter(request, cmd.principal):
        raise Forbidden("only the request's supporter can hand it back")
    previous = request.release(cmd.reason.strip())
    at = now()
    call_off(request.id, previous, cmd.principal.staff_id, "The supporter handed the request on.", uow)
    if cmd.heavy:
        profile = uow.supporters.get(previous)
        if profile is not None:
            profile.start_cool_down(at, uow.caps.heavy_cool_down)
    _reallocate(request, uow, at)
    uow.publish(published.request_handed_back(request, previous, at))
    announce(request, uow)
    drain_waiting_for(previous, uow)
    uow.commit()
    return request


def reallocate_by_hand(cmd: Reallocate, uow: SessionsUnitOfWork) -> SupportRequest:
    """The coordinator gives the request to a named supporter, still within every rule (refused naming it)."""
    if not policy.may_reallocate(cmd.principal):
        raise Forbidden("only the coordinator can re-allocate a request by hand")
    uow.serialise_allocations()
    request = readable_request(cmd.request_id, cmd.principal, uow)
    if request.status == RequestStatus.CLOSED:
        raise InvalidInput("this request is closed", field="request_id")
    requester = uow.staff.get(request.requester_id)
    at = now()
    delegations = standing_in(uow, at)
    pool = Pool(uow.supporters.candidates(at, uow.caps, only=cmd.supporter_id), uow.caps, delegations)
    chosen = pool.candidates[0] if pool.candidates else None
    why = "the requester's record is not here" if requester is None else refusal(chosen, request, requester, pool, at)
    if why is not None or chosen is None:
        raise InvalidInput(f"cannot allocate to this supporter: {why}", field="supporter_id")
    previous = request.release() if request.status == RequestStatus.ALLOCATED else None
    if previous is not None:
        call_off(request.id, previous, cmd.principal.staff_id, "The request moved to another supporter.", uow)
    pool.give(chosen, request, at)
    if previous is not None:
        uow.publish(published.request_reallocated(request, previous, COORDINATOR, at))
    announce(request, uow)
    if previous is not None:
        drain_waiting_for(previous, uow)
    uow.commit()
    return request


def pause(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    """No new cases until resumed (leave, rota); the cases held stay."""
    profile = _own_profile(staff_id, principal, uow)
    profile.pause(now())
    uow.commit()
    return profile


def resume(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    """Back from a pause: what waits may now be theirs."""
    uow.serialise_allocations()
    profile = _own_profile(staff_id, principal, uow)
    profile.resume()
    drain_waiting_for(staff_id, uow)
    uow.commit()
    return profile


def _reallocate(request: SupportRequest, uow: SessionsUnitOfWork, at: datetime) -> None:
    requester = uow.staff.get(request.requester_id)
    if requester is None:
        request.wait("the requester's record is not here", at)
    else:
        allocate_request(request, requester, uow, at)


def _as_requester(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    request = readable_request(request_id, principal, uow)
    if not policy.may_act_as_requester(request, principal):
        raise Forbidden("only the person who asked can do this")
    return request


def _own_profile(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    # Checked before the lookup, so a stranger cannot tell who is a supporter.
    if not policy.may_pause(staff_id, principal):
        raise Forbidden(NOT_YOURS)
    profile = uow.supporters.get(staff_id)
    if profile is None:
        raise NotFound("no such supporter")
    return profile
