"""The news sessions hears from identity and training, built as they publish it, for every test layer.

`Identity` delivers what it builds through whatever applies an event and commits, as the consumer
does: the shared `deliver` fixture (real database) or the service-layer fakes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from psn_shared.events import Envelope
from psn_shared.roles import Role


def registered(team_id: str | None = None, *, line_manager_id: str | None = None,
               senior_manager_id: str | None = None, staff_id: str | None = None,
               status: str = "active", at: datetime | None = None, organisation_id: str | None = None,
               start_date: date | None = None, phone: str | None = None) -> Envelope:
    staff_id = staff_id or str(uuid.uuid4())
    event = Envelope.new("identity.staff.registered", {
        "staff_id": staff_id, "employee_number": f"E{staff_id[:6]}", "name": f"Person {staff_id[:6]}",
        "email": f"p{staff_id[:6]}@psn.test", "team_id": team_id, "grade": None,
        "line_manager_id": line_manager_id, "senior_manager_id": senior_manager_id, "status": status,
        "roles": ["staff"], "organisation_id": organisation_id, "start_date": start_date, "phone": phone},
        source="identity",
        subject=staff_id)
    return replace(event, time=at) if at else event


def help_source(change: str = "published", *, source_id: str | None = None, at: datetime | None = None,
                **fields: object) -> Envelope:
    """identity.help_source.<change>: a source of help, whole, as identity announces it."""
    source_id = source_id or str(uuid.uuid4())
    data = {"help_source_id": source_id, "name": "Breathing Space", "kind": "crisis_line",
            "for_whom": "anyone feeling low", "hours": "evenings and weekends", "active": change != "withdrawn",
            "updated_at": at or datetime.now(UTC), "phone": "0800 83 85 87", **fields}
    return Envelope.new(f"identity.help_source.{change}", data, source="identity", subject=source_id)


def granted(staff_id: str, monthly_hours: int | None = 2, role: str = Role.PEER_SUPPORTER,
            at: datetime | None = None) -> Envelope:
    return Envelope.new("identity.role.granted", {
        "staff_id": staff_id, "role": role, "reason": "Level 2 Peer Supporter completed", "granted_by": None,
        "granted_at": at or datetime.now(UTC), "monthly_hours": monthly_hours}, source="identity")


def hours_changed(staff_id: str, monthly_hours: int, at: datetime | None = None,
                  previous_hours: int | None = 2) -> Envelope:
    """identity.supporter_hours.changed: hours lowered, or a raise agreed by the other manager."""
    return Envelope.new("identity.supporter_hours.changed", {
        "change_id": str(uuid.uuid4()), "staff_id": staff_id, "monthly_hours": monthly_hours,
        "previous_hours": previous_hours, "changed_by": str(uuid.uuid4()), "changed_at": at or datetime.now(UTC),
        "agreed_by": None, "reason": None}, source="identity")


def revoked(staff_id: str, role: str = Role.PEER_SUPPORTER, at: datetime | None = None) -> Envelope:
    return Envelope.new("identity.role.revoked", {
        "staff_id": staff_id, "role": role, "reason": "withdrawn", "revoked_by": None,
        "revoked_at": at or datetime.now(UTC)}, source="identity")


def left(staff_id: str, left_on: date | None = None) -> Envelope:
    return Envelope.new("identity.staff.left", {"staff_id": staff_id, "left_on": left_on or date.today()},
                        source="identity")


def certification(type_: str, staff_id: str, level: int = 2) -> Envelope:
    """training.certification.lapsed / renewed, as training announces them."""
    return Envelope.new(type_, {"staff_id": staff_id, "level": level, "certificate_id": str(uuid.uuid4()),
                                "expires_on": date.today()}, source="training")


class Identity:
    """Stands in for identity: builds its events and delivers them."""

    def __init__(self, deliver: Callable[[Envelope], None]) -> None:
        self.deliver = deliver

    def register(self, team_id: str | None = None, **kwargs: str | None) -> str:
        event = registered(team_id, **kwargs)
        self.deliver(event)
        return event.data.staff_id

    def grant(self, staff_id: str, monthly_hours: int | None = 2, role: str = Role.PEER_SUPPORTER) -> None:
        self.deliver(granted(staff_id, monthly_hours, role))

    def change_hours(self, staff_id: str, monthly_hours: int) -> None:
        self.deliver(hours_changed(staff_id, monthly_hours))

    def revoke(self, staff_id: str, role: str = Role.PEER_SUPPORTER) -> None:
        self.deliver(revoked(staff_id, role))

    def left(self, staff_id: str, left_on: date | None = None) -> None:
        self.deliver(left(staff_id, left_on))

    def help_source(self, change: str = "published", **fields: object) -> str:
        event = help_source(change, **fields)
        self.deliver(event)
        return event.data.help_source_id

    def supporter(self, team_id: str | None = None, monthly_hours: int | None = 2, **kwargs: str | None) -> str:
        staff_id = self.register(team_id, **kwargs)
        self.grant(staff_id, monthly_hours)
        return staff_id
