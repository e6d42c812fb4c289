"""Nominations through the use cases: approvals, booking, the waiting list, withdrawal and what is announced."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import approved, decide, nominate
from training.domain.cohorts import CohortStatus
from training.domain.nominations import NominationStatus
from training.domain.policy import Policy
from training.domain.staff import Delegation
from training.service_layer import nominations


def test_a_nomination_opens_awaiting_the_line_manager_and_announces_nothing(uow, world):
    nominee, course = world.person(levels=(1,)), world.cohort()
    nomination = nominate(uow, nominee, course)
    assert (nomination.status, nomination.cohort_id, uow.nominations.get(nomination.id)) == (
        NominationStatus.AWAITING_LINE_MANAGER, course.id, nomination)
    assert (uow.commits, uow.published_types()) == (1, ["training.nomination.awaiting_decision"])
    told = uow.published[0]
    assert (told.subject, told.data.capacity, told.data.cohort_id, told.data.delegate_ids) == (
        nominee.line_manager_id, "line_manager", course.id, [])


@pytest.mark.parametrize(("fields", "levels", "why"), [
    ({}, (), "Level 1 not complete"),
    ({"status": "left"}, (1,), "has left"),
    ({"managed": False}, (1,), "line manager and a senior manager"),
])
def test_a_nominee_must_be_ready_and_nothing_is_written_otherwise(uow, world, fields, levels, why):
    nominee = world.person(levels=levels, **fields)
    with pytest.raises(Conflict, match=why):
        nominate(uow, nominee, world.cohort())
    assert (uow.commits, len(uow.nominations)) == (0, 0)


def test_a_stranger_or_an_unknown_cohort_is_refused_on_its_field(uow, world):
    with pytest.raises(InvalidInput) as unknown:
        nominations.nominate(nominations.Nominate(nominee_id=an_id(), nominated_by=an_id(), policy=Policy(),
                                                  level=2), uow)
    assert unknown.value.field == "nominee_id"
    with pytest.raises(InvalidInput) as no_cohort:
        nominations.nominate(nominations.Nominate(nominee_id=world.person(levels=(1,)).staff_id, nominated_by=an_id(),
                                                  policy=Policy(), cohort_id=an_id()), uow)
    assert no_cohort.value.field == "cohort_id"


def test_both_approvals_book_the_named_cohort_and_announce_the_agreed_hours(uow, world):
    nominee, course = world.person(levels=(1,)), world.cohort()
    nomination = approved(uow, nominee, course)
    assert (nomination.status, course.booked_count) == (NominationStatus.BOOKED, 1)
    assert uow.published_types() == ["training.nomination.awaiting_decision", "training.nomination.awaiting_decision",
                                     "training.place.booked", "training.nomination.approved"]
    senior_step = uow.published[1]
    assert (senior_step.subject, senior_step.data.capacity) == (nominee.senior_manager_id, "senior_manager")
    seat = uow.published[2]
    assert (seat.subject, [d.day for d in seat.data.days], seat.data.from_waiting_list) == (
        nominee.staff_id, sorted(course.dates), False)
    event = uow.published[3]
    assert (event.subject, event.data.status, event.data.monthly_hours, event.data.decided_by) == (
        nominee.staff_id, "booked", 4, nominee.senior_manager_id)


def test_without_a_cohort_an_approved_nomination_waits_on_the_general_list(uow, world):
    nomination = approved(uow, world.person(levels=(1,)))
    assert (nomination.status, uow.published[-1].data.cohort_id) == (NominationStatus.APPROVED, None)


def test_a_refusal_says_why_and_is_announced(uow, world):
    nominee = world.person(levels=(1,))
    nomination = nominate(uow, nominee, level=2)
    decide(uow, nomination, nominee.line_manager_id, decision="refuse", reason="Winter pressures")
    assert uow.published_types() == ["training.nomination.awaiting_decision", "training.nomination.refused"]
    assert (uow.published[1].data.reason, uow.published[1].data.decided_by) == (
        "Winter pressures", nominee.line_manager_id)


def test_only_the_awaited_manager_decides(uow, world):
    nominee = world.person(levels=(1,))
    nomination = nominate(uow, nominee, level=2)
    with pytest.raises(Forbidden):
        decide(uow, nomination, nominee.senior_manager_id)
    with pytest.raises(Forbidden):
        decide(uow, nomination, nominee.staff_id)
    assert (nomination.status, uow.published_types()) == (
        NominationStatus.AWAITING_LINE_MANAGER, ["training.nomination.awaiting_decision"])


def test_a_delegate_decides_for_the_manager_while_the_delegation_lasts(uow, world):
    nominee, deputy = world.person(levels=(1,)), world.person()
    nomination = nominate(uow, nominee, level=2)
    uow.delegations.add(Delegation(id=an_id(), manager_id=nominee.line_manager_id, delegate_id=deputy.staff_id,
                                   starts_on=T0.date(), ends_on=T0.date() + timedelta(days=7)))
    decide(uow, nomination, deputy.staff_id, hours=3)
    assert (nomination.status, nomination.approvals[0].on_behalf_of) == (
        NominationStatus.AWAITING_SENIOR_MANAGER, nominee.line_manager_id)


def test_a_stand_in_for_the_senior_manager_is_told_whose_nomination_it_is_and_for_whom_they_decide(uow, world):
    senior = world.person(name="Sam Senior", managed=False)
    nominee = world.person(levels=(1,), name="Casey Candidate", senior_manager_id=senior.staff_id)
    deputy = world.person(managed=False)
    nomination = nominate(uow, nominee, level=2)
    decide(uow, nomination, nominee.line_manager_id, hours=3)
    uow.delegations.add(Delegation(id=an_id(), manager_id=senior.staff_id, delegate_id=deputy.staff_id,
                                   starts_on=T0.date(), ends_on=T0.date() + timedelta(days=7)))
    # The directory lets a stand-in for a senior manager read nobody's record: training names the nominee.
    [standing_in] = nominations.awaiting_my_decision(deputy.staff_id, uow)
    assert (standing_in.nominee_name, standing_in.standing_in_for) == ("Casey Candidate", "Sam Senior")
    [own] = nominations.awaiting_my_decision(senior.staff_id, uow)
    assert (own.nominee_name, own.standing_in_for) == ("Casey Candidate", None)


def test_a_line_manager_standing_in_for_the_senior_is_not_offered_the_second_endorsement(uow, world):
    nominee = world.person(levels=(1,))
    nomination = nominate(uow, nominee, level=2)
    line_manager = nominee.line_manager_id
    uow.delegations.add(Delegation(id=an_id(), manager_id=nominee.senior_manager_id, delegate_id=line_manager,
                                   starts_on=T0.date(), ends_on=T0.date() + timedelta(days=7)))
    assert [a.nomination.id for a in nominations.awaiting_my_decision(line_manager, uow)] == [nomination.id]
    decide(uow, nomination, line_manager, hours=3)
    assert nomination.status == NominationStatus.AWAITING_SENIOR_MANAGER
    # Theirs to give once: it waits for the senior manager (or another stand-in), not on their list.
    assert nominations.awaiting_my_decision(line_manager, uow) == []
    assert [a.nomination.id for a in nominations.awaiting_my_decision(nominee.senior_manager_id, uow)] == [
        nomination.id]


def test_a_full_cohort_waitlists_and_a_withdrawal_promotes_the_first_in_line(uow, world):
    course = world.cohort(capacity=1)
    first, second = world.person(levels=(1,)), world.person(levels=(1,))
    booked = approved(uow, first, course)
    waiting = approved(uow, second, course)
    assert (booked.status, waiting.status) == (NominationStatus.BOOKED, NominationStatus.WAITING_LIST)

    withdrawn = nominations.withdraw(nominations.Withdraw(booked.id, Principal(first.staff_id, frozenset())), uow)
    assert (withdrawn.status, waiting.status, course.booked_count) == (
        NominationStatus.WITHDRAWN, NominationStatus.BOOKED, 1)
    released, promoted, booked_now = uow.published[-3:]
    assert (released.type, released.subject, released.data.reason) == (
        "training.place.released", first.staff_id, "withdrawn")
    assert (promoted.type, promoted.subject, promoted.data.cohort_id, promoted.data.first_day) == (
        "training.place.promoted", second.staff_id, course.id, course.first_day)
    assert (booked_now.type, booked_now.subject, booked_now.data.from_waiting_list) == (
        "training.place.booked", second.staff_id, True)


def test_an_approved_nominee_books_a_cohort_that_clashes_with_nothing_they_do(uow, world):
    nominee = world.person(levels=(1,))
    nomination = approved(uow, nominee)
    teaching = world.cohort(trainer_ids=[nominee.staff_id])
    me = Principal(nominee.staff_id, frozenset())
    with pytest.raises(Conflict, match="clash"):
        nominations.book(nominations.Book(nomination.id, world.cohort(first_day=teaching.first_day).id, me), uow)
    with pytest.raises(Forbidden):
        nominations.book(nominations.Book(nomination.id, world.cohort().id, Principal(an_id(), frozenset())), uow)
    later = world.cohort(first_day=teaching.first_day + timedelta(days=7))
    nominations.book(nominations.Book(nomination.id, later.id, me), uow)
    assert (nomination.status, nomination.cohort_id, later.booked_count) == (NominationStatus.BOOKED, later.id, 1)


def test_the_general_list_names_whom_both_managers_approved_with_no_course_longest_waiting_first(uow, world):
    later, sooner = world.person(levels=(1,)), world.person(levels=(1,))
    first = approved(uow, sooner)
    uow.clock.advance(hours=1)
    second = approved(uow, later)
    nominate(uow, world.person(levels=(1,)), level=2)  # awaiting its line manager
    listed = nominations.general_list(2, uow)
    assert [(item.nomination, item.nominee_name) for item in listed] == [(first, sooner.name), (second, later.name)]
    assert nominations.general_list(3, uow) == []


def test_a_booked_place_moves_to_another_course_with_room_and_its_seat_goes_to_the_first_waiting(uow, world):
    newport, online = world.cohort(capacity=1), world.cohort(capacity=2, first_day=T0.date() + timedelta(days=30))
    mover, waiting = world.person(levels=(1,)), world.person(levels=(1,))
    booked, next_in_line = approved(uow, mover, newport), approved(uow, waiting, newport)
    me = Principal(mover.staff_id, frozenset())
    moved = nominations.book(nominations.Book(booked.id, online.id, me), uow)
    assert (moved.status, moved.cohort_id, [p.staff_id for p in online.booked_places]) == (
        NominationStatus.BOOKED, online.id, [mover.staff_id])
    assert (next_in_line.status, [p.staff_id for p in newport.places]) == (NominationStatus.BOOKED,
                                                                          [waiting.staff_id])
    released, promoted, promoted_booked, booked_again = uow.published[-4:]
    assert (released.type, released.subject, released.data.reason) == ("training.place.released", mover.staff_id,
                                                                        "moved")
    assert (promoted.type, promoted.subject) == ("training.place.promoted", waiting.staff_id)
    assert promoted_booked.type == "training.place.booked" and promoted_booked.subject == waiting.staff_id
    assert (booked_again.type, booked_again.subject, booked_again.data.cohort_id) == (
        "training.place.booked", mover.staff_id, online.id)
    # Who asked for the seat: the mover (a coordinator's move is told to them); a promotion names nobody.
    assert (booked_again.data.booked_by, promoted_booked.data.booked_by) == (mover.staff_id, None)
    # The nomination, its approvals and its agreed hours are the same ones: nobody approves it again.
    assert (moved.id, moved.agreed_monthly_hours) == (booked.id, 4)


def test_a_place_on_a_waiting_list_moves_to_a_course_with_room_and_a_coordinator_may_move_it(uow, world):
    full, other = world.cohort(capacity=1), world.cohort(capacity=1, first_day=T0.date() + timedelta(days=30))
    approved(uow, world.person(levels=(1,)), full)
    waiting = approved(uow, world.person(levels=(1,)), full)
    coordinator = Principal(an_id(), frozenset({"coordinator"}))
    nominations.book(nominations.Book(waiting.id, other.id, coordinator), uow)
    assert (waiting.status, waiting.cohort_id, full.waiting_count) == (NominationStatus.BOOKED, other.id, 0)
    booked = uow.published[-1]
    assert (booked.type, booked.subject, booked.data.booked_by) == (
        "training.place.booked", waiting.nominee_id, coordinator.staff_id)


def test_a_place_on_a_full_course_waits_and_is_announced_naming_who_asked_for_it(uow, world):
    full, also_full = world.cohort(capacity=1), world.cohort(capacity=1, first_day=T0.date() + timedelta(days=30))
    approved(uow, world.person(levels=(1,)), full)
    approved(uow, world.person(levels=(1,)), also_full)
    by_approval = approved(uow, world.person(levels=(1,)), full)
    on_general_list = approved(uow, world.person(levels=(1,)))
    coordinator = Principal(an_id(), frozenset({"coordinator"}))
    nominations.book(nominations.Book(on_general_list.id, full.id, coordinator), uow)
    nominations.book(nominations.Book(by_approval.id, also_full.id, coordinator), uow)
    waitlisted = [e for e in uow.published if e.type == "training.place.waitlisted"]
    # The second approval's own message tells its nominee; a coordinator's booking and move are told by this.
    assert [(e.subject, e.data.cohort_id, e.data.first_day, e.data.booked_by) for e in waitlisted] == [
        (by_approval.nominee_id, full.id, full.first_day, None),
        (on_general_list.nominee_id, full.id, full.first_day, coordinator.staff_id),
        (by_approval.nominee_id, also_full.id, also_full.first_day, coordinator.staff_id),
    ]
    assert (on_general_list.status, by_approval.status) == (NominationStatus.WAITING_LIST,
                                                            NominationStatus.WAITING_LIST)


def test_a_move_is_refused_and_nothing_changes_when_it_cannot_be_made(uow, world):
    here, full = world.cohort(capacity=2), world.cohort(capacity=1, first_day=T0.date() + timedelta(days=30))
    mover = world.person(levels=(1,))
    booked = approved(uow, mover, here)
    approved(uow, world.person(levels=(1,)), full)
    me = Principal(mover.staff_id, frozenset())
    level_3 = world.cohort(level=3, first_day=T0.date() + timedelta(days=60))
    same_days = world.cohort(first_day=here.first_day)
    elsewhere = world.cohort(first_day=T0.date() + timedelta(days=90))
    for target, refusal in ((here, "on .* already"), (full, "is full; a booked place moves only into a free"),
                            (level_3, "the place is for Level 2")):
        before = len(uow.published)
        with pytest.raises(Conflict, match=refusal) as refused:
            nominations.book(nominations.Book(booked.id, target.id, me), uow)
        assert refused.value.field == "cohort_id"
        assert (booked.status, booked.cohort_id, len(uow.published)) == (NominationStatus.BOOKED, here.id, before)
    assert [p.staff_id for p in here.booked_places] == [mover.staff_id]
    with pytest.raises(Forbidden):
        nominations.book(nominations.Book(booked.id, elsewhere.id, Principal(an_id(), frozenset())), uow)
    with pytest.raises(InvalidInput):
        nominations.book(nominations.Book(booked.id, an_id(), me), uow)
    # Its own course's days clash with nothing: a move to another course on the same days is made.
    nominations.book(nominations.Book(booked.id, same_days.id, me), uow)
    assert (booked.cohort_id, here.booked_count, same_days.booked_count) == (same_days.id, 0, 1)
    same_days.status = CohortStatus.RUNNING
    with pytest.raises(Conflict, match="a place moves only while its cohort takes bookings"):
        nominations.book(nominations.Book(booked.id, elsewhere.id, me), uow)
