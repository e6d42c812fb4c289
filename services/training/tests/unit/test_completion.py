from datetime import date, timedelta

import pytest

from psn_shared.errors import Conflict, InvalidInput
from services.training.tests.unit.builders import DAY_1, DAY_2, NOW, booked, cohort, person
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.completion import complete_course
from training.domain.levels import Competence
from training.domain.nominations import NominationStatus

# Attendance, competences, completion


def competences() -> list[Competence]:
    return [Competence(level=2, code="L2.1", title="PFA"), Competence(level=2, code="L2.2", title="Listening"),
            Competence(level=2, code="L2.9", title="Old", retired=True)]


def test_completion_needs_every_day_attended_and_every_current_competence_signed_off():
    ann, course, framework = person(), cohort(), competences()
    nomination = booked(ann, course)
    seat = course.participant("ann")
    with pytest.raises(Conflict, match="open; a course is completed while running or finished"):
        complete_course(course, seat, nomination, framework, already_complete=False, recorded_by="t", at=NOW)
    course.move_to("running")
    seat.record_attendance(DAY_1, True, "t", NOW)
    seat.record_attendance(DAY_2, False, "t", NOW)
    seat.sign_off(framework[0].id, "t", NOW)
    with pytest.raises(Conflict, match=r"attendance on 2026-12-02; competence L2\.2 \(Listening\)") as raised:
        complete_course(course, seat, nomination, framework, already_complete=False, recorded_by="t", at=NOW)
    assert "L2.9" not in raised.value.detail
    seat.record_attendance(DAY_2, True, "t", NOW)
    seat.sign_off(framework[1].id, "t", NOW)
    seat.sign_off(framework[1].id, "t", NOW)
    assert len(seat.sign_offs) == 2
    completion = complete_course(course, seat, nomination, framework, already_complete=False, recorded_by="t",
                                 at=NOW)
    assert (completion.staff_id, completion.level, completion.completed_on, completion.cohort_id) == (
        "ann", 2, NOW.date(), course.id)
    assert nomination.status == NominationStatus.COMPLETED
    with pytest.raises(Conflict, match="already recorded"):
        complete_course(course, seat, nomination, [], already_complete=True, recorded_by="t", at=NOW)


def test_no_completion_on_a_cancelled_cohort_and_no_attendance_for_someone_not_booked():
    course = cohort(capacity=1)
    nomination = booked(person("ann"), course)
    booked(person("bob"), course)
    with pytest.raises(Conflict, match="not booked"):
        course.participant("bob")
    with pytest.raises(InvalidInput, match="not one of this cohort's days"):
        course.day(date(2030, 1, 1))
    seat = course.participant("ann")
    course.move_to("cancelled")
    with pytest.raises(Conflict, match="cancelled"):
        complete_course(course, seat, nomination, [], already_complete=False, recorded_by="t", at=NOW)


# Certificates


def test_a_certificate_reminds_before_it_lapses_and_a_refresher_renews_it():
    issued = Certificate(staff_id="ann", level=2, completion_id="c", issued_on=date(2025, 1, 1),
                         expires_on=date(2027, 1, 1))
    reminders = (60, 14)
    assert not issued.refresher_reminder_due(date(2026, 10, 1), reminders)
    assert issued.refresher_reminder_due(date(2026, 11, 10), reminders)
    issued.reminders_sent = 1
    assert not issued.refresher_reminder_due(date(2026, 11, 10), reminders)
    assert issued.refresher_reminder_due(date(2026, 12, 20), reminders)
    assert not issued.lapse_due(date(2026, 12, 31)) and issued.lapse_due(date(2027, 1, 1))
    issued.lapse()
    assert issued.status == CertificateStatus.LAPSED and not issued.lapse_due(date(2027, 2, 1))
    with pytest.raises(InvalidInput, match="future"):
        issued.renew(date(2027, 3, 1), timedelta(days=730), date(2027, 2, 1))
    assert issued.renew(date(2027, 2, 1), timedelta(days=730), date(2027, 2, 1)) is True
    assert (issued.status, issued.expires_on, issued.reminders_sent) == (
        CertificateStatus.VALID, date(2029, 1, 31), 0)
    assert len(issued.verification_code) == 12 and issued.verification_code.isalnum()
