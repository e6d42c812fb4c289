"""A peer supporter's monthly hours over HTTP: the access matrix's rows for them, cell by cell (decision 83)."""

from __future__ import annotations

import pytest

from services.identity.tests.integration.test_roles_and_access import end, grant


@pytest.fixture
def hours(api, client, make_peer_supporter):
    """A peer supporter on 4 hours with a line and a senior manager, a coordinator and a stranger, logged in."""
    team = api.team()["id"]
    line, senior, stranger, coordinator = (api.register(team_id=team) for _ in range(4))
    grant(client, api.admin, coordinator["id"], "coordinator")
    supporter = api.register(team_id=team, line_manager_id=line["id"], senior_manager_id=senior["id"])
    make_peer_supporter(supporter["id"])
    people = {"supporter": supporter, "line": line, "senior": senior, "stranger": stranger,
              "coordinator": coordinator}
    return {"id": supporter["id"], **{who: api.login(p["email"]) for who, p in people.items()},
            "people": people}


def put(client, hours, who, monthly_hours, **body):
    return client.put(f"/api/v1/staff/{hours['id']}/supporter-hours", headers=hours[who],
                      json={"monthly_hours": monthly_hours, **body})


def decide(client, hours, who, change_id, decision="agreement", **body):
    return client.post(f"/api/v1/staff/{hours['id']}/supporter-hours/raises/{change_id}/{decision}",
                       headers=hours[who], json=body)


@pytest.mark.parametrize(("who", "status"), [("supporter", 200), ("line", 200), ("senior", 200),
                                             ("coordinator", 200), ("stranger", 403)])
def test_who_sees_the_hours(client, hours, who, status):
    response = client.get(f"/api/v1/staff/{hours['id']}/supporter-hours", headers=hours[who])
    assert response.status_code == status
    if status == 200:
        assert response.json["monthly_hours"] == 4 and response.json["pending_raise"] is None


@pytest.mark.parametrize(("who", "status"), [("supporter", 200), ("line", 200), ("senior", 200),
                                             ("coordinator", 200), ("stranger", 403)])
def test_who_lowers_the_hours_at_once(api, client, hours, who, status):
    response = put(client, hours, who, 2, reason="a new rota")
    assert response.status_code == status, response.json
    if status == 200:
        assert response.json["monthly_hours"] == 2
        [event] = [e["data"] for e in api.outbox("identity.supporter_hours.changed")
                   if e["data"]["staff_id"] == hours["id"]]
        assert (event["monthly_hours"], event["previous_hours"], event["reason"]) == (2, 4, "a new rota")
        assert event["changed_by"] == hours["people"][who]["id"]


@pytest.mark.parametrize(("who", "status"), [("supporter", 403), ("coordinator", 403), ("stranger", 403)])
def test_only_a_manager_proposes_a_raise(client, hours, who, status):
    assert put(client, hours, who, 6).status_code == status


def test_a_raise_waits_for_the_other_manager_and_is_told_to_them(api, client, hours):
    proposed = put(client, hours, "line", 6, reason="fewer shifts")
    assert proposed.status_code == 200 and proposed.json["monthly_hours"] == 4
    change_id = proposed.json["pending_raise"]["id"]
    [told] = [e["data"] for e in api.outbox("identity.supporter_hours.raise_proposed")
              if e["data"]["staff_id"] == hours["id"]]
    assert told["awaiting_manager_id"] == hours["people"]["senior"]["id"] and told["proposed_hours"] == 6
    for who in ("line", "coordinator", "supporter", "stranger"):
        assert decide(client, hours, who, change_id).status_code == 403, who
    agreed = decide(client, hours, "senior", change_id)
    assert agreed.status_code == 200 and agreed.json["monthly_hours"] == 6
    assert agreed.json["changes"][0]["agreed_by"] == hours["people"]["senior"]["id"]
    assert decide(client, hours, "senior", change_id).status_code == 409


def test_a_raise_is_withdrawn_by_its_proposer(client, hours):
    change_id = put(client, hours, "senior", 6).json["pending_raise"]["id"]
    assert decide(client, hours, "line", change_id, "withdrawal").status_code == 403
    withdrawn = decide(client, hours, "senior", change_id, "withdrawal")
    assert withdrawn.status_code == 200 and withdrawn.json["changes"][0]["state"] == "withdrawn"
    assert decide(client, hours, "line", change_id).status_code == 409


def test_a_raise_is_declined_by_the_other_manager_and_told_to_its_proposer(api, client, hours):
    change_id = put(client, hours, "line", 6, reason="fewer shifts").json["pending_raise"]["id"]
    for who in ("line", "coordinator", "supporter", "stranger"):
        refused = decide(client, hours, who, change_id, "refusal")
        assert refused.status_code == 403 and refused.json["detail"], who
    declined = decide(client, hours, "senior", change_id, "refusal", reason="not while the ward is short")
    assert declined.status_code == 200, declined.json
    assert declined.json["monthly_hours"] == 4 and declined.json["pending_raise"] is None
    change = declined.json["changes"][0]
    assert (change["state"], change["closed_by"], change["closed_as"], change["closed_reason"]) == (
        "declined", hours["people"]["senior"]["id"], "senior_manager", "not while the ward is short")
    [told] = [e["data"] for e in api.outbox("identity.supporter_hours.raise_declined")
              if e["data"]["staff_id"] == hours["id"]]
    assert (told["proposed_by"], told["declined_by"], told["proposed_hours"], told["monthly_hours"]) == (
        hours["people"]["line"]["id"], hours["people"]["senior"]["id"], 6, 4)
    again = decide(client, hours, "senior", change_id)
    assert again.status_code == 409 and "change_id" in str(again.json)
    assert decide(client, hours, "senior", change_id, "refusal").status_code == 409


def test_a_refusal_needs_no_reason_but_bounds_one(client, hours):
    change_id = put(client, hours, "senior", 6).json["pending_raise"]["id"]
    for reason in ("", "x" * 501):
        refused = decide(client, hours, "line", change_id, "refusal", reason=reason)
        assert refused.status_code == 422 and "reason" in str(refused.json), reason
    declined = decide(client, hours, "line", change_id, "refusal")
    assert declined.status_code == 200 and declined.json["changes"][0]["closed_reason"] is None


def test_a_refusal_of_someone_unknown_or_of_no_raise_is_not_found(client, hours):
    unknown = "00000000-0000-4000-8000-000000000000"
    response = client.post(f"/api/v1/staff/{unknown}/supporter-hours/raises/{unknown}/refusal",
                           headers=hours["senior"], json={})
    assert response.status_code == 404
    response = client.post(f"/api/v1/staff/{hours['id']}/supporter-hours/raises/not-a-uuid/refusal",
                           headers=hours["senior"], json={})
    assert response.status_code == 404
    assert decide(client, hours, "senior", unknown, "refusal").status_code == 409


def test_a_vacant_post_is_agreed_for_by_a_coordinator(api, client, hours):
    leave = client.post(f"/api/v1/staff/{hours['people']['senior']['id']}/leave", headers=api.admin,
                        json={"left_on": "2026-12-01", "reason": "moved away"})
    assert leave.status_code == 200, leave.json
    change_id = put(client, hours, "line", 7).json["pending_raise"]["id"]
    assert decide(client, hours, "coordinator", change_id).json["monthly_hours"] == 7


@pytest.mark.parametrize(("body", "field"), [({"monthly_hours": 0}, "monthly_hours"),
                                             ({"monthly_hours": 41}, "monthly_hours"),
                                             ({"monthly_hours": "6"}, "monthly_hours"),
                                             ({}, "monthly_hours"),
                                             ({"monthly_hours": 3, "reason": ""}, "reason"),
                                             ({"monthly_hours": 3, "hours": 3}, "hours")])
def test_bad_input_names_the_field(client, hours, body, field):
    response = client.put(f"/api/v1/staff/{hours['id']}/supporter-hours", headers=hours["line"], json=body)
    assert response.status_code == 422 and field in str(response.json), response.json


def test_the_changed_hours_survive_a_suspension_lifted(api, client, hours):
    put(client, hours, "supporter", 3)
    assert end(client, hours["coordinator"], hours["id"], "peer_supporter", ending="suspended").status_code == 200
    assert put(client, hours, "line", 2).status_code == 409
    assert grant(client, hours["coordinator"], hours["id"], "peer_supporter").json["monthly_hours"] == 3
    assert client.get(f"/api/v1/staff/{hours['id']}/supporter-hours", headers=hours["line"]).json["changes"] == []


def test_someone_not_a_peer_supporter_has_no_hours(client, hours):
    response = client.get(f"/api/v1/staff/{hours['people']['line']['id']}/supporter-hours",
                          headers=hours["stranger"])
    assert response.status_code == 403
    response = client.get(f"/api/v1/staff/{hours['people']['line']['id']}/supporter-hours",
                          headers=hours["coordinator"])
    assert response.status_code == 409
