"""Sessions' reads behind the API: each checks who is asking and never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from sessions.domain import policy
from sessions.domain.model import RequestRecord, RequestStatus, SupporterProfile, SupportRequest, month_start
from sessions.domain.reports import suppress
from sessions.domain.staff import Contact
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork

NOT_YOURS = "you may only act on your own records"
EVER = datetime.min.replace(tzinfo=UTC)  # open allocations since ever: open cases


def readable_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupportRequest:
    """Anyone but the requester, their supporter and the coordinator learns nothing, not even existence."""
    request = uow.requests.get(request_id)
    if request is None or not policy.may_see_request(request, principal):
        raise NotFound("no such support request")
    return request


@dataclass(frozen=True)
class RequestView:
    """A request as one caller sees it: with the other party's contact when the caller is one of the pair."""

    request: SupportRequest | RequestRecord
    contact: Contact | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.request, name)


def request_view(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> RequestView:
    """`readable_request` and `with_contact` in one read: the request comes with both parties' contacts."""
    found = uow.requests.with_pair(request_id)
    if found is None or not policy.may_see_request(found[0], principal):
        raise NotFound("no such support request")
    request, pair = found
    return RequestView(request, pair.get(policy.contact_shown_to(request, principal)))


def with_contact(request: SupportRequest, principal: Principal, uow: SessionsUnitOfWork) -> RequestView:
    return with_contacts([request], principal, uow)[0]


def list_requests(
    principal: Principal, status: RequestStatus | None, limit: int, offset: int, uow: SessionsUnitOfWork
) -> tuple[list[RequestView], int]:
    involving = policy.requests_involving(principal)
    items, total = uow.requests.page(involving=involving, status=status, limit=limit, offset=offset)
    return with_contacts(items, principal, uow), total


def with_contacts(requests: list[SupportRequest], principal: Principal, uow: SessionsUnitOfWork) -> list[RequestView]:
    shown = {r.id: policy.contact_shown_to(r, principal) for r in requests}
    people = uow.staff.many(staff_id for staff_id in shown.values() if staff_id)
    return [RequestView(r, Contact.of(people[shown[r.id]]) if shown[r.id] in people else None) for r in requests]


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
    ids = [profile.staff_id for profile, _ in pairs]
    loads = uow.supporters.loads(month_start(now()), ids)
    open_cases = uow.supporters.loads(EVER, ids)
    return [
        {
            "staff_id": profile.staff_id,
            "name": member.name if member else None,
            "team_id": member.team_id if member else None,
            "allocatable": profile.allocatable,
            "monthly_capacity": profile.monthly_capacity,
            "open_allocations": loads.get(profile.staff_id, 0),
            "open_cases": open_cases.get(profile.staff_id, 0),
            "paused": profile.paused,
            "cool_down_until": profile.cool_down_until,
        }
        for profile, member in pairs
    ]
