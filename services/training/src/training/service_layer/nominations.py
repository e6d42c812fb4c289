"""Nominations, the managers' two-step approval (or their delegates'), booking, the waiting list and withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from psn_shared.roles import COORDINATORS
from training.domain.cohorts import Cohort, CohortStatus, Place, PlaceStatus, check_move, check_no_clash
from training.domain.levels import COURSE_LEVELS
from training.domain.nominations import Nomination, NominationStatus, book_refresher
from training.domain.nominations import nominate as new_nomination
from training.domain.policy import Policy, check_may_book, check_may_read
from training.domain.staff import Capacity, Delegation, StaffCopy
from training.events import published
from training.service_layer.common import known
from training.service_layer.grading import grading_of, team_cover
from training.service_layer.records import eligibility_for_level_3
from training.service_layer.uow import TrainingUnitOfWork

# The nominations holding a place on a cohort, booked or waiting: such a place moves, rather than being booked.
PLACED = frozenset({NominationStatus.BOOKED, NominationStatus.WAITING_LIST})
MOVED = "moved"  # why a place was given up, when it went to another cohort (training.place.released)


@dataclass(frozen=True)
class Nominate:
    nominee_id: str
    nominated_by: str
    policy: Policy
    cohort_id: str | None = None
    level: int | None = None
    nominator_roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decide:
    nomination_id: str
    approver_id: str
    decision: str
    monthly_hours: int | None = None
    reason: str | None = None
    approver_roles: frozenset[str] = frozenset()


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
    if cohort is not None and cohort.is_refresher:
        return _book_refresher(cmd, nominee, cohort, uow)
    level = cohort.level if cohort else cmd.level
    if level not in COURSE_LEVELS:
        raise InvalidInput("give a cohort, or the level (2 or 3) to wait for a date", field="level")
    if level == 2:
        grading_of(nominee, cmd.policy, uow).check_level_2(nominee.name, nominee.grade)
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
    announce_step(nomination, nominee, uow)
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
    acting_for |= _departed_manager_for_a_coordinator(nomination, nominee, cmd, uow)
    if cmd.decision == "refuse":
        nomination.refuse(nominee, approver_id=cmd.approver_id, acting_for=acting_for, reason=cmd.reason, at=at)
        uow.publish(published.nomination_refused(nomination, cmd.approver_id))
    else:
        nomination.approve(nominee, approver_id=cmd.approver_id, acting_for=acting_for,
                           monthly_hours=cmd.monthly_hours, at=at)
        if nomination.status == NominationStatus.APPROVED:
            _book_on_nominated_cohort(nomination, at, uow)
            uow.publish(published.nomination_approved(nomination, cmd.approver_id))
        else:
            announce_step(nomination, nominee, uow)
    uow.commit()
    return nomination


def book(cmd: Book, uow: TrainingUnitOfWork) -> Nomination:
    """An approved nominee (or a coordinator for them) books a place, or joins the cohort's waiting list.

    A place already booked or waiting moves to the cohort named instead (see `_move`).
    """
    nomination = uow.nominations.get(cmd.nomination_id, lock=True)
    if nomination is None:
        raise NotFound("no such nomination")
    check_may_book(nomination, cmd.principal)
    if nomination.status in PLACED:
        _move(nomination, cmd.cohort_id, cmd.principal.staff_id, uow)
        uow.commit()
        return nomination
    if nomination.status != NominationStatus.APPROVED:
        raise Conflict(f"the nomination is {nomination.status.replace('_', ' ')}; only an approved nomination "
                       "books a place, and only a place booked or waiting moves to another cohort")
    cohort = uow.cohorts.get(cmd.cohort_id, lock=True)
    if cohort is None:
        raise InvalidInput("no such cohort", field="cohort_id")
    _check_free_on_those_days(cohort, nomination.nominee_id, uow)
    _take_seat(cohort, nomination, uow.now(), uow, booked_by=cmd.principal.staff_id)
    uow.commit()
    return nomination


def _move(nomination: Nomination, cohort_id: str, moved_by: str, uow: TrainingUnitOfWork) -> None:
    """Move a place booked or waiting to another cohort of its level: the old seat goes to the first waiting
    there (who is told), the new one is booked, or, from a waiting list, waits at the back of the new one's.

    Both cohorts are locked in the order of their ids, so two moves between the same pair queue up.
    """
    ids = sorted({nomination.cohort_id, cohort_id})
    locked = {i: uow.cohorts.get(i, lock=True) for i in ids}
    current, target = locked[nomination.cohort_id], locked[cohort_id]
    if target is None:
        raise InvalidInput("no such cohort", field="cohort_id")
    seat = next(p for p in current.places if p.nomination_id == nomination.id)
    check_move(current, seat, target)
    check_no_clash(target, [c for c in uow.cohorts.booked_for(nomination.nominee_id) if c.id != current.id],
                   uow.cohorts.taught_by(nomination.nominee_id))
    give_up_seat(current, seat, MOVED, uow)
    _take_seat(target, nomination, uow.now(), uow, booked_by=moved_by)


def withdraw(cmd: Withdraw, uow: TrainingUnitOfWork) -> Nomination:
    """The nominee, their managers or a coordinator withdraw it; a freed seat goes to the next in line."""
    nomination = uow.nominations.get(cmd.nomination_id, lock=True)
    if nomination is None:
        raise NotFound("no such nomination")
    check_may_read(known(nomination.nominee_id, uow), cmd.principal)
    nomination.withdraw(uow.now())
    _give_up_place(nomination, "withdrawn", uow)
    uow.commit()
    return nomination


def nominee_left(staff_id: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    """Identity says they left: each open nomination ends, and a seat they held goes to the next in line.

    Never commits (a reaction to identity's event). Reinstatement reopens nothing: they are nominated afresh.
    """
    for nomination in uow.nominations.for_nominee(staff_id):
        if nomination.is_open:
            nomination.end_as_nominee_left(at)
            _give_up_place(nomination, "left", uow)


def managers_changed(nominee: StaffCopy, before: dict[Capacity, str | None], uow: TrainingUnitOfWork) -> None:
    """The directory names a new manager: a step awaiting the old one passes to the new one, who is told."""
    for nomination in uow.nominations.for_nominee(nominee.staff_id):
        capacity = nomination.awaited_capacity
        if capacity is not None and nominee.manager(capacity) != before[capacity]:
            nomination.pass_step(uow.now())
            announce_step(nomination, nominee, uow)


def manager_left(manager_id: str, uow: TrainingUnitOfWork) -> None:
    """A manager whose decision nominations await left: their delegates (if any) are told it is theirs now.

    Until the directory names a new manager, a delegate of the departed manager or a coordinator decides.
    """
    for nomination in uow.nominations.awaiting_decision_of({manager_id}):
        announce_step(nomination, known(nomination.nominee_id, uow), uow)


def announce_step(nomination: Nomination, nominee: StaffCopy, uow: TrainingUnitOfWork) -> None:
    """Tell the manager whose decision the nomination now awaits (and whoever may decide for them)."""
    manager_id = nomination.awaited_manager(nominee)
    if manager_id is None:
        return
    delegates = uow.delegations.delegates_of(manager_id, uow.now().date())
    cover = team_cover(nominee, nomination.level, uow)
    uow.publish(published.nomination_awaiting_decision(nomination, manager_id, delegates, cover.supporters,
                                                       cover.meets_target))


def announce_to_new_stand_in(delegation: Delegation, uow: TrainingUnitOfWork) -> None:
    """A stand-in named today hears of the steps already waiting for the manager, not only at the next weekly
    reminder; not those they may not decide. Told now, they are not told again on the period's first morning."""
    delegation.stand_in_told = True
    for nomination in open_to_stand_in(delegation, uow):
        cover = team_cover(known(nomination.nominee_id, uow), nomination.level, uow)
        uow.publish(published.nomination_awaiting_decision(
            nomination, delegation.manager_id, [delegation.delegate_id], cover.supporters, cover.meets_target,
            stand_ins_only=True))


def open_to_stand_in(delegation: Delegation, uow: TrainingUnitOfWork) -> list[Nomination]:
    """The steps waiting for the manager that the stand-in may decide: not their own nomination, nor one they
    endorsed already."""
    stand_in = delegation.delegate_id
    return [nomination for nomination in uow.nominations.awaiting_decision_of({delegation.manager_id})
            if nomination.nominee_id != stand_in and all(a.approver_id != stand_in for a in nomination.approvals)]


@dataclass(frozen=True)
class AwaitingDecision:
    """A nomination for the manager to decide: whom it names, for whom the decision is taken (the awaited manager,
    when the caller stands in for them) and how well the nominee's team is already covered."""

    nomination: Nomination
    team_supporters: int | None
    many_supporters_in_team: bool
    nominee_name: str | None = None
    standing_in_for: str | None = None


def awaiting_my_decision(approver_id: str, uow: TrainingUnitOfWork) -> list[AwaitingDecision]:
    """The nominations whose current step waits for this person, or for a manager who delegated to them today.

    Not those they endorsed already: standing in for the senior manager of someone they line-manage, they may
    not give the second endorsement too, so it waits for the senior manager (or another stand-in), not them.
    A Level 2 nominee whose team already has its target of supporters is flagged, not refused. Each names its
    nominee from training's copy (a stand-in may not read the directory's record of someone who does not report
    to them) and, when the caller stands in, the manager they decide for.
    """
    managers = {approver_id} | {d.manager_id for d in uow.delegations.covering(approver_id, uow.now().date())}
    found = []
    for nomination in uow.nominations.awaiting_decision_of(managers):
        if nomination.nominee_id == approver_id or any(a.approver_id == approver_id for a in nomination.approvals):
            continue
        nominee = known(nomination.nominee_id, uow)
        cover = team_cover(nominee, nomination.level, uow)
        awaited = nomination.awaited_manager(nominee)
        standing_in_for = None
        if awaited is not None and awaited != approver_id:
            manager = uow.staff.get(awaited)
            standing_in_for = manager.name if manager is not None else None
        found.append(AwaitingDecision(nomination, cover.supporters, cover.meets_target, nominee.name,
                                      standing_in_for))
    return found


@dataclass(frozen=True)
class Listed:
    """A nomination on the general list, with its nominee's name for the coordinator placing them."""

    nomination: Nomination
    nominee_name: str | None


def general_list(level: int, uow: TrainingUnitOfWork) -> list[Listed]:
    """Who waits for a course of this level, both managers having agreed: a coordinator books them onto one."""
    waiting = uow.nominations.general_list(level)
    names = {member.staff_id: member.name for member in uow.staff.many([n.nominee_id for n in waiting])}
    return [Listed(n, names.get(n.nominee_id)) for n in waiting]


def promote(cohort: Cohort, seat: Place, uow: TrainingUnitOfWork) -> None:
    """Someone moved up from the waiting list: their nomination is booked, and they are told."""
    nomination = uow.nominations.for_place(seat)
    nomination.booked(cohort, seat)
    uow.publish(published.place_promoted(cohort, seat, nomination))
    uow.publish(published.place_booked(cohort, seat, from_waiting_list=True))


def give_up_seat(cohort: Cohort, seat: Place, reason: str, uow: TrainingUnitOfWork) -> None:
    """A seat given up: a booked one is announced released, and frees a place for the first waiting."""
    was_booked = seat.status == PlaceStatus.BOOKED
    promoted = cohort.release(seat.nomination_id)
    if was_booked:
        uow.publish(published.place_released(cohort, seat, reason))
    if promoted is not None:
        promote(cohort, promoted, uow)


def readable_nomination(nomination_id: str, principal: Principal, uow: TrainingUnitOfWork) -> Nomination:
    nomination = uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFound("no such nomination")
    check_may_read(known(nomination.nominee_id, uow), principal)
    return nomination


def _book_refresher(cmd: Nominate, member: StaffCopy, cohort: Cohort, uow: TrainingUnitOfWork) -> Nomination:
    """A certificate holder books a refresher for themselves (or a coordinator for them): no approval step."""
    if cmd.nominated_by != member.staff_id and not cmd.nominator_roles & COORDINATORS:
        raise Forbidden("a refresher is booked by the certificate's holder or a coordinator")
    cohort = uow.cohorts.get(cohort.id, lock=True)
    _check_free_on_those_days(cohort, member.staff_id, uow)
    at = uow.now()
    nomination = book_refresher(
        member, cohort, certificate=uow.certificates.of(member.staff_id, cohort.level),
        has_open_nomination=uow.nominations.open_for(member.staff_id, cohort.level) is not None,
        booked_by=cmd.nominated_by, due_within_days=max(cmd.policy.refresher_reminder_days, default=0), at=at,
    )
    uow.nominations.add(nomination)
    _take_seat(cohort, nomination, at, uow, booked_by=cmd.nominated_by)
    uow.commit()
    return nomination


def _give_up_place(nomination: Nomination, reason: str, uow: TrainingUnitOfWork) -> None:
    if nomination.cohort_id is None:
        return
    cohort = uow.cohorts.get(nomination.cohort_id, lock=True)
    seat = next((p for p in cohort.places if p.nomination_id == nomination.id), None)
    if seat is not None:
        give_up_seat(cohort, seat, reason, uow)


def _take_seat(cohort: Cohort, nomination: Nomination, at: datetime, uow: TrainingUnitOfWork,
               booked_by: str | None = None) -> None:
    seat = cohort.place(nomination, at)
    nomination.booked(cohort, seat)
    if seat.status == PlaceStatus.BOOKED:
        uow.publish(published.place_booked(cohort, seat, booked_by=booked_by))
    else:
        uow.publish(published.place_waitlisted(cohort, seat, booked_by=booked_by))


def _departed_manager_for_a_coordinator(nomination: Nomination, nominee: StaffCopy, cmd: Decide,
                                        uow: TrainingUnitOfWork) -> set[str]:
    """A coordinator decides in place of an awaited manager who has left, until the directory names another."""
    manager_id = nomination.awaited_manager(nominee)
    if manager_id is None or not cmd.approver_roles & COORDINATORS:
        return set()
    manager = uow.staff.get(manager_id)
    return {manager_id} if manager is not None and not manager.active else set()


def _book_on_nominated_cohort(nomination: Nomination, at: datetime, uow: TrainingUnitOfWork) -> None:
    """Book the cohort named at nomination if it still takes bookings and clashes with nothing."""
    if nomination.cohort_id is None:
        return
    cohort = uow.cohorts.get(nomination.cohort_id, lock=True)
    if cohort.status != CohortStatus.OPEN or _clashes(cohort, nomination.nominee_id, uow):
        nomination.back_to_general_list()
        return
    _take_seat(cohort, nomination, at, uow)


def _clashes(cohort: Cohort, staff_id: str, uow: TrainingUnitOfWork) -> bool:
    others = [*uow.cohorts.booked_for(staff_id), *uow.cohorts.taught_by(staff_id)]
    return any(cohort.clashes_with(other) for other in others)


def _check_free_on_those_days(cohort: Cohort, staff_id: str, uow: TrainingUnitOfWork) -> None:
    check_no_clash(cohort, uow.cohorts.booked_for(staff_id), uow.cohorts.taught_by(staff_id))

