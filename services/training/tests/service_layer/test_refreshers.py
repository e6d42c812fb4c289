"""Refreshers are cohorts of their own: booked by a holder whose certificate is due or lapsed, renewing it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import approved
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import CohortKind
from training.domain.nominations import NominationStatus
from training.domain.policy import Policy
from training.service_layer import cohorts, nominations

POLICY = Policy()
COORDINATOR = Principal(an_id(), frozenset({"coordinator"}))


def holder(world, uow, expires_on: date, status: CertificateStatus = CertificateStatus.VALID, level: int = 2):
    member = world.person(levels=tuple(range(1, level + 1)), roles=("staff", "peer_supporter"))
    certificate = Certificate(staff_id=member.staff_id, level=level, completion_id=an_id(),
                              issued_on=expires_on - timedelta(days=730), expires_on=expires_on, status=status)
    uow.certificates.add(certificate)
    return member, certificate


def book(uow, member, course, by: str | None = None, roles: frozenset[str] = frozenset()):
    cmd = nominations.Nominate(nominee_id=member.staff_id, nominated_by=by or member.staff_id, policy=POLICY,
                               cohort_id=course.id, nominator_roles=roles)
    return nominations.nominate(cmd, uow)


def test_a_holder_books_a_refresher_once_it_is_due_or_lapsed_with_no_approval(uow, world):
    refresher = world.cohort(kind=CohortKind.REFRESHER, days=1)
    not_due, _ = holder(world, uow, T0.date() + timedelta(days=61))
    with pytest.raises(Conflict, match="last 60 days") as early:
        book(uow, not_due, refresher)
    assert (early.value.field, len(uow.nominations), uow.commits) == ("nominee_id", 0, 0)
    due, _ = holder(world, uow, T0.date() + timedelta(days=60))
    booked = book(uow, due, refresher)
    assert (booked.status, booked.kind, booked.approvals, refresher.booked_count) == (
        NominationStatus.BOOKED, CohortKind.REFRESHER, [], 1)
    assert uow.published_types() == ["training.place.booked"]
    lapsed, _ = holder(world, uow, T0.date() - timedelta(days=3), CertificateStatus.LAPSED)
    with pytest.raises(Forbidden):
        book(uow, lapsed, refresher, by=an_id())
    assert book(uow, lapsed, refresher, by=COORDINATOR.staff_id, roles=COORDINATOR.roles).status == \
        NominationStatus.BOOKED
    with pytest.raises(Conflict, match="already an open Level 2 booking"):
        book(uow, lapsed, world.cohort(kind=CohortKind.REFRESHER, first_day=T0.date() + timedelta(days=40)))


def test_only_a_certificate_holder_books_a_refresher_and_a_course_nomination_is_not_one(uow, world):
    refresher = world.cohort(kind=CohortKind.REFRESHER)
    with pytest.raises(Conflict, match="no Level 2 certificate"):
        book(uow, world.person(levels=(1,)), refresher)
    learner = world.person(levels=(1,))
    approved_for_the_course = approved(uow, learner)
    with pytest.raises(Conflict, match="refresher") as not_a_course:
        nominations.book(nominations.Book(approved_for_the_course.id, refresher.id, COORDINATOR), uow)
    assert (not_a_course.value.field, approved_for_the_course.status, refresher.places) == (
        "cohort_id", NominationStatus.APPROVED, [])


def test_completing_a_refresher_renews_a_lapsed_certificate_and_announces_it(uow, world):
    refresher = world.cohort(kind=CohortKind.REFRESHER, days=1)
    member, certificate = holder(world, uow, T0.date() - timedelta(days=3), CertificateStatus.LAPSED)
    booked = book(uow, member, refresher)
    complete = cohorts.RecordCourseCompletion(refresher.id, member.staff_id, COORDINATOR, POLICY,
                                              attended_all_days=True)
    refresher.move_to("running")
    with pytest.raises(Conflict, match="attendance on"):  # its day has not begun yet
        cohorts.record_course_completion(complete, uow)
    uow.clock.set(refresher.days[0].starts_at + timedelta(hours=6))
    taken = cohorts.record_course_completion(complete, uow)
    today = uow.now().date()
    assert (certificate.status, certificate.expires_on, certificate.renewed_on) == (
        CertificateStatus.VALID, today + POLICY.certificate_validity, today)
    assert (taken.source, taken.certificate_id, taken.expires_on, booked.status) == (
        "refresher", certificate.id, certificate.expires_on, NominationStatus.COMPLETED)
    assert uow.published_types()[-1] == "training.certification.renewed"
    assert uow.published[-1].data.expires_on == certificate.expires_on
    assert [c.level for c in uow.completions.for_staff(member.staff_id)] == [1, 2]  # the level is not taken again


def test_a_lapsed_level_3_certificate_stops_new_teaching_until_renewed(uow, world):
    trainer, certificate = holder(world, uow, T0.date() - timedelta(days=1), CertificateStatus.LAPSED, level=3)
    trainer.roles = ["staff", "trainer"]
    course = world.cohort()
    assign = cohorts.AssignTrainers(course.id, [trainer.staff_id])
    with pytest.raises(Conflict, match="Level 3 certificate has lapsed") as refused:
        cohorts.assign_trainers(assign, uow)
    assert (refused.value.field, course.trainer_ids, uow.commits) == ("trainer_ids", [], 0)
    certificate.renew(T0.date(), POLICY.certificate_validity, T0.date())
    assert cohorts.assign_trainers(assign, uow).trainer_ids == [trainer.staff_id]
