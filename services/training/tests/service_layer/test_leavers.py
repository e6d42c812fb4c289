"""Leavers free what they held: their nominations and seats; a step awaiting a departed manager moves on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn_shared.errors import Forbidden
from services.training.tests.identity_events import identity_event
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import approved, decide, nominate
from training.domain.nominations import LEFT_THE_BOARD, NominationStatus
from training.domain.policy import Policy
from training.domain.staff import Delegation
from training.service_layer import nominations
from training.service_layer.jobs import run_due_jobs


def left(uow, staff_id: str, minutes: int = 5) -> None:
    uow.handle(identity_event("identity.staff.left", staff_id, left_on=T0.date(), time=T0 + timedelta(minutes=minutes)))


def test_a_booked_leaver_s_seat_goes_to_the_first_waiting_who_is_told(uow, world):
    course = world.cohort(capacity=1)
    leaver, next_in_line = world.person(levels=(1,)), world.person(levels=(1,))
    booked, waiting = approved(uow, leaver, course), approved(uow, next_in_line, course)
    uow.published.clear()
    left(uow, leaver.staff_id)
    assert (booked.status, booked.end_reason, booked.closed_at) == (NominationStatus.WITHDRAWN, LEFT_THE_BOARD, T0)
    assert (waiting.status, course.booked_place(next_in_line.staff_id) is not None, course.booked_count) == (
        NominationStatus.BOOKED, True, 1)
    assert uow.pending_types() == ["training.place.released", "training.place.promoted", "training.place.booked"]
    assert [e.subject for e in uow._pending] == [leaver.staff_id, next_in_line.staff_id, next_in_line.staff_id]
    assert uow.published == []  # a reaction never commits; the consumer does


def test_open_nominations_end_and_reinstatement_does_not_reopen_them(uow, world):
    leaver = world.person(levels=(1,))
    awaiting = nominate(uow, leaver, level=2)
    left(uow, leaver.staff_id)
    assert (awaiting.status, awaiting.end_reason) == (NominationStatus.WITHDRAWN, LEFT_THE_BOARD)
    uow.handle(identity_event("identity.staff.reinstated", leaver.staff_id, line_manager_id=leaver.line_manager_id,
                              senior_manager_id=leaver.senior_manager_id, time=T0 + timedelta(minutes=9)))
    assert uow.staff.get(leaver.staff_id).active
    assert (awaiting.status, uow.nominations.open_for(leaver.staff_id, 2)) == (NominationStatus.WITHDRAWN, None)
    again = nominate(uow, leaver, level=2)  # they are nominated afresh
    assert again.status == NominationStatus.AWAITING_LINE_MANAGER


def test_a_new_line_manager_in_the_directory_takes_over_the_step_and_is_told(uow, world):
    nominee = world.person(levels=(1,))
    old_manager = nominee.line_manager_id
    nomination = nominate(uow, nominee, level=2)
    uow.clock.advance(days=3)
    new_manager = an_id()
    uow.handle(identity_event("identity.staff.updated", nominee.staff_id, line_manager_id=new_manager,
                              senior_manager_id=nominee.senior_manager_id, changed=["line_manager_id"],
                              time=T0 + timedelta(days=3)))
    told = uow._pending[-1]
    assert (told.type, told.subject, told.data.capacity) == (
        "training.nomination.awaiting_decision", new_manager, "line_manager")
    assert nomination.awaiting_since == T0 + timedelta(days=3)
    with pytest.raises(Forbidden):
        decide(uow, nomination, old_manager)
    decide(uow, nomination, new_manager)
    assert nomination.status == NominationStatus.AWAITING_SENIOR_MANAGER


def test_a_departed_manager_s_step_is_offered_to_their_delegate_or_a_coordinator(uow, world):
    first, second = world.person(levels=(1,)), world.person(levels=(1,))
    manager = world.person(staff_id=first.line_manager_id, managed=False)
    second.line_manager_id = manager.staff_id
    deputy = world.person()
    uow.delegations.add(Delegation(id=an_id(), manager_id=manager.staff_id, delegate_id=deputy.staff_id,
                                   starts_on=T0.date(), ends_on=T0.date() + timedelta(days=14)))
    one, two = nominate(uow, first, level=2), nominate(uow, second, level=2)
    uow.published.clear()
    left(uow, manager.staff_id)
    assert [(e.type, e.subject, e.data.delegate_ids) for e in uow._pending] == [
        ("training.nomination.awaiting_decision", manager.staff_id, [deputy.staff_id])] * 2
    uow.rollback()
    decide(uow, one, deputy.staff_id)
    assert one.status == NominationStatus.AWAITING_SENIOR_MANAGER
    coordinator = an_id()
    with pytest.raises(Forbidden):
        decide(uow, two, coordinator)  # a coordinator decides only for a manager who has left, and says so
    nominations.decide(nominations.Decide(nomination_id=two.id, approver_id=coordinator, decision="approve",
                                          monthly_hours=4, approver_roles=frozenset({"coordinator"})), uow)
    assert (two.status, two.approvals[0].on_behalf_of) == (NominationStatus.AWAITING_SENIOR_MANAGER, manager.staff_id)


def test_the_awaiting_list_holds_my_steps_and_those_delegated_to_me(uow, world):
    manager, deputy = an_id(), world.person()
    mine = world.person(levels=(1,), line_manager_id=manager)
    theirs = world.person(levels=(1,), line_manager_id=an_id())
    senior_step = world.person(levels=(1,), senior_manager_id=manager)
    first = nominate(uow, mine, level=2)
    nominate(uow, theirs, level=2)
    other = nominate(uow, senior_step, level=2)
    assert [a.nomination.id for a in nominations.awaiting_my_decision(manager, uow)] == [first.id]
    uow.clock.advance(hours=1)
    decide(uow, other, senior_step.line_manager_id)
    assert [a.nomination.id for a in nominations.awaiting_my_decision(manager, uow)] == [first.id, other.id]
    assert nominations.awaiting_my_decision(deputy.staff_id, uow) == []
    uow.delegations.add(Delegation(id=an_id(), manager_id=manager, delegate_id=deputy.staff_id,
                                   starts_on=T0.date(), ends_on=T0.date()))
    assert len(nominations.awaiting_my_decision(deputy.staff_id, uow)) == 2
    uow.clock.advance(days=1)
    assert nominations.awaiting_my_decision(deputy.staff_id, uow) == []


def test_a_manager_who_left_is_not_reminded(uow, world):
    nominee = world.person(levels=(1,))
    manager = world.person(staff_id=nominee.line_manager_id, managed=False)
    nomination = nominate(uow, nominee, level=2)
    left(uow, manager.staff_id)
    uow.commit()
    report = run_due_jobs(T0 + timedelta(days=8), Policy(), uow)
    assert (report.nominations_reminded, "training.nomination.reminded" in uow.published_types()) == (0, False)
    assert nomination.status == NominationStatus.AWAITING_LINE_MANAGER
