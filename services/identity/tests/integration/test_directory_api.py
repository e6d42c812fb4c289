"""The directory: organisations, services, teams, staff filters and search, movers, leavers, delegations."""

from __future__ import annotations

import uuid
from datetime import date, timedelta


def test_organisations_services_and_teams(api, client):
    org = client.post("/api/v1/organisations", json={"name": "Inverclyde Council", "kind": "local_authority"},
                      headers=api.admin)
    assert org.status_code == 201
    bad = client.post("/api/v1/organisations", json={"name": "X", "kind": "charity"}, headers=api.admin)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "kind"
    service = client.post("/api/v1/services", json={"name": "Social Work", "organisation_id": org.json["id"]},
                          headers=api.admin).json
    team = client.post("/api/v1/teams", json={"name": "Children and Families", "service_id": service["id"]},
                       headers=api.admin)
    assert team.status_code == 201 and team.json["organisation"] == "Inverclyde Council"
    again = client.post("/api/v1/teams", json={"name": "Children and Families", "service_id": service["id"]},
                        headers=api.admin)
    assert again.status_code == 409 and again.json["errors"][0]["field"] == "name"
    renamed = client.patch(f"/api/v1/teams/{team.json['id']}", json={"name": "Family Support"}, headers=api.admin)
    assert renamed.status_code == 200
    [updated] = api.outbox("identity.team.updated")
    assert updated["data"]["changed"] == ["name"] and updated["data"]["name"] == "Family Support"


def test_teams_named_by_service_and_organisation_create_those_records(api, client):
    api.team("Ward 1")
    api.team("Ward 2")
    [org] = [o for o in client.get("/api/v1/organisations", headers=api.admin).json if o["name"] == "NHS Test Board"]
    [service] = client.get(f"/api/v1/services?organisation_id={org['id']}", headers=api.admin).json
    teams = client.get(f"/api/v1/teams?service_id={service['id']}", headers=api.admin).json
    assert sorted(t["name"] for t in teams) == ["Ward 1", "Ward 2"]


def test_list_filters_search_and_pages(api, client):
    ward = api.team()
    manager = api.register(name="Morag Manager", team_id=ward["id"])
    api.register(name="Nina Nurse", team_id=ward["id"], line_manager_id=manager["id"])
    api.register(name="Olive Other")

    def names(query):
        response = client.get(f"/api/v1/staff?{query}", headers=api.admin)
        assert response.status_code == 200, response.json
        return [p["name"] for p in response.json["items"]]

    assert names(f"team_id={ward['id']}") == ["Morag Manager", "Nina Nurse"]
    assert names(f"service_id={ward['service_id']}") == ["Morag Manager", "Nina Nurse"]
    assert names("role=line_manager") == ["Morag Manager"]
    assert names("q=nurse") == ["Nina Nurse"]
    assert names("q=%25") == []
    page = client.get("/api/v1/staff?limit=1&offset=1&q=e", headers=api.admin).json
    assert page["total"] >= 3 and len(page["items"]) == 1
    bad = client.get("/api/v1/staff?role=king&status=gone", headers=api.admin)
    assert bad.status_code == 422 and {e["field"] for e in bad.json["errors"]} == {"role", "status"}


def test_employee_numbers_are_unique_per_organisation(api, client):
    first, other_org = api.team("A"), client.post(
        "/api/v1/organisations", json={"name": "Renfrewshire Council", "kind": "local_authority"}, headers=api.admin
    ).json
    api.register(employee_number="123", team_id=first["id"])
    clash = client.post("/api/v1/staff", headers=api.admin, json={
        "employee_number": "123", "name": "X", "email": "x@psn.test", "team_id": first["id"]})
    assert clash.status_code == 409 and clash.json["errors"][0]["field"] == "employee_number"
    api.register(employee_number="123", organisation_id=other_org["id"])


def test_a_move_publishes_what_changed_and_a_loop_is_refused(api, client):
    boss = api.register()
    member = api.register(line_manager_id=boss["id"])
    ward = api.team()
    moved = client.patch(f"/api/v1/staff/{member['id']}", json={"team_id": ward["id"], "grade": "Band 6"},
                         headers=api.admin)
    assert moved.status_code == 200
    update = api.outbox("identity.staff.updated")[-1]["data"]
    assert update["changed"] == ["grade", "organisation_id", "team_id"] and update["team_id"] == ward["id"]
    before = len(api.outbox())
    loop = client.patch(f"/api/v1/staff/{boss['id']}", json={"line_manager_id": member["id"]}, headers=api.admin)
    assert loop.status_code == 422 and loop.json["errors"][0]["field"] == "line_manager_id"
    same = client.patch(f"/api/v1/staff/{member['id']}", json={"grade": "Band 6"}, headers=api.admin)
    assert same.status_code == 200 and len(api.outbox()) == before  # nothing changed, nothing announced


def test_leaving_ends_roles_with_events_and_reinstatement_brings_the_person_back(api, client):
    member = api.register()
    client.post(f"/api/v1/staff/{member['id']}/roles", json={"role": "facilitator", "reason": "runs groups"},
                headers=api.admin)
    left = client.post(f"/api/v1/staff/{member['id']}/leave", json={"reason": "retired", "left_on": "2026-11-30"},
                       headers=api.admin)
    assert left.status_code == 200 and left.json["left_on"] == "2026-11-30" and left.json["roles"] == []
    [revoked] = api.outbox("identity.role.revoked")
    assert revoked["data"]["role"] == "facilitator" and revoked["data"]["ending"] == "left"
    assert api.outbox("identity.staff.left")[0]["data"] == {"staff_id": member["id"], "left_on": "2026-11-30",
                                                           "reason": "retired"}
    again = client.post(f"/api/v1/staff/{member['id']}/leave", json={"reason": "x"}, headers=api.admin)
    assert again.status_code == 409
    back = client.post(f"/api/v1/staff/{member['id']}/reinstate", headers=api.admin)
    assert back.status_code == 200 and back.json["status"] == "active"
    assert api.outbox("identity.staff.reinstated")[0]["data"]["status"] == "active"
    history = client.get(f"/api/v1/staff/{member['id']}/roles", headers=api.admin).json
    assert [(g["role"], g["ending"]) for g in history] == [("facilitator", "left")]


def test_a_temporary_manager_reads_the_reports_for_the_period_only(api, client):
    boss, stand_in, other = api.register(), api.register(), api.register()
    report = api.register(line_manager_id=boss["id"])
    today = date.today()
    stand_in_headers = api.login(stand_in["email"])
    assert client.get(f"/api/v1/staff/{report['id']}", headers=stand_in_headers).status_code == 403
    denied = client.post(f"/api/v1/staff/{boss['id']}/delegations", headers=api.login(other["email"]), json={
        "delegate_id": stand_in["id"], "starts_on": str(today), "ends_on": str(today), "reason": "annual leave"})
    assert denied.status_code == 403
    created = client.post(f"/api/v1/staff/{boss['id']}/delegations", headers=api.login(boss["email"]), json={
        "delegate_id": stand_in["id"], "starts_on": str(today), "ends_on": str(today + timedelta(days=7)),
        "reason": "annual leave"})
    assert created.status_code == 201
    stand_in_headers = api.login(stand_in["email"])
    assert client.get(f"/api/v1/staff/{report['id']}", headers=stand_in_headers).status_code == 200
    assert [p["id"] for p in client.get("/api/v1/me/reports", headers=stand_in_headers).json] == [report["id"]]
    assert "line_manager" in client.get("/api/v1/me", headers=stand_in_headers).json["roles"]
    future = client.post(f"/api/v1/staff/{boss['id']}/delegations", headers=api.admin, json={
        "delegate_id": other["id"], "starts_on": str(today + timedelta(days=30)),
        "ends_on": str(today + timedelta(days=31)), "reason": "later"})
    assert future.status_code == 201
    assert client.get(f"/api/v1/staff/{report['id']}", headers=api.login(other["email"])).status_code == 403
    backwards = client.post(f"/api/v1/staff/{boss['id']}/delegations", headers=api.admin, json={
        "delegate_id": other["id"], "starts_on": "2026-02-02", "ends_on": "2026-02-01", "reason": "x"})
    assert backwards.status_code == 422 and backwards.json["errors"][0]["field"] == "ends_on"


def test_a_delegation_is_announced_when_granted_and_when_ended_early(api, client):
    boss, stand_in, other = api.register(), api.register(), api.register()
    report = api.register(line_manager_id=boss["id"])
    today = date.today()
    boss_headers = api.login(boss["email"])
    created = client.post(f"/api/v1/staff/{boss['id']}/delegations", headers=boss_headers, json={
        "delegate_id": stand_in["id"], "starts_on": str(today), "ends_on": str(today + timedelta(days=7)),
        "reason": "annual leave"}).json
    granted = api.outbox("identity.delegation.granted")
    assert [e["data"] for e in granted] == [{
        "delegation_id": created["id"], "manager_id": boss["id"], "delegate_id": stand_in["id"],
        "starts_on": str(today), "ends_on": str(today + timedelta(days=7)), "granted_by": boss["id"],
        "reason": "annual leave"}]
    ending = f"/api/v1/staff/{boss['id']}/delegations/{created['id']}/ending"
    assert client.post(ending, json={"reason": "back early"}, headers=api.login(other["email"])).status_code == 403
    assert client.post(ending, json={}, headers=boss_headers).json["errors"][0]["field"] == "reason"
    elsewhere = f"/api/v1/staff/{other['id']}/delegations/{created['id']}/ending"
    assert client.post(elsewhere, json={"reason": "x"}, headers=api.admin).status_code == 404
    ended = client.post(ending, json={"reason": "back early"}, headers=boss_headers)
    assert ended.status_code == 200 and ended.json["end_reason"] == "back early"
    assert client.post(ending, json={"reason": "again"}, headers=boss_headers).status_code == 409
    [event] = api.outbox("identity.delegation.ended")
    assert event["subject"] == boss["id"]
    assert {k: v for k, v in event["data"].items() if k != "ended_at"} == {
        "delegation_id": created["id"], "manager_id": boss["id"], "delegate_id": stand_in["id"],
        "reason": "back early", "ended_by": boss["id"]}
    # Ended: the stand-in no longer reads the reports, though the period's dates have not run out.
    stand_in_headers = api.login(stand_in["email"])
    assert client.get(f"/api/v1/staff/{report['id']}", headers=stand_in_headers).status_code == 403
    assert "line_manager" not in client.get("/api/v1/me", headers=stand_in_headers).json["roles"]


def test_a_manager_finds_a_colleague_to_stand_in_by_name_without_their_contact_details(api, client):
    boss = api.register()
    api.register(line_manager_id=boss["id"])
    word = uuid.uuid4().hex[:6]
    deputy = api.register(name=f"Dana {word} Deputy", job_title="Ward manager")
    gone = api.register(name=f"Gil {word} Gone")
    client.post(f"/api/v1/staff/{gone['id']}/leave", json={"reason": "retired"}, headers=api.admin)
    boss_headers = api.login(boss["email"])
    found = client.get(f"/api/v1/colleagues?q={word.upper()}", headers=boss_headers)
    assert found.status_code == 200
    assert found.json == [{"id": deputy["id"], "name": deputy["name"], "preferred_name": None,
                           "job_title": "Ward manager", "team_id": None}]
    short = client.get("/api/v1/colleagues?q=D", headers=boss_headers)
    assert short.status_code == 422 and short.json["errors"][0]["field"] == "q"
    today = date.today()
    created = client.post(f"/api/v1/staff/{boss['id']}/delegations", headers=boss_headers, json={
        "delegate_id": deputy["id"], "starts_on": str(today), "ends_on": str(today), "reason": "study day"})
    assert created.json["delegate_name"] == deputy["name"]
    listed = client.get(f"/api/v1/staff/{boss['id']}/delegations", headers=boss_headers).json
    assert [(d["delegate_id"], d["delegate_name"]) for d in listed] == [(deputy["id"], deputy["name"])]


def test_unknown_ids_are_404_and_bad_ids_422(api, client):
    assert client.get(f"/api/v1/staff/{uuid.uuid4()}", headers=api.admin).status_code == 404
    bad = client.patch(f"/api/v1/staff/{api.register()['id']}", json={"team_id": "nope"}, headers=api.admin)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "team_id"
