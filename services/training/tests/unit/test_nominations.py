import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from services.training.tests.unit.builders import LINE, NOW, SENIOR, approve, cohort, nomination_for, person
from training.domain.nominations import NominationStatus, nominate

STRANGER = "stranger"


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
    assert nomination.status == NominationStatus.AWAITING_SENIOR_MANAGER
    approve(nomination, ann, SENIOR, 3)
    assert (nomination.status, nomination.agreed_monthly_hours) == (NominationStatus.APPROVED, 3)
    assert [a.capacity for a in nomination.approvals] == ["line_manager", "senior_manager"]
    nomination.booked(course, course.place(nomination, NOW))
    assert (nomination.status, course.booked_count, course.booked_place("ann").nomination_id) == (
        NominationStatus.BOOKED, 1, nomination.id)


def test_a_delegate_decides_for_the_manager_but_nobody_gives_both_endorsements():
    ann = person()
    nomination = nomination_for(ann, None)
    approve(nomination, ann, LINE)
    approval = approve(nomination, ann, "deputy", acting_for={"deputy", SENIOR})
    assert (approval.capacity, approval.on_behalf_of, nomination.status) == (
        "senior_manager", SENIOR, NominationStatus.APPROVED)

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
        NominationStatus.REFUSED, LINE, "Short staffed this winter")
    with pytest.raises(Conflict):
        approve(nomination, ann, LINE)
    with pytest.raises(Conflict, match="already refused"):
        nomination.withdraw(NOW)
