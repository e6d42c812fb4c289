"""A supporter's weekly windows and leave: set by them (or the coordinator), seen by those they support."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from psn_shared.preconditions import Precondition, unconditional
from sessions.domain import policy
from sessions.domain.availability import Leave, checked_windows
from sessions.domain.conversations import london
from sessions.domain.model import SupporterProfile
from sessions.service_layer.common import now
from sessions.service_layer.queries import NOT_YOURS, readable_request
from sessions.service_layer.uow import SessionsUnitOfWork


def today() -> date:
    """Leave is in Europe/London days."""
    return london(now()).date()


def availability_of(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    _manageable(staff_id, principal, uow)
    return _view(staff_id, uow)


def availability_for_request(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """What the pair (and the coordinator) need to pick a time: the supporter's windows and coming leave."""
    request = readable_request(request_id, principal, uow)
    if request.supporter_id is None:
        raise NotFound("this request has no supporter yet")
    return _view(request.supporter_id, uow)


def set_windows(staff_id: str, windows: list[tuple[int, time, time]], principal: Principal,
                uow: SessionsUnitOfWork, precondition: Precondition = unconditional) -> dict[str, Any]:
    """Replace the supporter's week (if still the week the editor read); conversations booked stay as they are."""
    uow.hold(_manageable(staff_id, principal, uow))
    precondition(_view(staff_id, uow))
    uow.availability.replace_windows(staff_id, checked_windows(staff_id, windows))
    uow.commit()
    return _view(staff_id, uow)


def add_leave(staff_id: str, first_day: date, last_day: date, principal: Principal,
              uow: SessionsUnitOfWork) -> Leave:
    """Record days away; what is booked in them stays booked (the supporter moves or cancels it)."""
    _manageable(staff_id, principal, uow)
    day = today()
    held = uow.availability.leave(staff_id, ending_on_or_after=day)
    leave = Leave.checked(staff_id, first_day, last_day, day, held)
    uow.availability.add_leave(leave)
    uow.commit()
    return leave


def remove_leave(staff_id: str, leave_id: str, principal: Principal, uow: SessionsUnitOfWork) -> None:
    _manageable(staff_id, principal, uow)
    leave = uow.availability.get_leave(leave_id)
    if leave is None or leave.supporter_id != staff_id:
        raise NotFound("no such leave")
    uow.availability.remove_leave(leave)
    uow.commit()


def _manageable(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> SupporterProfile:
    # Checked before the lookup, so a stranger cannot tell who is a supporter.
    if not policy.may_manage_availability(staff_id, principal):
        raise Forbidden(NOT_YOURS)
    profile = uow.supporters.get(staff_id)
    if profile is None:
        raise NotFound("no such supporter")
    return profile


def _view(staff_id: str, uow: SessionsUnitOfWork) -> dict[str, Any]:
    return {
        "staff_id": staff_id,
        "time_zone": "Europe/London",
        "windows": uow.availability.windows(staff_id),
        "leave": uow.availability.leave(staff_id, ending_on_or_after=today()),
    }
