"""What several training use cases lean on: the clock, the staff copy they act on, the completion event."""

from __future__ import annotations

from datetime import UTC, datetime

from psn_shared.errors import NotFound
from training.domain.levels import LevelCompletion
from training.domain.nominations import Nomination
from training.domain.staff import StaffMember
from training.service_layer.uow import TrainingUnitOfWork


def now() -> datetime:
    return datetime.now(UTC)


def known(staff_id: str, uow: TrainingUnitOfWork) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff is known to training (yet)")
    return member


def announce_completion(completion: LevelCompletion, nomination: Nomination | None, uow: TrainingUnitOfWork) -> None:
    """Everything identity and sessions need: the level, both endorsements and the hours agreed.

    Level 1 has no nomination: it is recorded, not approved.
    """
    uow.publish(
        "training.level.completed",
        {
            "staff_id": completion.staff_id,
            "level": completion.level,
            "completed_on": completion.completed_on,
            "cohort_id": completion.cohort_id,
            "monthly_hours": nomination.agreed_monthly_hours if nomination else None,
            "approvals": [a.to_event() for a in nomination.approvals] if nomination else [],
        },
        subject=completion.staff_id,
    )
