"""Every event training publishes, built from real domain objects, fits its catalogued payload."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest

from psn_shared.events import Envelope, NewEvent
from services.training.tests.unit.builders import NOW, cohort, person
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import Cohort, Place
from training.domain.completion import complete_course
from training.domain.levels import CompletionSource, LevelCompletion, record_level_1
from training.domain.nominations import Nomination, nominate
from training.domain.staff import StaffCopy
from training.events import published


def an_id() -> str:
    return str(uuid.uuid4())


def managed() -> StaffCopy:
    """Events carry UUIDs, so these people have them (the unit builders' short ids would not validate)."""
    return person(an_id(), line_manager_id=an_id(), senior_manager_id=an_id())


def nominated(member: StaffCopy, course: Cohort | None = None) -> Nomination:
    return nominate(member, level=2, cohort=course, nominated_by=member.staff_id, completed_levels={1},
                    has_open_nomination=False, level_3_refusal=None, at=NOW)


def approved(course: Cohort) -> Nomination:
    """Both managers approved (6 then 4 hours a month), and the nominee placed on `course`."""
    member = managed()
    nomination = nominated(member, course)
    for manager, hours in ((member.line_manager_id, 6), (member.senior_manager_id, 4)):
        nomination.approve(member, approver_id=manager, acting_for={manager}, monthly_hours=hours, at=NOW)
    nomination.booked(course, course.place(nomination, NOW))
    return nomination


def completed() -> tuple[LevelCompletion, Nomination]:
    course = cohort()
    nomination = approved(course)
    seat = course.participant(nomination.nominee_id)
    for day in course.dates:
        seat.record_attendance(day, True, an_id(), NOW)
    completion = complete_course(course, seat, nomination, [], already_complete=False, recorded_by=an_id(), at=NOW)
    return completion, nomination


def level_1() -> LevelCompletion:
    return record_level_1(managed(), completed_on=NOW.date(), source=CompletionSource.LEARNPRO,
                          recorded_by=an_id(), at=NOW)


def refused() -> Nomination:
    member = managed()
    nomination = nominated(member)
    nomination.refuse(member, approver_id=member.line_manager_id, acting_for={member.line_manager_id},
                      reason="Winter pressures", at=NOW)
    return nomination


def expired() -> Nomination:
    nomination = nominated(managed())
    nomination.expire(NOW + timedelta(days=28))
    return nomination


def promoted() -> tuple[Cohort, Place, Nomination]:
    course = cohort(capacity=1)
    first, second = approved(course), approved(course)
    seat = course.release(first.id)
    second.booked(course, seat)
    return course, seat, second


def certificate(status: CertificateStatus = CertificateStatus.VALID) -> Certificate:
    found = Certificate.issue(completed()[0], timedelta(days=730))
    found.status = status
    return found


def reminder() -> NewEvent:
    member = managed()
    return published.nomination_reminded(nominated(member), member.line_manager_id)


CASES: dict[str, Callable[[], list[NewEvent]]] = {
    "level_completed": lambda: [published.level_completed(*completed()), published.level_completed(level_1(), None)],
    "nomination_approved": lambda: [published.nomination_approved(approved(cohort()), an_id())],
    "nomination_refused": lambda: [published.nomination_refused(refused(), an_id())],
    "nomination_expired": lambda: [published.nomination_expired(expired())],
    "nomination_reminded": lambda: [reminder()],
    "place_promoted": lambda: [published.place_promoted(*promoted())],
    "refresher_due": lambda: [published.refresher_due(certificate())],
    "certification_lapsed": lambda: [published.certification_lapsed(certificate(CertificateStatus.LAPSED))],
    "certification_renewed": lambda: [published.certification_renewed(certificate())],
}


def test_every_function_in_published_has_a_case_here():
    functions = {name for name, f in inspect.getmembers(published, inspect.isfunction)
                 if f.__module__ == published.__name__ and not name.startswith("_")}
    assert functions == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_event_fits_the_catalogue_and_survives_the_wire(name):
    for event in CASES[name]():
        envelope = Envelope.of(event, source="t")
        assert Envelope.from_json(envelope.to_json()) == envelope
        assert envelope.subject == event.subject is not None


def test_a_completion_carries_both_endorsements_and_the_agreed_hours():
    completion, nomination = completed()
    data = Envelope.of(published.level_completed(completion, nomination), source="t").data
    assert (data.staff_id, data.level, data.cohort_id, data.monthly_hours) == (
        completion.staff_id, 2, completion.cohort_id, 4)
    assert [(a.capacity, a.monthly_hours) for a in data.approvals] == [("line_manager", 6), ("senior_manager", 4)]
    recorded = Envelope.of(published.level_completed(level_1(), None), source="t").data
    assert (recorded.level, recorded.monthly_hours, recorded.approvals) == (1, None, [])


def test_a_reminder_is_about_the_awaited_manager_and_an_outcome_about_the_nominee():
    member = managed()
    event = published.nomination_reminded(nominated(member), member.line_manager_id)
    assert (event.subject, event.data.approver_id, event.data.capacity) == (
        member.line_manager_id, member.line_manager_id, "line_manager")
    refusal = Envelope.of(published.nomination_refused(refused(), an_id()), source="t")
    assert (refusal.data.status, refusal.data.reason, refusal.subject) == (
        "refused", "Winter pressures", refusal.data.nominee_id)
