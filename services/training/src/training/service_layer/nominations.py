"""Nominations, the managers' two-step approval (or their delegates'), booking, the waiting list and withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput, NotFound
from training.domain.cohorts import Cohort, CohortStatus, Place, check_no_clash
from training.domain.levels import COURSE_LEVELS
from training.domain.nominations import Nomination, NominationStatus
from training.domain.nominations import nominate as new_nomination
from training.domain.policy import Policy, check_may_book, check_may_read
from training.events import published
from training.service_layer.common import known
from training.service_layer.records import eligibility_for_level_3
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class Nominate:
    nominee_id: str
    nominated_by: str
    policy: Policy
    cohort_id: str | None = None
    level: int | None = None


@dataclass(frozen=True)
class Decide:
    nomination_id: str
    approver_id: str
    decision: str
    monthly_hours: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Book:
    nomination_id: str
    cohort_id: str
    principal: Principal


@dataclass(frozen=True)
class Withdraw:
    nomination_id: str
    principal: Principal


def nominate(cmd: Nominate, uow: TrainingUnitOfWork) -> Nomination:
    """Nominate for a cohort, or for a level with no date yet (the general list)."""
    # The nominee's row lock makes two nominations of the same person queue up, so only one opens.
    nominee = uow.staff.get(cmd.nominee_id, lock=True)
    if nominee is None:
        raise InvalidInput("no such member of staff is known to training", field="nominee_id")
    cohort = None
    if cmd.cohort_id is not None:
        cohort = uow.cohorts.get(cmd.cohort_id)
        if cohort is None:
            raise InvalidInput("no such cohort", field="cohort_id")
    level = cohort.level if cohort else cmd.level
    if level not in COURSE_LEVELS:
        raise InvalidInput("give a cohort, or the level (2 or 3) to wait for a date", field="level")
    nomination = new_nomination(
        nominee,
        level=level,
        cohort=cohort,
        nominated_by=cmd.nominated_by,
        completed_levels={c.level for c in uow.completions.for_staff(nominee.staff_id)},
        has_open_nomination=uow.nominations.open_for(nominee.staff_id, level) is not None,
        level_3_refusal=eligibility_for_level_3(nominee, cmd.policy, uow).refusal if level == 3 else None,
        at=uow.now(),
    )
    uow.nominations.add(nomination)
    uow.commit()
    return nomination


def decide(cmd: Decide, uow: TrainingUnitOfWork) -> Nomination:
    """A manager (or their delegate) approves, confirming monthly hours, or refuses with a reason.

    The second approval books the place on the nominated cohort when it can take them; otherwise
    the nomination stays approved on the general list until a place is booked.
    """
    nomination = uow.nominations.get(cmd.nomination_id, lock=True)
    if nomination is None:
        raise NotFound("no such nomination")
    nominee = known(nomination.nominee_id, uow)
    at = uow.now()
    acting_for = {cmd.approver_id} | {d.manager_id for d in uow.delegations.covering(cmd.approver_id, at.date())}
    if cmd.decision == "refuse":
        nomination.refuse(nominee, approver_id=cmd.approver_id, acting_for=acting_for, reason=cmd.reason, at=at)
        uow.publish(published.nomination_refused(nomination, cmd.approver_id))
    else:
        nomination.approve(nominee, approver_id=cmd.approver_id, acting_for=acting_for,
                           monthly_hours=cmd.monthly_hours, at=at)
        if nomination.status == NominationStatus.APPROVED:
            _book_on_nominated_cohort(nomination, at, uow)
            uow.publish(published.nomination_approved(nomination, cmd.approver_id))
    uow.commit()
    return nomination


def book(cmd: Book, uow: TrainingUnitOfWork) -> Nomination:
    """An approved nominee (or a coordinator for them) books a place, or joins the cohort's waiting list."""
    nomination = uow.nominations.get(cmd.nomination_id, lock=True)
    if nomination is None:
        raise NotFound("no such nomination")
    check_may_book(nomination, cmd.principal)
    if nomination.status != NominationStatus.APPROVED:
        raise Conflict(f"the nomination is {nomination.status.replace('_', ' ')}; only an approved "
                             "nomination on the general list books a place")
    cohort = uow.cohorts.get(cmd.cohort_id, lock=True)
    if cohort is None:
        raise InvalidInput("no such cohort", field="cohort_id")
    _check_free_on_those_days(cohort, nomination.nominee_id, uow)
    nomination.booked(cohort, cohort.place(nomination, uow.now()))
    uow.commit()
    return nomination


def withdraw(cmd: Withdraw, uow: TrainingUnitOfWork) -> Nomination:
    """The nominee, their managers or a coordinator withdraw it; a freed seat goes to the next in line."""
    nomination = uow.nominations.get(cmd.nomination_id, lock=True)
    if nomination is None:
        raise NotFound("no such nomination")
    check_may_read(known(nomination.nominee_id, uow), cmd.principal)
    nomination.withdraw(uow.now())
    if nomination.cohort_id is not None:
        cohort = uow.cohorts.get(nomination.cohort_id, lock=True)
        promoted = cohort.release(nomination.id)
        if promoted is not None:
            promote(cohort, promoted, uow)
    uow.commit()
    return nomination


def promote(cohort: Cohort, seat: Place, uow: TrainingUnitOfWork) -> None:
    """Someone moved up from the waiting list: their nomination is booked, and they are told."""
    nomination = uow.nominations.for_place(seat)
    nomination.booked(cohort, seat)
    uow.publish(published.place_promoted(cohort, seat, nomination))


def readable_nomination(nomination_id: str, principal: Principal, uow: TrainingUnitOfWork) -> Nomination:
    nomination = uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFound("no such nomination")
    check_may_read(known(nomination.nominee_id, uow), principal)
    return nomination


def _book_on_nominated_cohort(nomination: Nomination, at: datetime, uow: TrainingUnitOfWork) -> None:
    """Book the cohort named at nomination if it still takes bookings and clashes with nothing."""
    if nomination.cohort_id is None:
        return
    cohort = uow.cohorts.get(nomination.cohort_id, lock=True)
    if cohort.status != CohortStatus.OPEN or _clashes(cohort, nomination.nominee_id, uow):
        nomination.back_to_general_list()
        return
    nomination.booked(cohort, cohort.place(nomination, at))


def _clashes(cohort: Cohort, staff_id: str, uow: TrainingUnitOfWork) -> bool:
    others = [*uow.cohorts.booked_for(staff_id), *uow.cohorts.taught_by(staff_id)]
    return any(cohort.clashes_with(other) for other in others)


def _check_free_on_those_days(cohort: Cohort, staff_id: str, uow: TrainingUnitOfWork) -> None:
    check_no_clash(cohort, uow.cohorts.booked_for(staff_id), uow.cohorts.taught_by(staff_id))

