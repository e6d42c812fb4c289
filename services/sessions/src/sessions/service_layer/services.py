"""Sessions' use cases: each takes a command (or event data) and a unit of work.

Use cases behind the HTTP API commit; those behind event handlers never do (the consumer
commits them together with the inbox row).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, NotFound
from sessions.domain.allocation import Pool, allocate_or_wait, drain_waiting, reallocate
from sessions.domain.model import Change, StaffCopy, SupporterProfile, SupportRequest, month_start
from sessions.domain.reports import suppress
from sessions.service_layer.uow import SessionsUnitOfWork

log = logging.getLogger(__name__)

COORDINATOR = "coordinator"
NETWORK_ADMINS = ("coordinator", "admin")


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RequestSupport:
    requester_id: str
    mode: str
    scope: str
    urgency: str
    details: str
    location: str | None = None


@dataclass(frozen=True)
class SetPreferences:
    staff_id: str
    modes: list[str]
    places: list[str]


# --- support requests (HTTP) ---------------------------------------------------------------


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
    _announce(uow, request)
    uow.commit()
    return request


def readable_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """Anyone but the requester, their supporter and the coordinator learns nothing, not even existence."""
    request = uow.requests.get(request_id)
    if request is None or not request.visible_to(principal.staff_id, coordinator=principal.has_role(COORDINATOR)):
        raise NotFound("no such support request")
    return request


def list_requests(
    principal: Principal, uow: SessionsUnitOfWork, *, status: str | None, limit: int, offset: int
) -> tuple[list[SupportRequest], int]:
    involving = None if principal.has_role(COORDINATOR) else principal.staff_id
    return uow.requests.page(involving=involving, status=status, limit=limit, offset=offset)


def close_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """Close a request; the supporter's freed hour goes to whoever waits longest for it."""
    uow.serialise_allocations()
    request = readable_request(request_id, principal, uow)
    request.close(principal.staff_id, now())
    if request.supporter_id is not None:
        _drain_waiting_for(request.supporter_id, uow)
    uow.commit()
    return request


# --- supporters and reports (HTTP) ---------------------------------------------------------


def supporter_view(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    # Checked before the lookup, so a stranger cannot tell who is a supporter.
    principal.require_self_or_role(staff_id, *NETWORK_ADMINS)
    views = _supporter_views(uow, staff_id)
    if not views:
        raise NotFound("no such supporter")
    return views[0]


def supporter_preferences(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    # Checked before the lookup, so a stranger cannot tell who is a supporter.
    principal.require_self_or_role(staff_id, COORDINATOR)
    profile = uow.supporters.get(staff_id)
    if profile is None:
        raise NotFound("no such supporter")
    return profile


def set_preferences(cmd: SetPreferences, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    """Replace what the supporter offers; requests waiting for just that may now be theirs."""
    uow.serialise_allocations()
    profile = supporter_preferences(cmd.staff_id, principal, uow)
    profile.set_preferences(cmd.modes, cmd.places)
    _drain_waiting_for(cmd.staff_id, uow)
    uow.commit()
    return profile


def supporter_list(uow: SessionsUnitOfWork) -> list[dict[str, Any]]:
    return _supporter_views(uow)


def _supporter_views(uow: SessionsUnitOfWork, staff_id: str | None = None) -> list[dict[str, Any]]:
    pairs = uow.supporters.with_staff(staff_id)
    loads = uow.supporters.loads(month_start(now()), [profile.staff_id for profile, _ in pairs])
    return [
        {
            "staff_id": profile.staff_id,
            "name": member.name if member else None,
            "team_id": member.team_id if member else None,
            "allocatable": profile.allocatable,
            "monthly_capacity": profile.monthly_capacity,
            "open_allocations": loads.get(profile.staff_id, 0),
        }
        for profile, member in pairs
    ]


def demand_report(uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Demand against capacity, as suppressed aggregate counts only."""
    by_status = uow.requests.count_by_status()
    supporters, hours = uow.supporters.allocatable_capacity()
    return {
        "requests": {status: suppress(by_status.get(status, 0)) for status in ("waiting", "allocated", "closed")},
        "supporters": {"allocatable": suppress(supporters)},
        "capacity": {
            "monthly_hours": suppress(hours),
            "allocated_this_month": suppress(uow.requests.allocated_since(month_start(now()))),
        },
    }


# --- identity's events (handlers; never commit) --------------------------------------------


def record_staff(snapshot: dict[str, Any], at: datetime, uow: SessionsUnitOfWork) -> None:
    """Keep the local copy; a supporter whose record has just arrived may become allocatable."""
    member = uow.staff.get(snapshot["staff_id"])
    if member is None:
        uow.staff.add(StaffCopy.from_snapshot(snapshot, at))
    elif not member.apply_snapshot(snapshot, at):
        return
    _refresh_supporter(snapshot["staff_id"], uow)


def record_leaver(staff_id: str, at: datetime, uow: SessionsUnitOfWork) -> None:
    member = uow.staff.get(staff_id)
    if member is None:
        uow.staff.add(StaffCopy.leaver_not_yet_known(staff_id, at))
    elif not member.mark_left(at):
        return
    _refresh_supporter(staff_id, uow)


def grant_supporter(staff_id: str, monthly_hours: int | None, at: datetime, uow: SessionsUnitOfWork) -> None:
    profile = uow.supporters.get(staff_id)
    if profile is None:
        uow.supporters.add(SupporterProfile.granted(staff_id, monthly_hours, at))
    elif not profile.grant(monthly_hours, at):
        return
    _refresh_supporter(staff_id, uow)


def revoke_supporter(staff_id: str, at: datetime, uow: SessionsUnitOfWork) -> None:
    profile = uow.supporters.get(staff_id)
    if profile is None:
        uow.supporters.add(SupporterProfile.revoked(staff_id, at))
        return
    if profile.revoke(at):
        _refresh_supporter(staff_id, uow)


def record_certification(staff_id: str, certified: bool, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Training's certificate lapsed or was renewed: no new allocations while lapsed, nothing else."""
    profile = uow.supporters.get(staff_id)
    if profile is None:
        log.info("certification news for %s, who is not a supporter here; nothing to change", staff_id)
        return
    if profile.certify(certified, at):
        _refresh_supporter(staff_id, uow)


def _refresh_supporter(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Act on a change in whether someone can be allocated: announce and drain, or hand their work on."""
    profile = uow.supporters.get(staff_id)
    if profile is None:
        return
    uow.serialise_allocations()
    member = uow.staff.get(staff_id)
    change = profile.refresh(member)
    if change is Change.ACTIVATED:
        uow.publish(
            "sessions.supporter.activated",
            {"supporter_id": staff_id, "monthly_capacity": profile.monthly_capacity},
            subject=staff_id,
        )
        _drain_waiting_for(staff_id, uow)
    elif profile.withdrawn(member):
        # Checked apart from `change`: a lapsed supporter (already not allocatable) keeps their
        # requests, and must still hand them on when the role goes or they leave.
        _reallocate_held_by(staff_id, uow)


def _drain_waiting_for(supporter_id: str, uow: SessionsUnitOfWork) -> None:
    at = now()
    pool = Pool(uow.supporters.candidates(month_start(at), only=supporter_id))
    if pool.exhausted:
        return
    waiting = uow.requests.waiting()
    requesters = uow.staff.many(r.requester_id for r in waiting)
    for request in drain_waiting(waiting, requesters, pool, at):
        _announce(uow, request)


def _reallocate_held_by(supporter_id: str, uow: SessionsUnitOfWork) -> None:
    held = uow.requests.open_held_by(supporter_id)
    if not held:
        return
    at = now()
    requesters = uow.staff.many(r.requester_id for r in held)
    pool = Pool(uow.supporters.candidates(month_start(at)))
    for request in reallocate(held, requesters, pool, at):
        _announce(uow, request)


def _announce(uow: SessionsUnitOfWork, request: SupportRequest) -> None:
    """Tell the network where a request stands (notifications tells the people)."""
    if request.status == "allocated":
        uow.publish(
            "sessions.request.allocated",
            {
                "request_id": request.id,
                "requester_id": request.requester_id,
                "supporter_id": request.supporter_id,
                "mode": request.mode,
                "allocated_at": request.allocated_at,
            },
            subject=request.id,
        )
    else:
        uow.publish(
            "sessions.request.waiting",
            {"request_id": request.id, "requester_id": request.requester_id, "reason": request.waiting_reason},
            subject=request.id,
        )
