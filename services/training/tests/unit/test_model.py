from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from training.domain.model import (
    APPROVED,
    AWAITING_SENIOR_MANAGER,
    BOOKED,
    COMPLETED,
    LAPSED,
    REFUSED,
    VALID,
    WAITING_LIST,
    Certificate,
    Cohort,
    CohortDay,
    Competence,
    Delegation,
    Level1Claim,
    StaffMember,
    check_no_clash,
    complete_course,
    nominate,
)

NOW = datetime(2026, 11, 1, 10, tzinfo=UTC)
LINE, SENIOR, STRANGER = "line-1", "senior-1", "stranger"
DAY_1, DAY_2 = date(2026, 12, 1), date(2026, 12, 2)


def person(staff_id: str = "ann", **kwargs) -> StaffMember:
    kwargs.setdefault("line_manager_id", LINE)
    kwargs.setdefault("senior_manager_id", SENIOR)
    return StaffMember(id=staff_id, name=staff_id.title(), as_of=NOW, **kwargs)


def cohort(capacity: int = 10, level: int = 2, dates=(DAY_1, DAY_2), **kwargs) -> Cohort:
    days = [CohortDay(on=on, location="Room 4") for on in dates]
    return Cohort(name="Autumn", level=level, capacity=capacity, days=days, created_by="c", **kwargs)


def nomination_for(member: StaffMember, course: Cohort | None, level: int = 2, refusal: str | None = None):
    return nominate(member, level=level, cohort=course, nominated_by=member.id, completed_levels={1, 2} - {level},
                    has_open_nomination=False, level_3_refusal=refusal, at=NOW)


def approve(nomination, member, approver, hours=4, acting_for=None):
    return nomination.approve(member, approver_id=approver, acting_for=acting_for or {approver},
                              monthly_hours=hours, at=NOW)


def booked(member: StaffMember, course: Cohort, hours=(4, 3)):
    nomination = nomination_for(member, course)
    approve(nomination, member, LINE, hours[0])
    approve(nomination, member, SENIOR, hours[1])
    nomination.booked(course, course.place(nomination, NOW))
    return nomination


# Nominating


def test_a_nomination_waits_for_the_line_manager_first():
    nomination = nomination_for(person(), cohort())
    assert (nomination.status, nomination.level, nomination.approvals, nomination.awaiting_since) == (
        "awaiting_line_manager", 2, [], NOW)


@pytest.mark.parametrize(
    ("member", "levels", "open_already", "message"),
    [
        (person(status="left"), {1}, False, "has left"),
        (person(), set(), False, "Level 1 not complete"),
        (person(), {1, 2}, False, "Level 2 is already complete"),
        (person(line_manager_id=None), {1}, False, "line manager and a senior manager"),
        (person(senior_manager_id=None), {1}, False, "line manager and a senior manager"),
        (person(), {1}, True, "already an open Level 2 nomination"),
    ],
)
def test_a_nominee_must_be_ready(member, levels, open_already, message):
    with pytest.raises(Conflict, match=message) as raised:
        nominate(member, level=2, cohort=cohort(), nominated_by="x", completed_levels=levels,
                 has_open_nomination=open_already, level_3_refusal=None, at=NOW)
    assert raised.value.field == "nominee_id"


def test_level_3_needs_level_2_and_eligibility():
    with pytest.raises(Conflict, match="Level 2 not complete"):
        nominate(person(), level=3, cohort=None, nominated_by="x", completed_levels={1}, has_open_nomination=False,
                 level_3_refusal=None, at=NOW)
    with pytest.raises(Conflict, match="not yet eligible for Level 3: grade Band 5 is below Band 7"):
        nomination_for(person(), None, level=3, refusal="grade Band 5 is below Band 7")
    assert nomination_for(person(), None, level=3).cohort_id is None


def test_a_nomination_names_a_cohort_of_its_level_that_still_takes_people():
    with pytest.raises(InvalidInput, match="teaches Level 3"):
        nomination_for(person(), cohort(level=3))
    finished = cohort()
    finished.move_to("running")
    with pytest.raises(Conflict, match="running"):
        nomination_for(person(), finished)


# Approving


def test_line_manager_then_senior_manager_approve_and_then_a_place_is_booked():
    ann, course = person(), cohort()
    nomination = nomination_for(ann, course)
    approve(nomination, ann, LINE, 4)
    assert nomination.status == AWAITING_SENIOR_MANAGER
    approve(nomination, ann, SENIOR, 3)
    assert (nomination.status, nomination.agreed_monthly_hours) == (APPROVED, 3)
    assert [a.capacity for a in nomination.approvals] == ["line_manager", "senior_manager"]
    nomination.booked(course, course.place(nomination, NOW))
    assert (nomination.status, course.booked_count, course.booked_place("ann").nomination_id) == (
        BOOKED, 1, nomination.id)


def test_a_delegate_decides_for_the_manager_but_nobody_gives_both_endorsements():
    ann = person()
    nomination = nomination_for(ann, None)
    approve(nomination, ann, LINE)
    approval = approve(nomination, ann, "deputy", acting_for={"deputy", SENIOR})
    assert (approval.capacity, approval.on_behalf_of, nomination.status) == ("senior_manager", SENIOR, APPROVED)

    other = nomination_for(ann, None)
    approve(other, ann, LINE)
    with pytest.raises(Conflict, match="both endorsements"):
        approve(other, ann, LINE, acting_for={LINE, SENIOR})


@pytest.mark.parametrize("approver", [STRANGER, SENIOR])
def test_only_the_line_manager_decides_first(approver):
    ann = person()
    nomination = nomination_for(ann, None)
    with pytest.raises(Forbidden):
        approve(nomination, ann, approver)
    with pytest.raises(Forbidden):
        nomination.refuse(ann, approver_id=approver, acting_for={approver}, reason="no", at=NOW)


def test_nobody_decides_on_their_own_nomination_even_as_a_delegate():
    ann = person(senior_manager_id="ann")
    nomination = nomination_for(ann, None)
    approve(nomination, ann, LINE)
    with pytest.raises(Forbidden, match="own nomination"):
        approve(nomination, ann, "ann")
    with pytest.raises(Forbidden, match="own nomination"):
        approve(nomination, ann, "deputy", acting_for={"deputy", "ann"})


def test_a_decision_already_made_cannot_be_made_again():
    ann = person()
    nomination = nomination_for(ann, None)
    approve(nomination, ann, LINE)
    with pytest.raises(Conflict):
        approve(nomination, ann, LINE)
    approve(nomination, ann, SENIOR)
    for manager in (LINE, SENIOR):
        with pytest.raises(Conflict):
            approve(nomination, ann, manager)
    assert len(nomination.approvals) == 2


@pytest.mark.parametrize("hours", [None, 0, 41])
def test_an_approval_confirms_between_1_and_40_monthly_hours(hours):
    ann = person()
    with pytest.raises(InvalidInput) as raised:
        approve(nomination_for(ann, None), ann, LINE, hours)
    assert raised.value.field == "monthly_hours"


def test_a_refusal_says_why_and_ends_the_nomination():
    ann = person()
    nomination = nomination_for(ann, None)
    with pytest.raises(InvalidInput):
        nomination.refuse(ann, approver_id=LINE, acting_for={LINE}, reason="  ", at=NOW)
    nomination.refuse(ann, approver_id=LINE, acting_for={LINE}, reason="Short staffed this winter", at=NOW)
    assert (nomination.status, nomination.refused_by, nomination.refusal_reason) == (
        REFUSED, LINE, "Short staffed this winter")
    with pytest.raises(Conflict):
        approve(nomination, ann, LINE)
    with pytest.raises(Conflict, match="already refused"):
        nomination.withdraw(NOW)


# Cohorts, waiting lists, clashes


def test_a_full_cohort_puts_people_on_its_waiting_list_and_a_freed_seat_goes_to_the_first_in_line():
    course = cohort(capacity=1)
    first, second, third = (booked(person(n), course) for n in ("ann", "bob", "cat"))
    assert (first.status, second.status, third.status) == (BOOKED, WAITING_LIST, WAITING_LIST)
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


# Attendance, competences, completion


def competences() -> list[Competence]:
    return [Competence(level=2, code="L2.1", title="PFA"), Competence(level=2, code="L2.2", title="Listening"),
            Competence(level=2, code="L2.9", title="Old", retired=True)]


def test_completion_needs_every_day_attended_and_every_current_competence_signed_off():
    ann, course, framework = person(), cohort(), competences()
    nomination = booked(ann, course)
    seat = course.participant("ann")
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
    assert nomination.status == COMPLETED
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
    assert issued.status == LAPSED and not issued.lapse_due(date(2027, 2, 1))
    with pytest.raises(InvalidInput, match="future"):
        issued.renew(date(2027, 3, 1), timedelta(days=730), date(2027, 2, 1))
    assert issued.renew(date(2027, 2, 1), timedelta(days=730), date(2027, 2, 1)) is True
    assert (issued.status, issued.expires_on, issued.reminders_sent) == (VALID, date(2029, 1, 31), 0)
    assert len(issued.verification_code) == 12 and issued.verification_code.isalnum()


# Level 1 claims, delegations


def test_a_claim_is_verified_or_rejected_with_a_reason_once_and_never_by_its_author():
    claim = Level1Claim(staff_id="ann", completed_on=date(2026, 10, 1), evidence="cert 123", submitted_at=NOW)
    with pytest.raises(Forbidden):
        claim.decide(verify=True, by="ann", reason=None, at=NOW)
    with pytest.raises(InvalidInput):
        claim.decide(verify=False, by="cleo", reason=" ", at=NOW)
    claim.decide(verify=False, by="cleo", reason="no certificate attached", at=NOW)
    assert (claim.status, claim.rejection_reason) == ("rejected", "no certificate attached")
    with pytest.raises(Conflict):
        claim.decide(verify=True, by="cleo", reason=None, at=NOW)


def test_a_copied_delegation_covers_its_period_until_identity_ends_it():
    delegation = Delegation(id="d1", manager_id="boss", delegate_id="deputy", starts_on=DAY_1, ends_on=DAY_2)
    assert delegation.covers(DAY_1) and delegation.covers(DAY_2)
    assert not delegation.covers(DAY_2 + timedelta(days=1))
    delegation.end(NOW)
    delegation.end(NOW + timedelta(hours=1))  # a redelivered end keeps the first time
    assert delegation.ended_at == NOW and not delegation.covers(DAY_1)


# The staff copy


def test_older_news_about_a_person_is_ignored_and_support_time_counts_from_the_grant():
    ann = person()
    later = NOW + timedelta(minutes=1)
    ann.grant("peer_supporter", later, NOW - timedelta(days=3))
    ann.revoke("peer_supporter", NOW)  # an earlier revocation, delivered late
    assert (ann.roles, ann.supporter_since) == (["peer_supporter"], NOW - timedelta(days=3))
    ann.revoke("peer_supporter", later + timedelta(minutes=1))
    assert (ann.roles, ann.supporter_since) == ([], None)
    ann.mark_left(NOW)
    assert ann.active
    ann.mark_left(later + timedelta(minutes=2))
    assert not ann.active
