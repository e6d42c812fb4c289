from dataclasses import replace

import pytest

from identity.domain.hr_import import Directory, ImportRejected, StaffRecord, plan_import

ORG = "org-1"


def row(number: str, **overrides) -> dict:
    base = {"organisation": "Board", "employee_number": number, "name": f"Person {number}",
            "email": f"{number.lower()}@x.org", "job_title": None, "grade": None, "service": "Acute",
            "team": "Ward 1", "line_manager": None, "senior_manager": None, "start_date": None, "status": "active"}
    return {**base, **overrides}


def empty_directory(**kwargs) -> Directory:
    base = {"organisations": {"Board": ORG}, "teams": {}, "people": {}, "email_owner": {}, "manager_of": {}}
    return Directory(**{**base, **kwargs})


def test_new_people_teams_and_managers_named_later_in_the_file():
    plan = plan_import([row("E2", line_manager="E1"), row("E1")], empty_directory())
    assert len(plan.created) == 2 and len(plan.new_teams) == 1
    by_number = {r.employee_number: r for r in plan.created}
    assert by_number["E2"].line_manager_id == by_number["E1"].id


def test_every_bad_row_is_reported_at_once():
    rows = [
        row("E1", organisation="Nowhere"),
        row("E2", line_manager="E404"),
        row("E3", email="e2@x.org"),
        row("E3"),
        row("E5", line_manager="E5"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        plan_import(rows, empty_directory())
    assert rejected.value.errors == {
        0: {"organisation": ["no organisation named 'Nowhere'"]},
        1: {"line_manager": ["no member of staff with employee number 'E404' in this organisation"]},
        2: {"email": ["email repeated (row 1)"]},
        3: {"employee_number": ["employee number repeated (row 2)"]},
        4: {"line_manager": ["nobody can be their own manager"]},
    }


def test_a_loop_of_line_management_is_refused():
    with pytest.raises(ImportRejected) as rejected:
        plan_import([row("E1", line_manager="E2"), row("E2", line_manager="E1")], empty_directory())
    assert set(rejected.value.errors) == {0, 1}


def test_a_row_that_matches_the_record_changes_nothing_and_a_leaver_leaves():
    on_record = StaffRecord(
        id="id-1", organisation_id=ORG, employee_number="E1", status="active", name="Person E1", email="e1@x.org",
        job_title=None, grade=None, team_id="team-1", line_manager_id=None, senior_manager_id=None, start_date=None,
    )
    directory = empty_directory(teams={(ORG, "Acute", "Ward 1"): "team-1"}, people={(ORG, "E1"): on_record},
                                email_owner={"e1@x.org": "id-1"}, manager_of={"id-1": None})
    assert plan_import([row("E1")], directory).empty
    plan = plan_import([row("E1", grade="Band 6", status="left")], directory)
    [update] = plan.updated
    assert update.changes == {"grade": "Band 6"} and plan.leaving == ["id-1"]
    assert update.record == replace(on_record, grade="Band 6")
