from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from training.domain.model import (
    APPROVED,
    AWAITING_SENIOR_MANAGER,
    COMPLETED,
    REFUSED,
    WAITING_LIST,
    Cohort,
    CohortDay,
    StaffMember,
    complete_course,
    nominate,
)

NOW = datetime(2026, 11, 1, 10, tzinfo=UTC)
LINE, SENIOR, STRANGER = "line-1", "senior-1", "stranger"


def person(staff_id: str = "ann", **kwargs) -> StaffMember:
    kwargs.setdefault("line_manager_id", LINE)
    kwargs.setdefault("senior_manager_id", SENIOR)
    return StaffMember(id=staff_id, name=staff_id.title(), as_of=NOW, **kwargs)


def cohort(capacity: int = 10, level: int = 2) -> Cohort:
    return Cohort(name="Autumn", level=level, capacity=capacity, days=[CohortDay(on=date(2026, 12, 1))], created_by="c")


def nomination_for(member: StaffMember, course: Cohort):
    return nominate(member, course, nominated_by=member.id, completed_levels={1}, has_open_nomination=False, at=NOW)


def approved(member: StaffMember, course: Cohort, hours: tuple[int, int] = (4, 3)):
    nomination = nomination_for(member, course)
    nomination.approve(member, course, approver_id=LINE, monthly_hours=hours[0], at=NOW)
    nomination.approve(member, course, approver_id=SENIOR, monthly_hours=hours[1], at=NOW)
    return nomination


# Nominating


def test_a_nomination_waits_for_the_line_manager_first():
    nomination = nomination_for(person(), cohort())
    assert (nomination.status, nomination.level, nomination.approvals) == ("awaiting_line_manager", 2, [])


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
        nominate(member, cohort(), nominated_by="x", completed_levels=levels, has_open_nomination=open_already, at=NOW)
    assert raised.value.field == "nominee_id"


def test_level_3_needs_level_2():
    with pytest.raises(Conflict, match="Level 2 not complete"):
        nominate(person(), cohort(level=3), nominated_by="x", completed_levels={1}, has_open_nomination=False, at=NOW)


# Approving


def test_line_manager_then_senior_manager_approve_and_a_place_is_booked():
    ann, course = person(), cohort()
    nomination = nomination_for(ann, course)
    nomination.approve(ann, course, approver_id=LINE, monthly_hours=4, at=NOW)
    assert nomination.status == AWAITING_SENIOR_MANAGER
    assert course.booked_count == 0
    nomination.approve(ann, course, approver_id=SENIOR, monthly_hours=3, at=NOW)
    assert nomination.status == APPROVED
    assert [a.capacity for a in nomination.approvals] == ["line_manager", "senior_manager"]
    assert nomination.agreed_monthly_hours == 3
    assert (course.booked_count, course.waiting_count, course.booked_place("ann").nomination_id) == (
        1, 0, nomination.id)


def test_when_the_cohort_is_full_the_nominee_joins_its_waiting_list():
    course = cohort(capacity=1)
    first, second = approved(person("ann"), course), approved(person("bob"), course)
    assert (first.status, second.status) == (APPROVED, WAITING_LIST)
    assert (course.booked_count, course.waiting_count, course.state) == (1, 1, "full")
    assert course.booked_place("bob") is None


@pytest.mark.parametrize("approver", [STRANGER, SENIOR])
def test_only_the_line_manager_decides_first(approver):
    ann, course = person(), cohort()
    nomination = nomination_for(ann, course)
    with pytest.raises(Forbidden):
        nomination.approve(ann, course, approver_id=approver, monthly_hours=4, at=NOW)
    with pytest.raises(Forbidden):
        nomination.refuse(ann, approver_id=approver, reason="no", at=NOW)


def test_nobody_decides_on_their_own_nomination():
    # Even a person recorded as their own senior manager (bad data) cannot endorse themselves.
    ann, course = person(senior_manager_id="ann"), cohort()
    nomination = nomination_for(ann, course)
    nomination.approve(ann, course, approver_id=LINE, monthly_hours=4, at=NOW)
    with pytest.raises(Forbidden, match="own nomination"):
        nomination.approve(ann, course, approver_id="ann", monthly_hours=4, at=NOW)


def test_a_decision_already_made_cannot_be_made_again():
    ann, course = person(), cohort()
    nomination = nomination_for(ann, course)
    nomination.approve(ann, course, approver_id=LINE, monthly_hours=4, at=NOW)
    with pytest.raises(Conflict):
        nomination.approve(ann, course, approver_id=LINE, monthly_hours=4, at=NOW)
    nomination.approve(ann, course, approver_id=SENIOR, monthly_hours=4, at=NOW)
    for manager in (LINE, SENIOR):
        with pytest.raises(Conflict):
            nomination.approve(ann, course, approver_id=manager, monthly_hours=4, at=NOW)
    with pytest.raises(Forbidden):
        nomination.approve(ann, course, approver_id=STRANGER, monthly_hours=4, at=NOW)
    assert len(nomination.approvals) == 2 and course.booked_count == 1


def test_the_current_line_manager_decides():
    ann, course = person(), cohort()
    nomination = nomination_for(ann, course)
    ann.line_manager_id = "new-line"
    with pytest.raises(Forbidden):
        nomination.approve(ann, course, approver_id=LINE, monthly_hours=4, at=NOW)
    nomination.approve(ann, course, approver_id="new-line", monthly_hours=4, at=NOW)


@pytest.mark.parametrize("hours", [None, 0, 41])
def test_an_approval_confirms_between_1_and_40_monthly_hours(hours):
    ann, course = person(), cohort()
    with pytest.raises(InvalidInput) as raised:
        nomination_for(ann, course).approve(ann, course, approver_id=LINE, monthly_hours=hours, at=NOW)
    assert raised.value.field == "monthly_hours"


def test_a_refusal_says_why_and_ends_the_nomination():
    ann, course = person(), cohort()
    nomination = nomination_for(ann, course)
    with pytest.raises(InvalidInput):
        nomination.refuse(ann, approver_id=LINE, reason="  ", at=NOW)
    nomination.refuse(ann, approver_id=LINE, reason="Short staffed this winter", at=NOW)
    assert (nomination.status, nomination.refused_by, nomination.refusal_reason) == (
        REFUSED, LINE, "Short staffed this winter")
    with pytest.raises(Conflict):
        nomination.approve(ann, course, approver_id=LINE, monthly_hours=4, at=NOW)


# Completing


def test_a_booked_approved_nominee_completes_once():
    ann, course = person(), cohort()
    nomination = approved(ann, course)
    completion = complete_course(course, "ann", nomination, already_complete=False, recorded_by="t", at=NOW)
    assert (completion.staff_id, completion.level, completion.completed_on, completion.cohort_id) == (
        "ann", 2, NOW.date(), course.id)
    assert nomination.status == COMPLETED
    with pytest.raises(Conflict, match="already recorded"):
        complete_course(course, "ann", nomination, already_complete=True, recorded_by="t", at=NOW)


def test_someone_on_the_waiting_list_or_not_yet_approved_cannot_complete():
    course = cohort(capacity=1)
    approved(person("ann"), course)
    waiting = approved(person("bob"), course)
    pending = nomination_for(person("cat"), course)
    for nomination in (waiting, pending):
        with pytest.raises(Conflict, match="not booked"):
            complete_course(course, "ann", nomination, already_complete=False, recorded_by="t", at=NOW)


def test_a_nomination_completes_only_on_its_own_cohort():
    ann, course = person(), cohort()
    nomination = approved(ann, course)
    with pytest.raises(Conflict, match="not booked"):
        complete_course(cohort(), "ann", nomination, already_complete=False, recorded_by="t", at=NOW)


# Cohorts


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"level": 1}, "level"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 201}, "capacity"),
        ({"dates": []}, "days"),
        ({"dates": [date(2026, 12, 1), date(2026, 12, 1)]}, "days"),
    ],
)
def test_a_cohort_is_well_formed(kwargs, field):
    values = {"name": "A", "level": 2, "capacity": 5, "dates": [date(2026, 12, 1)], "created_by": "c", **kwargs}
    days = [CohortDay(on=on) for on in values.pop("dates")]
    with pytest.raises(InvalidInput) as raised:
        Cohort(**values, days=days)
    assert raised.value.field == field


# The staff copy


def test_older_news_about_a_person_is_ignored():
    ann = person()
    later = NOW + timedelta(minutes=1)
    ann.grant("peer_supporter", later)
    ann.revoke("peer_supporter", NOW)  # an earlier revocation, delivered late
    assert ann.roles == ["peer_supporter"]
    ann.mark_left(NOW)
    assert ann.active
    ann.mark_left(later)
    assert not ann.active
