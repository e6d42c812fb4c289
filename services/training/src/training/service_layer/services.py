"""Training's use cases: each takes a command and a unit of work, and commits or changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, InvalidInput, NotFound
from training.domain import model
from training.domain.model import Cohort, CohortDay, LevelCompletion, Nomination, StaffMember
from training.service_layer.uow import TrainingUnitOfWork

COORDINATORS = ("coordinator", "admin")


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RecordLevel1:
    staff_id: str
    completed_on: date
    source: str
    recorded_by: str


@dataclass(frozen=True)
class CreateCohort:
    name: str
    level: int
    capacity: int
    days: list[dict[str, Any]]
    created_by: str


@dataclass(frozen=True)
class Nominate:
    nominee_id: str
    cohort_id: str
    nominated_by: str


@dataclass(frozen=True)
class Decide:
    nomination_id: str
    approver_id: str
    decision: str
    monthly_hours: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class RecordCourseCompletion:
    cohort_id: str
    staff_id: str
    recorded_by: str


def record_level_1(cmd: RecordLevel1, uow: TrainingUnitOfWork) -> tuple[LevelCompletion, bool]:
    """Record Level 1 once; returns (the record, whether it is new). Recording again changes nothing."""
    member = uow.staff.get(cmd.staff_id, lock=True)
    if member is None:
        raise InvalidInput("no such member of staff is known to training yet", field="staff_id")
    existing = uow.completions.get(member.id, 1)
    if existing is not None:
        return existing, False
    completion = model.record_level_1(
        member, completed_on=cmd.completed_on, source=cmd.source, recorded_by=cmd.recorded_by, at=now()
    )
    uow.completions.add(completion)
    _announce_completion(completion, uow)
    uow.commit()
    return completion, True


def create_cohort(cmd: CreateCohort, uow: TrainingUnitOfWork) -> Cohort:
    days = [CohortDay(**day) for day in cmd.days]
    cohort = Cohort(name=cmd.name, level=cmd.level, capacity=cmd.capacity, days=days, created_by=cmd.created_by)
    uow.cohorts.add(cohort)
    uow.commit()
    return cohort


def get_cohort(cohort_id: str, uow: TrainingUnitOfWork) -> Cohort:
    cohort = uow.cohorts.get(cohort_id)
    if cohort is None:
        raise NotFound("no such cohort")
    return cohort


def nominate(cmd: Nominate, uow: TrainingUnitOfWork) -> Nomination:
    # The nominee's row lock makes two nominations of the same person queue up, so only one opens.
    nominee = uow.staff.get(cmd.nominee_id, lock=True)
    if nominee is None:
        raise InvalidInput("no such member of staff is known to training", field="nominee_id")
    cohort = uow.cohorts.get(cmd.cohort_id)
    if cohort is None:
        raise InvalidInput("no such cohort", field="cohort_id")
    nomination = model.nominate(
        nominee,
        cohort,
        nominated_by=cmd.nominated_by,
        completed_levels={c.level for c in uow.completions.for_staff(nominee.id)},
        has_open_nomination=uow.nominations.open_for(nominee.id, cohort.level) is not None,
        at=now(),
    )
    uow.nominations.add(nomination)
    uow.commit()
    return nomination


def decide(cmd: Decide, uow: TrainingUnitOfWork) -> Nomination:
    """A manager approves (confirming monthly hours) or refuses; the last approval books a place."""
    nomination = uow.nominations.get(cmd.nomination_id, lock=True)
    if nomination is None:
        raise NotFound("no such nomination")
    nominee = _known(nomination.nominee_id, uow)
    if cmd.decision == "approve":
        # Locked because booking the last free place must not race another approval.
        cohort = uow.cohorts.get(nomination.cohort_id, lock=True)
        nomination.approve(nominee, cohort, approver_id=cmd.approver_id, monthly_hours=cmd.monthly_hours, at=now())
    else:
        nomination.refuse(nominee, approver_id=cmd.approver_id, reason=cmd.reason, at=now())
    uow.commit()
    return nomination


def readable_nomination(nomination_id: str, principal: Principal, uow: TrainingUnitOfWork) -> Nomination:
    nomination = uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFound("no such nomination")
    _check_may_read(_known(nomination.nominee_id, uow), principal)
    return nomination


def record_course_completion(cmd: RecordCourseCompletion, uow: TrainingUnitOfWork) -> LevelCompletion:
    cohort = uow.cohorts.get(cmd.cohort_id, lock=True)
    if cohort is None:
        raise NotFound("no such cohort")
    seat = cohort.booked_place(cmd.staff_id)
    nomination = uow.nominations.get(seat.nomination_id) if seat else None
    completion = model.complete_course(
        cohort,
        cmd.staff_id,
        nomination,
        already_complete=uow.completions.get(cmd.staff_id, cohort.level) is not None,
        recorded_by=cmd.recorded_by,
        at=now(),
    )
    uow.completions.add(completion)
    _announce_completion(completion, uow, nomination)
    uow.commit()
    return completion


@dataclass(frozen=True)
class TrainingRecord:
    member: StaffMember
    completions: list[LevelCompletion]
    nominations: list[Nomination]


def training_record(staff_id: str, principal: Principal, uow: TrainingUnitOfWork) -> TrainingRecord:
    """What training knows of a person; 404 until their record has arrived from identity."""
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff is known to training (yet)")
    _check_may_read(member, principal)
    return TrainingRecord(member, uow.completions.for_staff(staff_id), uow.nominations.for_nominee(staff_id))


def _announce_completion(
    completion: LevelCompletion, uow: TrainingUnitOfWork, nomination: Nomination | None = None
) -> None:
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


def _known(staff_id: str, uow: TrainingUnitOfWork) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None:  # a nomination is only ever made for someone known, and staff are never deleted
        raise NotFound("no such member of staff")
    return member


def _check_may_read(member: StaffMember, principal: Principal) -> None:
    """A person's training is theirs, their managers' and the network coordinators' business."""
    readers = (member.id, member.line_manager_id, member.senior_manager_id)
    if principal.staff_id not in readers and not principal.has_role(*COORDINATORS):
        raise Forbidden("you may read only your own training and that of the people you manage")



class StaffNotYetKnown(LookupError):
    """An event about someone whose registration has not arrived yet: raising makes the consumer
    retry it with backoff, by when the registration (delayed, or being retried) has been applied."""


def record_staff_snapshot(snapshot: dict[str, Any], at: datetime, uow: TrainingUnitOfWork) -> None:
    """Registered or updated in identity: keep the copy, whichever of the two arrives first."""
    member = uow.staff.get(snapshot["staff_id"])
    if member is None:
        uow.staff.add(StaffMember.from_snapshot(snapshot, at))
    else:
        member.apply_snapshot(snapshot, at)


def record_staff_left(staff_id: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    _copy_of(staff_id, uow).mark_left(at)


def record_role_granted(staff_id: str, role: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    _copy_of(staff_id, uow).grant(role, at)


def record_role_revoked(staff_id: str, role: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    _copy_of(staff_id, uow).revoke(role, at)


def _copy_of(staff_id: str, uow: TrainingUnitOfWork) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None:
        raise StaffNotYetKnown(f"no local copy of staff {staff_id} yet")
    return member
