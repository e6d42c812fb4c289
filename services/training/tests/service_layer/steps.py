"""Nominations taken through the use cases, for tests that need one at a given step."""

from __future__ import annotations

from training.domain.cohorts import Cohort
from training.domain.nominations import Nomination
from training.domain.policy import Policy
from training.domain.staff import StaffCopy
from training.service_layer import nominations
from training.service_layer.uow import TrainingUnitOfWork


def nominate(uow: TrainingUnitOfWork, nominee: StaffCopy, cohort: Cohort | None = None,
             level: int | None = None) -> Nomination:
    cmd = nominations.Nominate(nominee_id=nominee.staff_id, nominated_by=nominee.staff_id, policy=Policy(),
                               cohort_id=cohort.id if cohort else None, level=level)
    return nominations.nominate(cmd, uow)


def decide(uow: TrainingUnitOfWork, nomination: Nomination, approver_id: str, decision: str = "approve",
           hours: int = 4, reason: str | None = None) -> Nomination:
    cmd = nominations.Decide(nomination_id=nomination.id, approver_id=approver_id, decision=decision,
                             monthly_hours=hours, reason=reason)
    return nominations.decide(cmd, uow)


def approved(uow: TrainingUnitOfWork, nominee: StaffCopy, cohort: Cohort | None = None,
             hours: tuple[int, int] = (6, 4)) -> Nomination:
    """Nominated, then approved by the line manager and the senior manager (booked when `cohort` takes them)."""
    nomination = nominate(uow, nominee, cohort, level=None if cohort else 2)
    decide(uow, nomination, nominee.line_manager_id, hours=hours[0])
    return decide(uow, nomination, nominee.senior_manager_id, hours=hours[1])
