"""Events as notifications receives them, and applying them as the consumer does, on the fakes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from notifications.domain.model import StaffCopy
from notifications.events.handlers import HANDLERS
from psn_shared.events import Envelope
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork

T0 = datetime(2026, 11, 20, 10, tzinfo=UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def handle(uow: FakeNotificationsUnitOfWork, event: Envelope) -> None:
    """The handler's effects, then the commit the consumer makes: a handler never commits itself."""
    commits = uow.commits
    HANDLERS[event.type](event, uow)
    assert uow.commits == commits, "a handler committed; only the consumer may"
    uow.commit()


def at(event: Envelope, time: datetime) -> Envelope:
    return replace(event, time=time)


def snapshot(name: str, *, staff_id: str | None = None, roles: tuple[str, ...] = (),
             line_manager_id: str | None = None, email: str | None = None,
             senior_manager_id: str | None = None) -> dict[str, Any]:
    return {
        "staff_id": staff_id or new_id(), "employee_number": f"E-{name}", "name": name,
        "email": email or f"{name.lower().replace(' ', '.')}@psn.test", "team_id": None, "grade": None,
        "line_manager_id": line_manager_id, "senior_manager_id": senior_manager_id, "status": "active",
        "roles": ["staff", *roles],
    }


def identity(type_: str, data: dict[str, Any], time: datetime = T0) -> Envelope:
    """identity's news, made at `time` (staff copies apply it by that time, not by arrival)."""
    return at(Envelope.new(f"identity.{type_}", data, source="identity"), time)


def person(uow: FakeNotificationsUnitOfWork, name: str, *, roles: tuple[str, ...] = (),
           line_manager_id: str | None = None, senior_manager_id: str | None = None) -> StaffCopy:
    """Someone registered through identity's event, an hour before T0."""
    data = snapshot(name, roles=roles, line_manager_id=line_manager_id, senior_manager_id=senior_manager_id)
    handle(uow, identity("staff.registered", data, T0 - timedelta(hours=1)))
    return uow.staff.get(data["staff_id"])


def left(staff_id: str, time: datetime = T0) -> Envelope:
    return identity("staff.left", {"staff_id": staff_id, "left_on": date(2026, 11, 19)}, time)


def role_granted(staff_id: str, role: str, monthly_hours: int | None = None, time: datetime = T0) -> Envelope:
    return identity("role.granted", {
        "staff_id": staff_id, "role": role, "reason": "Level 2 Peer Supporter completed", "granted_by": None,
        "granted_at": time, "monthly_hours": monthly_hours,
    }, time)


def supporter_hours_changed(staff_id: str, monthly_hours: int, time: datetime = T0) -> Envelope:
    return identity("supporter_hours.changed", {
        "change_id": new_id(), "staff_id": staff_id, "monthly_hours": monthly_hours, "previous_hours": 4,
        "changed_by": new_id(), "changed_at": time, "agreed_by": None, "reason": "a private matter",
    }, time)


def supporter_hours_raise_proposed(staff_id: str, awaiting_manager_id: str | None, time: datetime = T0) -> Envelope:
    return identity("supporter_hours.raise_proposed", {
        "change_id": new_id(), "staff_id": staff_id, "proposed_hours": 6, "monthly_hours": 4,
        "proposed_by": new_id(), "proposed_at": time, "awaited_post": "senior_manager",
        "awaiting_manager_id": awaiting_manager_id, "reason": "a private matter",
    }, time)


def supporter_hours_raise_declined(staff_id: str, proposed_by: str, time: datetime = T0) -> Envelope:
    return identity("supporter_hours.raise_declined", {
        "change_id": new_id(), "staff_id": staff_id, "proposed_hours": 6, "monthly_hours": 4,
        "proposed_by": proposed_by, "declined_by": new_id(), "declined_as": "senior_manager", "declined_at": time,
        "reason": "a private matter",
    }, time)


def role_revoked(staff_id: str, role: str, time: datetime = T0, ending: str | None = None) -> Envelope:
    return identity("role.revoked", {
        "staff_id": staff_id, "role": role, "reason": "stepped down", "revoked_by": None, "revoked_at": time,
        **({"ending": ending} if ending else {}),
    }, time)


def allocated(requester_id: str, supporter_id: str, mode: str = "video") -> Envelope:
    return Envelope.new("sessions.request.allocated", {
        "request_id": new_id(), "requester_id": requester_id, "supporter_id": supporter_id,
        "mode": mode, "allocated_at": T0,
    }, source="sessions")


def waiting(requester_id: str) -> Envelope:
    return Envelope.new("sessions.request.waiting", {
        "request_id": new_id(), "requester_id": requester_id, "reason": "no supporter has capacity",
    }, source="sessions")


def training(type_: str, **data: object) -> Envelope:
    return Envelope.new(f"training.{type_}", data, source="training")
