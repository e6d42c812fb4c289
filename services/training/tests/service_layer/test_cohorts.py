"""Cohorts through the use cases: scheduling with trainers, cancellation, delivery and the completion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput
from services.training.tests.service_layer.conftest import an_id
from services.training.tests.service_layer.steps import approved
from training.domain.certificates import CertificateStatus
from training.domain.cohorts import CohortStatus
from training.domain.levels import Competence, CompletionSource
from training.domain.nominations import NominationStatus
from training.domain.policy import Policy
from training.service_layer import cohorts

COORDINATOR = Principal(an_id(), frozenset({"coordinator"}))


def create(uow, trainer_ids=(), first_day=None):
    first_day = first_day or date.today() + timedelta(days=30)
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


def test_a_trainer_delivers_and_completion_certifies_and_announces_once(uow, world):
    trainer = world.person(roles=("staff", "trainer"))
    course = world.cohort(trainer_ids=[trainer.staff_id])
    nominee = world.person(levels=(1,))
    approved(uow, nominee, course)
    framework = level_2_framework(uow)
    as_trainer = Principal(trainer.staff_id, frozenset({"trainer"}))
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
    cohorts.record_course_completion(cmd, uow)
    seat = course.participant(nominee.staff_id)
    assert (seat.days_attended(), len(seat.sign_offs)) == (course.dates, 2)
    assert uow.published_types()[-1] == "training.level.completed"
