"""Organisations' training policies through the API: ladders, minimum grades, the team target and its report."""

from __future__ import annotations

import uuid

from services.training.tests.integration.helpers import fields_of

COUNCIL = str(uuid.uuid4())
SCALE = ["Scale 1", "Scale 6", "SO1", "SO2", "PO1", "PO2"]


def test_a_coordinator_sets_an_organisation_s_ladder_and_its_rules_apply(client, coordinator, auth, candidate,
                                                                         announce, register):
    path = f"/api/v1/training-policies/{COUNCIL}"
    default = client.get(path, headers=auth(str(uuid.uuid4()))).json
    assert (default["grade_ladder"][-1], default["level_3_min_grade"], default["updated_at"]) == (
        "Band 9", "Band 7", None)
    body = {"grade_ladder": SCALE, "level_2_min_grade": "SO1", "level_3_min_grade": "PO1", "supporters_per_team": 2}
    assert client.put(path, json=body, headers=auth(str(uuid.uuid4()))).status_code == 403
    bad = client.put(path, json={**body, "supporters_per_team": 0, "grade_ladder": []}, headers=coordinator)
    assert (bad.status_code, fields_of(bad)) == (422, {"supporters_per_team", "grade_ladder"})
    off_ladder = client.put(path, json={**body, "level_2_min_grade": "Band 5"}, headers=coordinator)
    assert (off_ladder.status_code, fields_of(off_ladder)) == (422, {"level_2_min_grade"})
    assert client.get(path, headers=coordinator).json["updated_at"] is None  # nothing written on refusal
    assert client.get("/api/v1/training-policies/not-an-id", headers=coordinator).status_code == 404
    saved = client.put(path, json=body, headers=coordinator)
    assert (saved.status_code, saved.json["grade_ladder"], saved.json["level_2_min_grade"]) == (200, SCALE, "SO1")

    junior = candidate(grade="Scale 6")
    announce("identity.staff.updated", junior.id, line_manager_id=junior.line, senior_manager_id=junior.senior,
             grade="Scale 6", organisation_id=COUNCIL, changed=["organisation_id"])
    refused = client.post("/api/v1/nominations", json={"nominee_id": junior.id, "level": 2}, headers=auth(junior.id))
    assert (refused.status_code, fields_of(refused)) == (409, {"nominee_id"})
    assert "below SO1" in refused.json["detail"]
    eligibility = client.get(f"/api/v1/people/{junior.id}/level-3-eligibility", headers=auth(junior.id)).json
    assert "grade Scale 6 is below PO1" in eligibility["reasons"]


def test_the_coverage_report_and_the_manager_s_list_use_the_team_target(client, coordinator, auth, candidate,
                                                                        announce, register):
    team = str(uuid.uuid4())
    announce("identity.team.created", team, team_id=team, name="Ward 3", service="Medicine", organisation="Council",
             organisation_id=COUNCIL)
    client.put(f"/api/v1/training-policies/{COUNCIL}", headers=coordinator,
               json={"grade_ladder": SCALE, "supporters_per_team": 1})
    supporter = register(team_id=team, organisation_id=COUNCIL, roles=["staff", "peer_supporter"])
    report = client.get("/api/v1/reports/supporter-coverage", headers=coordinator).json
    assert report["teams"] == [{"team_id": team, "team_name": "Ward 3", "service": "Medicine",
                                "organisation_id": COUNCIL, "supporters": 1, "target": 1, "meets_target": True}]
    assert client.get("/api/v1/reports/supporter-coverage", headers=auth(supporter)).status_code == 403
    person = candidate()
    announce("identity.staff.updated", person.id, line_manager_id=person.line, senior_manager_id=person.senior,
             team_id=team, organisation_id=COUNCIL, grade="SO1", changed=["team_id"])
    nomination = person.nominate(level=2)
    (listed,) = client.get("/api/v1/nominations/awaiting-my-decision", headers=auth(person.line)).json
    assert (listed["nomination"]["id"], listed["team_supporters"], listed["many_supporters_in_team"]) == (
        nomination["id"], 1, True)
    assert person.decide(nomination["id"], person.line).status_code == 200  # flagged, not refused
