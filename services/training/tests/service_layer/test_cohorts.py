"""Cohorts through the use cases: scheduling with trainers, cancellation, delivery and the completion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import approved
from training.domain.certificates import CertificateStatus
from training.domain.cohorts import CohortStatus
from training.domain.levels import Competence, CompletionSource
from training.domain.nominations import NominationStatus
from training.domain.policy import Policy
from training.service_layer import cohorts

COORDINATOR = Principal(an_id(), frozenset({"coordinator"}))


def create(uow, trainer_ids=(), first_day=None):
    first_day = first_day or T0.date() + timedelta(days=30)
    cmd = cohorts.CreateCohort(name="Winter", level=2, capacity=8, created_by=COORDINATOR.staff_id,
                               days=[cohorts.Day(on=first_day, location="Room 4"),
                                     cohorts.Day(on=first_day + timedelta(days=1), virtual_link="https://x.test")],
                               trainer_ids=list(trainer_ids))
    return cohorts.create_cohort(cmd, uow)


def test_a_cohort_is_scheduled_with_trainers_who_hold_the_role(uow, world):
    trainer = world.person(roles=("staff", "trainer"))
    course = create(uow, [trainer.staff_id])
    assert (uow.cohorts.get(course.id), course.trainer_ids, course.status, uow.commits) == (
        course, [trainer.staff_id], CohortStatus.OPEN, 1)
    with pytest.raises(InvalidInput) as not_a_trainer:
        create(uow, [world.person().staff_id])
    assert not_a_trainer.value.field == "trainer_ids"
    with pytest.raises(Conflict, match="already teaching"):
        create(uow, [trainer.staff_id], first_day=course.first_day)
    assert (len(uow.cohorts), uow.commits) == (1, 1)


def test_cancelling_returns_every_nominee_to_the_general_list(uow, world):
    course = world.cohort()
    nomination = approved(uow, world.person(levels=(1,)), course)
    cohorts.change_state(cohorts.ChangeState(course.id, CohortStatus.CANCELLED), uow)
    assert (course.status, course.places, nomination.status, nomination.cohort_id) == (
        CohortStatus.CANCELLED, [], NominationStatus.APPROVED, None)


def level_2_framework(uow) -> list[Competence]:
    framework = [Competence(level=2, code="L2.1", title="PFA"), Competence(level=2, code="L2.2", title="Listening"),
                 Competence(level=2, code="L2.9", title="Old", retired=True)]
    for competence in framework:
        uow.competences.add(competence)
    return framework


def started(course, uow) -> None:
    """Time moved into the course's last day, and the course running."""
    uow.clock.set(max(d.starts_at for d in course.days) + timedelta(hours=1))
    if course.status != "running":
        course.move_to("running")


def test_a_trainer_delivers_and_completion_certifies_and_announces_once(uow, world):
    trainer = world.person(roles=("staff", "trainer"))
    course = world.cohort(trainer_ids=[trainer.staff_id])
    nominee = world.person(levels=(1,))
    approved(uow, nominee, course)
    framework = level_2_framework(uow)
    as_trainer = Principal(trainer.staff_id, frozenset({"trainer"}))
    started(course, uow)
    for day in course.dates:
        cohorts.record_attendance(cohorts.RecordAttendance(course.id, nominee.staff_id, day, True, as_trainer), uow)
    cohorts.sign_off(cohorts.SignOffCompetence(course.id, nominee.staff_id, framework[0].id, as_trainer), uow)
    with pytest.raises(InvalidInput):
        cohorts.sign_off(cohorts.SignOffCompetence(course.id, nominee.staff_id, framework[2].id, as_trainer), uow)
    complete = cohorts.RecordCourseCompletion(course.id, nominee.staff_id, as_trainer, Policy())
    published_before = len(uow.published)
    with pytest.raises(Conflict, match=r"L2\.2"):
        cohorts.record_course_completion(complete, uow)
    assert (len(uow.published), uow.pending_types()) == (published_before, [])

    cohorts.sign_off(cohorts.SignOffCompetence(course.id, nominee.staff_id, framework[1].id, as_trainer), uow)
    completion = cohorts.record_course_completion(complete, uow)
    assert (completion.level, completion.source, uow.completions.get(nominee.staff_id, 2)) == (
        2, CompletionSource.COHORT, completion)
    certificate = uow.certificates.of(nominee.staff_id, 2)
    assert (certificate.status, certificate.expires_on) == (
        CertificateStatus.VALID, completion.completed_on + Policy().certificate_validity)
    event = uow.published[-1]
    assert (event.type, event.data.level, event.data.monthly_hours, len(event.data.approvals)) == (
        "training.level.completed", 2, 4, 2)
    with pytest.raises(Conflict, match="already recorded"):
        cohorts.record_course_completion(complete, uow)


def test_a_coordinator_s_final_sign_off_records_what_is_missing(uow, world):
    course = world.cohort()
    nominee = world.person(levels=(1,))
    approved(uow, nominee, course)
    level_2_framework(uow)
    cmd = cohorts.RecordCourseCompletion(course.id, nominee.staff_id, COORDINATOR, Policy(),
                                         attended_all_days=True, all_competences_signed_off=True)
    course.move_to("running")
    uow.clock.set(course.days[0].starts_at)  # the first day has begun, the second not
    with pytest.raises(Conflict, match="attendance on"):  # the second day has not begun: it stays missing
        cohorts.record_course_completion(cmd, uow)
    started(course, uow)
    cohorts.record_course_completion(cmd, uow)
    seat = course.participant(nominee.staff_id)
    assert (seat.days_attended(), len(seat.sign_offs)) == (course.dates, 2)
    assert uow.published_types()[-1] == "training.level.completed"


def test_course_days_are_scheduled_from_today_unless_back_filled_with_a_reason(uow):
    yesterday = T0.date() - timedelta(days=1)
    with pytest.raises(InvalidInput, match="in the past") as refused:
        create(uow, first_day=yesterday)
    assert (refused.value.field, len(uow.cohorts), uow.commits) == ("days", 0, 0)
    today = create(uow, first_day=T0.date())
    assert today.backfill_reason is None and today.created_at == T0
    cmd = cohorts.CreateCohort(name="Spring 2025", level=2, capacity=8, created_by=COORDINATOR.staff_id,
                               days=[cohorts.Day(on=date(2025, 4, 1), location="Room 4")],
                               backfill_reason="  Paper records from the 2025 course  ")
    historic = cohorts.create_cohort(cmd, uow)
    assert (historic.backfill_reason, historic.created_by) == ("Paper records from the 2025 course",
                                                               COORDINATOR.staff_id)


def test_attendance_waits_for_the_day_to_start(uow, world):
    course = world.cohort()
    nominee = world.person(levels=(1,))
    approved(uow, nominee, course)
    first = course.days[0]
    record = cohorts.RecordAttendance(course.id, nominee.staff_id, first.on, True, COORDINATOR)
    uow.clock.set(first.starts_at - timedelta(minutes=1))
    with pytest.raises(Conflict) as early:
        cohorts.record_attendance(record, uow)
    assert early.value.field == "date" and course.participant(nominee.staff_id).attendance == []
    uow.clock.set(first.starts_at)
    assert cohorts.record_attendance(record, uow).days_attended() == {first.on}


def test_a_sign_off_made_by_mistake_is_taken_back_until_the_course_is_completed(uow, world):
    trainer = world.person(roles=("staff", "trainer"))
    course = world.cohort(trainer_ids=[trainer.staff_id])
    nominee = world.person(levels=(1,))
    approved(uow, nominee, course)
    framework = level_2_framework(uow)
    as_trainer = Principal(trainer.staff_id, frozenset({"trainer"}))
    started(course, uow)

    def withdraw(competence, by=as_trainer):
        return cohorts.withdraw_sign_off(cohorts.WithdrawSignOff(course.id, nominee.staff_id, competence.id, by), uow)

    for competence in framework[:2]:
        cohorts.sign_off(cohorts.SignOffCompetence(course.id, nominee.staff_id, competence.id, as_trainer), uow)
    with pytest.raises(Forbidden):
        withdraw(framework[0], Principal(an_id(), frozenset({"trainer"})))  # not this cohort's trainer
    seat = withdraw(framework[0])
    assert seat.signed_off() == {framework[1].id}
    assert withdraw(framework[0]).signed_off() == {framework[1].id}  # again: nothing changes
    for day in course.dates:
        cohorts.record_attendance(cohorts.RecordAttendance(course.id, nominee.staff_id, day, True, as_trainer), uow)
    complete = cohorts.RecordCourseCompletion(course.id, nominee.staff_id, as_trainer, Policy())
    with pytest.raises(Conflict, match=r"L2\.1"):
        cohorts.record_course_completion(complete, uow)  # the one taken back is missing again
    cohorts.sign_off(cohorts.SignOffCompetence(course.id, nominee.staff_id, framework[0].id, as_trainer), uow)
    cohorts.record_course_completion(complete, uow)
    commits = uow.commits
    with pytest.raises(Conflict, match="completed") as completed:
        withdraw(framework[1])
    assert (completed.value.field, seat.signed_off(), uow.commits) == (
        "competence_id", {framework[0].id, framework[1].id}, commits)
