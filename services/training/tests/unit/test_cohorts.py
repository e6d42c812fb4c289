from datetime import date

import pytest

from psn_shared.errors import Conflict, InvalidInput
from services.training.tests.unit.builders import DAY_1, DAY_2, NOW, booked, cohort, nomination_for, person
from training.domain.cohorts import CohortDay, check_no_clash
from training.domain.nominations import NominationStatus

# Waiting lists, states, clashes, trainers


def test_a_full_cohort_puts_people_on_its_waiting_list_and_a_freed_seat_goes_to_the_first_in_line():
    course = cohort(capacity=1)
    first, second, third = (booked(person(n), course) for n in ("ann", "bob", "cat"))
    assert (first.status, second.status, third.status) == (
        NominationStatus.BOOKED, NominationStatus.WAITING_LIST, NominationStatus.WAITING_LIST)
    assert (course.booked_count, course.waiting_count, course.state) == (1, 2, "full")
    promoted = course.release(first.id)
    assert (promoted.staff_id, promoted.status, course.state) == ("bob", "booked", "full")
    assert course.release(third.id) is None  # leaving a waiting list frees no seat
    assert (course.booked_count, course.waiting_count) == (1, 0)


@pytest.mark.parametrize(("path", "refused"), [
    (["running", "finished"], "open"), (["cancelled"], "open"), (["running"], "cancelled"), ([], "finished"),
])
def test_cohort_states_move_only_forward(path, refused):
    course = cohort()
    for state in path:
        course.move_to(state)
    with pytest.raises(Conflict):
        course.move_to(refused)


def test_a_planned_cohort_opens_before_it_takes_bookings_and_cancelling_frees_every_place():
    course = cohort(status="planned")
    nomination = nomination_for(person(), course)
    with pytest.raises(Conflict, match="takes no bookings"):
        course.place(nomination, NOW)
    course.move_to("open")
    course.place(nomination, NOW)
    freed = course.move_to("cancelled")
    assert ([p.staff_id for p in freed], course.places, course.state) == (["ann"], [], "cancelled")


def test_nobody_is_booked_onto_cohorts_whose_days_clash():
    autumn, overlapping, later = cohort(), cohort(dates=(DAY_2,)), cohort(dates=(date(2027, 1, 5),))
    with pytest.raises(Conflict, match="clash"):
        check_no_clash(overlapping, [autumn], [])
    with pytest.raises(Conflict, match="clash"):
        check_no_clash(overlapping, [], [autumn])
    check_no_clash(later, [autumn], [autumn])


def test_trainers_hold_the_trainer_role_and_teach_one_cohort_a_day():
    course, elsewhere = cohort(), cohort(dates=(DAY_1,), trainer_ids=["tia"])
    with pytest.raises(InvalidInput, match="trainer role"):
        course.assign_trainers([person("sam")], [])
    with pytest.raises(Conflict, match="already teaching"):
        course.assign_trainers([person("tia", roles=["trainer"])], [elsewhere])
    course.assign_trainers([person("tia", roles=["trainer"])], [])
    assert course.trainer_ids == ["tia"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"level": 1}, "level"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 201}, "capacity"),
        ({"dates": ()}, "days"),
        ({"dates": (DAY_1, DAY_1)}, "days"),
        ({"status": "running"}, "state"),
    ],
)
def test_a_cohort_is_well_formed(kwargs, field):
    with pytest.raises(InvalidInput) as raised:
        cohort(**kwargs)
    assert raised.value.field == field


def test_a_course_day_is_in_a_room_or_virtual():
    with pytest.raises(InvalidInput, match="room"):
        CohortDay(on=DAY_1)
