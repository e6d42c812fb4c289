"""Every event training publishes, built from real domain objects, fits its catalogued payload."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from psn_shared.events import Envelope, NewEvent
from services.training.tests.unit.builders import DAY_1, DAY_2, NOW, cohort, person
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import Cohort, CohortDay, Place
from training.domain.completion import complete_course
from training.domain.levels import CompletionSource, Level1Claim, LevelCompletion, record_level_1
from training.domain.nominations import Nomination, nominate
from training.domain.staff import Delegation, StaffCopy
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
    course.move_to("running")
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


def awaiting() -> NewEvent:
    member = managed()
    nomination = nominated(member)
    nomination.approve(member, approver_id=member.line_manager_id, acting_for={member.line_manager_id},
                       monthly_hours=6, at=NOW)
    return published.nomination_awaiting_decision(nomination, member.senior_manager_id, [an_id()], 3, True)


def rescheduled() -> NewEvent:
    course = cohort()
    approved(course)
    previous = list(course.days)
    course.days = [CohortDay(on=DAY_2 + timedelta(days=7), location="Room 5", starts=time(13), ends=time(17))]
    return published.cohort_rescheduled(course, previous)


def booked_seat() -> tuple[Cohort, Place]:
    course = cohort()
    return course, course.participant(approved(course).nominee_id)


def waiting_seat() -> tuple[Cohort, Place]:
    course = cohort(capacity=1)
    approved(course)
    return course, course.place_of(approved(course).nominee_id)


def claim(*, verify: bool) -> Level1Claim:
    reported = Level1Claim(staff_id=an_id(), completed_on=date(2026, 10, 1), evidence="certificate.pdf",
                           submitted_at=NOW)
    reported.decide(verify=verify, by=an_id(), reason=None if verify else "the certificate is unreadable", at=NOW)
    return reported


def released() -> NewEvent:
    course = cohort()
    nomination = approved(course)
    seat = course.participant(nomination.nominee_id)
    return published.place_released(course, seat, "left")


def stand_in_started() -> NewEvent:
    delegation = Delegation(id=an_id(), manager_id=an_id(), delegate_id=an_id(), starts_on=DAY_1,
                            ends_on=DAY_2, granted_by=an_id())
    return published.delegation_started(delegation, nominations_awaiting=2)


CASES: dict[str, Callable[[], list[NewEvent]]] = {
    "delegation_started": lambda: [stand_in_started()],
    "nomination_awaiting_decision": lambda: [awaiting()],
    "place_booked": lambda: [published.place_booked(*booked_seat()),
                             published.place_booked(*promoted()[:2], from_waiting_list=True)],
    "place_released": lambda: [released()],
    "place_waitlisted": lambda: [published.place_waitlisted(*waiting_seat()),
                                 published.place_waitlisted(*waiting_seat(), booked_by=an_id())],
    "cohort_rescheduled": lambda: [rescheduled()],
    "level_completed": lambda: [published.level_completed(*completed()), published.level_completed(level_1(), None)],
    "level1_claim_decided": lambda: [published.level1_claim_decided(claim(verify=True)),
                                     published.level1_claim_decided(claim(verify=False))],
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


def test_the_awaited_step_is_about_the_approver_and_names_their_delegates():
    event = Envelope.of(awaiting(), source="t")
    assert event.subject == event.data.approver_id
    assert (event.data.capacity, event.data.team_supporters, event.data.many_supporters_in_team) == (
        "senior_manager", 3, True)
    assert len(event.data.delegate_ids) == 1


def test_course_days_travel_in_utc_from_london_wall_clock_times():
    course = cohort()
    booked_on = approved(course)
    data = Envelope.of(published.place_booked(course, course.participant(booked_on.nominee_id)), source="t").data
    # 1 December is GMT: 09:30 in London is 09:30 UTC; a July day is BST, an hour ahead.
    assert [(d.day, d.starts_at, d.ends_at) for d in data.days] == [
        (DAY_1, datetime(2026, 12, 1, 9, 30, tzinfo=UTC), datetime(2026, 12, 1, 16, 30, tzinfo=UTC)),
        (DAY_2, datetime(2026, 12, 2, 9, 30, tzinfo=UTC), datetime(2026, 12, 2, 16, 30, tzinfo=UTC)),
    ]
    summer = CohortDay(on=DAY_1.replace(month=7), location="Room 4", starts=time(9), ends=time(12))
    assert summer.starts_at == datetime(2026, 7, 1, 8, tzinfo=UTC)


def test_a_rescheduled_cohort_names_everyone_booked_and_both_sets_of_days():
    data = Envelope.of(rescheduled(), source="t").data
    assert len(data.booked_staff_ids) == 1
    assert [d.day for d in data.previous_days] == [DAY_1, DAY_2]
    assert [(d.day, d.starts_at.hour) for d in data.days] == [(DAY_2 + timedelta(days=7), 13)]
