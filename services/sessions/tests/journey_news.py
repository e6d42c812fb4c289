"""identity's news the support journey reacts to (moves, delegations, contact details), as identity publishes it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from psn_shared.events import Envelope


def moved(staff_id: str, *, team_id: str | None, line_manager_id: str | None = None,
          senior_manager_id: str | None = None, changed: tuple[str, ...] = ("line_manager_id",)) -> Envelope:
    return Envelope.new("identity.staff.updated", {
        "staff_id": staff_id, "employee_number": f"E{staff_id[:6]}", "name": f"Person {staff_id[:6]}",
        "email": f"p{staff_id[:6]}@psn.test", "team_id": team_id, "grade": None,
        "line_manager_id": line_manager_id, "senior_manager_id": senior_manager_id, "status": "active",
        "roles": ["staff"], "changed": list(changed), "preferred_name": None, "phone": None,
    }, source="identity", subject=staff_id)


def delegation_granted(manager_id: str, delegate_id: str, *, days: int = 14) -> Envelope:
    today = datetime.now(UTC).date()
    return Envelope.new("identity.delegation.granted", {
        "delegation_id": str(uuid.uuid4()), "manager_id": manager_id, "delegate_id": delegate_id,
        "starts_on": today, "ends_on": today + timedelta(days=days), "granted_by": None,
    }, source="identity")


def delegation_ended(granted: Envelope) -> Envelope:
    return Envelope.new("identity.delegation.ended", {
        "delegation_id": granted.data.delegation_id, "manager_id": granted.data.manager_id,
        "delegate_id": granted.data.delegate_id, "ended_at": datetime.now(UTC), "reason": "back from leave",
    }, source="identity")


def contact(staff_id: str, *, preferred_name: str, phone: str) -> Envelope:
    """A registration carrying the contact details sessions shows a supporting pair."""
    return Envelope.new("identity.staff.registered", {
        "staff_id": staff_id, "employee_number": f"E{staff_id[:6]}", "name": f"Person {staff_id[:6]}",
        "email": f"p{staff_id[:6]}@psn.test", "team_id": None, "grade": None, "line_manager_id": None,
        "senior_manager_id": None, "status": "active", "roles": ["staff"], "preferred_name": preferred_name,
        "phone": phone,
    }, source="identity", subject=staff_id)
