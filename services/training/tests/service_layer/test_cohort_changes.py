"""A cohort's capacity and days change: the waiting list moves up, everyone booked is told, no clash is made."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from psn_shared.errors import Conflict, InvalidInput
from services.training.tests.service_layer.conftest import T0
from services.training.tests.service_layer.steps import approved
from training.domain.nominations import NominationStatus
from training.service_layer import cohorts


def change(uow, course, **fields):
    return cohorts.change_cohort(cohorts.ChangeCohort(course.id, **fields), uow)


def test_a_raised_capacity_promotes_the_waiting_list_at_once_in_order(uow, world):
    course = world.cohort(capacity=1)
    people = [world.person(levels=(1,)) for _ in range(4)]
    nominations = []
    for person in people:
        nominations.append(approved(uow, person, course))
        uow.clock.advance(minutes=1)
    uow.published.clear()
    change(uow, course, capacity=3)
    assert [n.status for n in nominations] == [NominationStatus.BOOKED] * 3 + [NominationStatus.WAITING_LIST]
    assert [(e.type, e.subject) for e in uow.published] == [
        (kind, person.staff_id) for person in people[1:3]
        for kind in ("training.place.promoted", "training.place.booked")]
    assert (course.capacity, course.booked_count, course.waiting_count) == (3, 3, 1)


def test_a_lowered_capacity_stops_at_the_places_booked(uow, world):
    course = world.cohort(capacity=5)
    for _ in range(2):
        approved(uow, world.person(levels=(1,)), course)
    commits = uow.commits
    with pytest.raises(Conflict, match="2 places are booked") as below:
        change(uow, course, capacity=1)
    with pytest.raises(InvalidInput) as nonsense:
        change(uow, course, capacity=0)
    assert (below.value.field, nonsense.value.field, course.capacity, uow.commits) == (
        "capacity", "capacity", 5, commits)
    assert change(uow, course, capacity=2).state == "full"


def test_moved_days_are_told_to_everyone_booked_with_the_days_before(uow, world):
    course = world.cohort(capacity=1)
    booked = world.person(levels=(1,))
    approved(uow, booked, course)
    approved(uow, world.person(levels=(1,)), course)  # waiting: not booked, not named
    uow.published.clear()
    before = sorted(course.dates)
    later = before[1] + timedelta(days=7)
    moved = [cohorts.Day(on=before[1], location="Room 9", starts=time(13), ends=time(17)),
             cohorts.Day(on=later, location="Room 9")]
    change(uow, course, days=moved)
    assert sorted(course.dates) == [before[1], later]
    (told,) = uow.published
    assert (told.type, told.data.booked_staff_ids) == ("training.cohort.rescheduled", [booked.staff_id])
    assert [d.day for d in told.data.previous_days] == before
    assert [(d.day, d.starts_at.hour) for d in told.data.days] == [(before[1], 13), (later, 9)]
    change(uow, course, days=moved)
    assert len(uow.published) == 1  # the same days again: nothing to tell


def test_days_that_would_clash_for_someone_booked_or_lie_in_the_past_are_refused(uow, world):
    course, other = world.cohort(), world.cohort(first_day=T0.date() + timedelta(days=40))
    member = world.person(levels=(1,))
    approved(uow, member, course)
    other.trainer_ids = [member.staff_id]
    before = sorted(course.dates)
    with pytest.raises(Conflict, match="on another cohort") as clash:
        change(uow, course, days=[cohorts.Day(on=other.first_day, location="Room 4")])
    with pytest.raises(InvalidInput, match="in the past") as past:
        change(uow, course, days=[cohorts.Day(on=T0.date() - timedelta(days=1), location="Room 4")])
    assert (clash.value.field, past.value.field, sorted(course.dates), uow.pending_types()) == (
        "days", "days", before, [])


def test_a_day_with_attendance_on_it_stays(uow, world):
    course = world.cohort(capacity=1)
    member = world.person(levels=(1,))
    approved(uow, member, course)
    first = course.days[0]
    uow.clock.set(first.starts_at)
    course.participant(member.staff_id).record_attendance(first.on, True, "t", T0)
    with pytest.raises(Conflict, match="attendance is recorded"):
        change(uow, course, days=[cohorts.Day(on=first.on + timedelta(days=10), location="Room 4")])
    course.move_to("running")
    with pytest.raises(Conflict, match="running"):
        change(uow, course, capacity=4)


def test_a_cancelled_cohort_releases_every_booked_seat_and_says_why(uow, world):
    course = world.cohort(capacity=1)
    booked, waiting = world.person(levels=(1,)), world.person(levels=(1,))
    first, second = approved(uow, booked, course), approved(uow, waiting, course)
    uow.published.clear()
    cohorts.change_state(cohorts.ChangeState(course.id, "cancelled"), uow)
    assert [(e.type, e.subject, e.data.reason) for e in uow.published] == [
        ("training.place.released", booked.staff_id, "cohort_cancelled")]
    assert (first.status, second.status, first.cohort_id) == (NominationStatus.APPROVED, NominationStatus.APPROVED,
                                                              None)
