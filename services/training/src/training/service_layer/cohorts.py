"""Cohorts: scheduling, state, trainers, attendance, competence sign-off and course completion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput, NotFound
from psn_shared.preconditions import Precondition, unconditional
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import (
    DEFAULT_DAY_ENDS,
    DEFAULT_DAY_STARTS,
    Cohort,
    CohortDay,
    CohortKind,
    CohortStatus,
    Place,
    PlaceStatus,
    check_days_ahead,
    today_in_course_time,
)
from training.domain.completion import RefresherTaken, complete_course, complete_refresher
from training.domain.levels import LevelCompletion
from training.domain.nominations import Nomination
from training.domain.policy import Policy, check_may_deliver, check_may_see_days
from training.events import published
from training.service_layer import nominations
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class Day:
    """A course day as asked for: in a room (location), virtual (virtual_link), or both."""

    on: date
    location: str | None = None
    virtual_link: str | None = None
    starts: time = DEFAULT_DAY_STARTS
    ends: time = DEFAULT_DAY_ENDS


@dataclass(frozen=True)
class CreateCohort:
    name: str
    level: int
    capacity: int
    days: list[Day]
    created_by: str
    state: str = CohortStatus.OPEN
    trainer_ids: list[str] = field(default_factory=list)
    backfill_reason: str | None = None
    kind: str = CohortKind.COURSE


@dataclass(frozen=True)
class ChangeState:
    cohort_id: str
    state: str


@dataclass(frozen=True)
class ChangeCohort:
    """A coordinator's change to a planned or open cohort: its capacity, its days, or both."""

    cohort_id: str
    capacity: int | None = None
    days: list[Day] | None = None


@dataclass(frozen=True)
class AssignTrainers:
    cohort_id: str
    trainer_ids: list[str]


@dataclass(frozen=True)
class RecordAttendance:
    cohort_id: str
    staff_id: str
    on: date
    attended: bool
    principal: Principal


@dataclass(frozen=True)
class SignOffCompetence:
    cohort_id: str
    staff_id: str
    competence_id: str
    principal: Principal


@dataclass(frozen=True)
class WithdrawSignOff:
    cohort_id: str
    staff_id: str
    competence_id: str
    principal: Principal


@dataclass(frozen=True)
class RecordCourseCompletion:
    """The final sign-off. The two confirmations record any attendance and sign-offs still missing."""

    cohort_id: str
    staff_id: str
    principal: Principal
    policy: Policy
    attended_all_days: bool = False
    all_competences_signed_off: bool = False


def create_cohort(cmd: CreateCohort, uow: TrainingUnitOfWork) -> Cohort:
    days = [_day(day) for day in cmd.days]
    at = uow.now()
    reason = (cmd.backfill_reason or "").strip() or None
    check_days_ahead(days, today_in_course_time(at), backfill=reason is not None)
    cohort = Cohort(name=cmd.name, level=cmd.level, capacity=cmd.capacity, days=days, created_by=cmd.created_by,
                    status=cmd.state, kind=cmd.kind, created_at=at, backfill_reason=reason)
    if cmd.trainer_ids:
        _assign(cohort, cmd.trainer_ids, uow)
    uow.cohorts.add(cohort)
    uow.commit()
    return cohort


def get_cohort(cohort_id: str, uow: TrainingUnitOfWork) -> Cohort:
    return _found(uow.cohorts.get(cohort_id))


def list_cohorts(level: int | None, status: str | None, limit: int, offset: int, uow: TrainingUnitOfWork
                 ) -> tuple[list[Cohort], int]:
    return uow.cohorts.page(level=level, status=status, limit=limit, offset=offset)


def change_state(cmd: ChangeState, uow: TrainingUnitOfWork) -> Cohort:
    """Open, start, finish or cancel; a cancellation puts every nominee on it back on the general list."""
    cohort = _locked(cmd.cohort_id, uow)
    for seat in cohort.move_to(cmd.state):
        uow.nominations.for_place(seat).back_to_general_list()
        if seat.status == PlaceStatus.BOOKED:
            uow.publish(published.place_released(cohort, seat, "cohort_cancelled"))
    uow.commit()
    return cohort


def change_cohort(cmd: ChangeCohort, uow: TrainingUnitOfWork, precondition: Precondition = unconditional) -> Cohort:
    """Move the days (everyone booked is told; nobody ends up with a clash) and raise or lower the capacity
    (down to the places booked; new places go to the waiting list at once, each promoted person told),
    if the cohort is still as the editor read it (`precondition`)."""
    cohort = _locked(cmd.cohort_id, uow)
    precondition(cohort)
    if cmd.days is not None:
        _reschedule(cohort, [_day(day) for day in cmd.days], uow)
    if cmd.capacity is not None:
        for seat in cohort.change_capacity(cmd.capacity):
            nominations.promote(cohort, seat, uow)
    uow.commit()
    return cohort


def assign_trainers(cmd: AssignTrainers, uow: TrainingUnitOfWork) -> Cohort:
    cohort = _locked(cmd.cohort_id, uow)
    _assign(cohort, cmd.trainer_ids, uow)
    uow.commit()
    return cohort


def participants(cohort_id: str, principal: Principal, uow: TrainingUnitOfWork) -> list[Place]:
    cohort = get_cohort(cohort_id, uow)
    check_may_deliver(cohort, principal)
    return cohort.places


def days_for_calendar(cohort_id: str, principal: Principal, uow: TrainingUnitOfWork) -> Cohort:
    """The cohort, for a calendar of its days: for those booked on it, its trainers and coordinators."""
    cohort = get_cohort(cohort_id, uow)
    check_may_see_days(cohort, principal)
    return cohort


@dataclass(frozen=True)
class Participant:
    """A place with its holder's name, so a trainer marking the register sees people rather than ids, and
    whether they have completed the course on this cohort."""

    place: Place
    name: str | None
    completed: bool

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "place":  # not set yet (a copy being made): never recurse
            raise AttributeError(attribute)
        return getattr(self.place, attribute)


def named_participants(cohort_id: str, principal: Principal, uow: TrainingUnitOfWork) -> list[Participant]:
    places = participants(cohort_id, principal, uow)
    people = [p.staff_id for p in places]
    names = {member.staff_id: member.name for member in uow.staff.many(people)}
    completed = uow.completions.completed_on(cohort_id, people)
    return [Participant(place, names.get(place.staff_id), place.staff_id in completed) for place in places]


def record_attendance(cmd: RecordAttendance, uow: TrainingUnitOfWork) -> Place:
    cohort = _locked(cmd.cohort_id, uow)
    check_may_deliver(cohort, cmd.principal)
    cohort.check_delivering()
    seat = cohort.participant(cmd.staff_id)
    at = uow.now()
    seat.record_attendance(cohort.started_day(cmd.on, at).on, cmd.attended, cmd.principal.staff_id, at)
    uow.commit()
    return seat


def sign_off(cmd: SignOffCompetence, uow: TrainingUnitOfWork) -> Place:
    """A trainer signs off one competence of the cohort's level for a participant; again changes nothing."""
    cohort = _locked(cmd.cohort_id, uow)
    check_may_deliver(cohort, cmd.principal)
    cohort.check_delivering()
    seat = cohort.participant(cmd.staff_id)
    competence = uow.competences.get(cmd.competence_id)
    if competence is None or competence.level != cohort.level or competence.retired:
        raise InvalidInput(f"not a current Level {cohort.level} competence", field="competence_id")
    seat.sign_off(competence.id, cmd.principal.staff_id, uow.now())
    uow.commit()
    return seat


def withdraw_sign_off(cmd: WithdrawSignOff, uow: TrainingUnitOfWork) -> Place:
    """A competence signed off by mistake is taken back, by whoever may sign it off; again changes nothing.

    Only before the participant's course is completed: the completion, its certificate and the event that granted
    the role stand on every sign-off, and a completion is not undone.
    """
    cohort = _locked(cmd.cohort_id, uow)
    check_may_deliver(cohort, cmd.principal)
    cohort.check_delivering()
    seat = cohort.participant(cmd.staff_id)
    if uow.completions.completed_on(cohort.id, [cmd.staff_id]):
        raise Conflict("the course is completed: its sign-offs stand", field="competence_id")
    seat.withdraw_sign_off(cmd.competence_id)
    uow.commit()
    return seat


def record_course_completion(cmd: RecordCourseCompletion, uow: TrainingUnitOfWork
                             ) -> LevelCompletion | RefresherTaken:
    """Every day attended and every competence signed off: the level is complete, announced and certified.

    On a refresher, every day attended renews the holder's certificate (announced as renewed).
    """
    # Everything is read before anything changes, so the changes are written together at the end.
    read = uow.completing(cmd.cohort_id, cmd.staff_id)
    if read is None:
        raise NotFound("no such cohort")
    cohort = read.cohort
    check_may_deliver(cohort, cmd.principal)
    cohort.check_completing()
    seat = cohort.participant(cmd.staff_id)
    nomination, competences = read.nomination, read.competences
    if nomination is None:
        raise LookupError(f"place {seat.id} names no nomination")
    at = uow.now()
    by = cmd.principal.staff_id
    if cmd.attended_all_days:
        # Only the days that have begun: a day still to come stays missing and the completion waits.
        for day in cohort.started_days(at):
            seat.record_attendance(day.on, True, by, at)
    if cohort.is_refresher:
        return _complete_refresher(cohort, seat, nomination, cmd, uow)
    if cmd.all_competences_signed_off:
        for competence in competences:
            seat.sign_off(competence.id, by, at)
    completion = complete_course(
        cohort, seat, nomination, competences, already_complete=read.already_complete, recorded_by=by, at=at,
    )
    certificate = Certificate.issue(completion, cmd.policy.certificate_validity)
    uow.add_completion(seat, nomination, completion, certificate, published.level_completed(completion, nomination))
    uow.commit()
    return completion


def _day(day: Day) -> CohortDay:
    return CohortDay(on=day.on, location=day.location, virtual_link=day.virtual_link, starts=day.starts,
                     ends=day.ends)


def _reschedule(cohort: Cohort, days: list[CohortDay], uow: TrainingUnitOfWork) -> None:
    check_days_ahead(days, today_in_course_time(uow.now()), backfill=cohort.backfill_reason is not None)
    dates = {d.on for d in days}
    people = {p.staff_id for p in cohort.places} | set(cohort.trainer_ids)
    for member in uow.staff.many(sorted(people)):
        elsewhere = [*uow.cohorts.booked_for(member.staff_id), *uow.cohorts.taught_by(member.staff_id)]
        if any(other.id != cohort.id and other.dates & dates for other in elsewhere):
            raise Conflict(f"{member.name} is on another cohort on one of those days", field="days")
    previous = cohort.reschedule(days)
    if _when_and_where(previous) != _when_and_where(cohort.days):
        uow.publish(published.cohort_rescheduled(cohort, previous))


def _when_and_where(days: list[CohortDay]) -> list[tuple]:
    return sorted((d.on, d.starts, d.ends, d.location, d.virtual_link) for d in days)


def _complete_refresher(cohort: Cohort, seat: Place, nomination: Nomination, cmd: RecordCourseCompletion,
                        uow: TrainingUnitOfWork) -> RefresherTaken:
    certificate = uow.certificates.of(seat.staff_id, cohort.level, lock=True)
    taken = complete_refresher(cohort, seat, nomination, certificate, validity=cmd.policy.certificate_validity,
                               recorded_by=cmd.principal.staff_id, at=uow.now())
    uow.publish(published.certification_renewed(certificate))
    uow.commit()
    return taken


def _assign(cohort: Cohort, trainer_ids: list[str], uow: TrainingUnitOfWork) -> None:
    trainers = uow.staff.many(sorted(set(trainer_ids)))
    if len(trainers) != len(set(trainer_ids)):
        raise InvalidInput("every trainer must be a member of staff known to training", field="trainer_ids")
    busy = [c for t in trainers for c in uow.cohorts.taught_by(t.staff_id)]
    for trainer in trainers:
        certificate = uow.certificates.of(trainer.staff_id, 3)
        if certificate is not None and certificate.status == CertificateStatus.LAPSED:
            raise Conflict(f"{trainer.name}'s Level 3 certificate has lapsed; a Level 3 refresher renews it",
                           field="trainer_ids")
    cohort.assign_trainers(trainers, busy)
    for trainer in trainers:
        if any(cohort.clashes_with(other) for other in uow.cohorts.booked_for(trainer.staff_id)):
            raise Conflict(f"{trainer.name} is booked as a participant on one of these days", field="trainer_ids")


def _locked(cohort_id: str, uow: TrainingUnitOfWork) -> Cohort:
    """The cohort, locked for the rest of the transaction: requests changing it queue up."""
    return _found(uow.cohorts.get(cohort_id, lock=True))


def _found(cohort: Cohort | None) -> Cohort:
    if cohort is None:
        raise NotFound("no such cohort")
    return cohort

