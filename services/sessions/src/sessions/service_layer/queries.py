"""Sessions' reads behind the API: each checks who is asking and never commits."""

from __future__ import annotations

from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from sessions.domain import policy
from sessions.domain.model import RequestStatus, SupporterProfile, SupportRequest, month_start
from sessions.domain.reports import suppress
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork

NOT_YOURS = "you may only act on your own records"


def readable_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """Anyone but the requester, their supporter and the coordinator learns nothing, not even existence."""
    request = uow.requests.get(request_id)
    if request is None or not policy.may_see_request(request, principal):
        raise NotFound("no such support request")
    return request


def list_requests(
    principal: Principal, status: RequestStatus | None, limit: int, offset: int, uow: SessionsUnitOfWork
) -> tuple[list[SupportRequest], int]:
    involving = policy.requests_involving(principal)
    return uow.requests.page(involving=involving, status=status, limit=limit, offset=offset)


def supporter_view(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    # Checked before the lookup, so a stranger cannot tell who is a supporter.
    if not policy.may_see_supporter(staff_id, principal):
        raise Forbidden(NOT_YOURS)
    views = _supporter_views(staff_id, uow)
    if not views:
        raise NotFound("no such supporter")
    return views[0]


def supporter_list(uow: SessionsUnitOfWork) -> list[dict[str, Any]]:
    return _supporter_views(None, uow)


def supporter_preferences(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    # Checked before the lookup, so a stranger cannot tell who is a supporter.
    if not policy.may_manage_preferences(staff_id, principal):
        raise Forbidden(NOT_YOURS)
    profile = uow.supporters.get(staff_id)
    if profile is None:
        raise NotFound("no such supporter")
    return profile


def demand_report(uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Demand against capacity, as suppressed aggregate counts only."""
    by_status = uow.requests.count_by_status()
    supporters, hours = uow.supporters.allocatable_capacity()
    return {
        "requests": {status: suppress(by_status.get(status, 0)) for status in RequestStatus},
        "supporters": {"allocatable": suppress(supporters)},
        "capacity": {
            "monthly_hours": suppress(hours),
            "allocated_this_month": suppress(uow.requests.allocated_since(month_start(now()))),
        },
    }


def _supporter_views(staff_id: str | None, uow: SessionsUnitOfWork) -> list[dict[str, Any]]:
    """One supporter's view, or everyone's (None)."""
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
