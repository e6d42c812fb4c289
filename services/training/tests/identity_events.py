"""Identity's events as training receives them, for the integration and service-layer tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from psn_shared.events import Envelope

SNAPSHOTS = ("identity.staff.registered", "identity.staff.updated", "identity.staff.reinstated")


def identity_event(type_: str, staff_id: str, *, time: datetime | None = None, **data: object) -> Envelope:
    """An identity event about someone; staff snapshots get identity's full set of fields."""
    if type_ in SNAPSHOTS:
        data = {
            "employee_number": f"E{staff_id[:6]}",
            "name": f"Person {staff_id[:6]}",
            "email": f"p{staff_id[:6]}@psn.test",
            "team_id": None,
            "grade": "Band 6",
            "line_manager_id": None,
            "senior_manager_id": None,
            "status": "active",
            "roles": ["staff"],
            **({"changed": []} if type_ == "identity.staff.updated" else {}),
            **data,
        }
    event = Envelope.new(type_, {"staff_id": staff_id, **data}, source="identity", subject=staff_id)
    return event if time is None else replace(event, time=time)
