"""Training's events as identity receives them, for the integration and service-layer tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from psn_shared.events import Envelope

BOTH = ("line_manager", "senior_manager")


def level_completed(staff_id: str, level: int = 2, *, endorsed_by: Iterable[str] = BOTH,
                    monthly_hours: int | None = 4) -> Envelope:
    """training.level.completed; at Level 2 with an approval in each capacity of `endorsed_by`
    (3, 4, ... hours a month, in that order)."""
    approvals = [
        {"approver_id": str(uuid.uuid4()), "capacity": capacity, "monthly_hours": 3 + n,
         "approved_at": datetime(2026, 11, 1, tzinfo=UTC)}
        for n, capacity in enumerate(endorsed_by)
    ] if level == 2 else []
    return Envelope.new("training.level.completed", {
        "staff_id": staff_id, "level": level, "completed_on": date(2026, 11, 20), "monthly_hours": monthly_hours,
        "approvals": approvals}, source="training")
