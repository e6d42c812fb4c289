"""What every training use case leans on: the clock, who coordinates, reading rights, the completion event."""

from __future__ import annotations

from datetime import UTC, datetime

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from training.domain.model import LevelCompletion, Nomination, StaffMember
from training.service_layer.uow import TrainingUnitOfWork

COORDINATORS = ("coordinator", "admin")


def now() -> datetime:
    return datetime.now(UTC)


def known(staff_id: str, uow: TrainingUnitOfWork) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff is known to training (yet)")
    return member


def check_may_read(member: StaffMember, principal: Principal) -> None:
    """A person's training is theirs, their managers' and the network coordinators' business."""
    readers = (member.id, member.line_manager_id, member.senior_manager_id)
    if principal.staff_id not in readers and not principal.has_role(*COORDINATORS):
        raise Forbidden("you may read only your own training and that of the people you manage")


def announce_completion(completion: LevelCompletion, uow: TrainingUnitOfWork,
                        nomination: Nomination | None = None) -> None:
    """Everything identity and sessions need: the level, both endorsements and the hours agreed."""
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
