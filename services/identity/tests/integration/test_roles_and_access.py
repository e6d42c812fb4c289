"""Roles with their history, and the access matrix in the README, cell by cell."""

from __future__ import annotations

import pytest


def grant(client, headers, staff_id, role, reason="because"):
    return client.post(f"/api/v1/staff/{staff_id}/roles", json={"role": role, "reason": reason}, headers=headers)


def end(client, headers, staff_id, role, ending="withdrawn", reason="no longer practising"):
    return client.post(f"/api/v1/staff/{staff_id}/roles/{role}/revocations", json={"reason": reason, "ending": ending},
                       headers=headers)


@pytest.fixture
def people(api):
    """An administrator, a coordinator, a line manager with a report, and a stranger, each logged in;
    everyone on one team."""
    team = api.team()["id"]
    coordinator = api.register(team_id=team)
    grant(api.client, api.admin, coordinator["id"], "coordinator")
    boss = api.register(team_id=team)
    report = api.register(line_manager_id=boss["id"], team_id=team)
    stranger = api.register(team_id=team)
    return {
        "team": team,
        "coordinator": (coordinator, api.login(coordinator["email"])),
        "boss": (boss, api.login(boss["email"])),
        "report": (report, api.login(report["email"])),
        "stranger": (stranger, api.login(stranger["email"])),
    }


def test_a_granted_role_is_in_the_next_token_and_the_event_carries_the_reason(api, client, people):
    coordinator, headers = people["coordinator"]
    assert "coordinator" in client.get("/api/v1/me", headers=headers).json["roles"]
    granted = [e["data"] for e in api.outbox("identity.role.granted") if e["data"]["staff_id"] == coordinator["id"]]
    assert granted[0]["reason"] == "because" and granted[0]["granted_by"]


def test_a_line_manager_appoints_wellbeing_champions_among_their_reports(api, client, people):
    boss, boss_headers = people["boss"]
    report, _ = people["report"]
    stranger, stranger_headers = people["stranger"]
    assert grant(client, boss_headers, report["id"], "wellbeing_champion").status_code == 201
    assert grant(client, stranger_headers, report["id"], "wellbeing_champion").status_code == 403
    assert grant(client, boss_headers, stranger["id"], "wellbeing_champion").status_code == 403
    assert grant(client, boss_headers, boss["id"], "wellbeing_champion").status_code == 403
    second = api.register(line_manager_id=boss["id"], team_id=people["team"])
    assert grant(client, boss_headers, second["id"], "wellbeing_champion").status_code == 201  # a team has several
    assert grant(client, boss_headers, report["id"], "wellbeing_champion").status_code == 409


def test_a_coordinator_suspends_and_lifts_and_withdraws_a_peer_supporter(api, client, people, make_peer_supporter):
    member, _ = people["report"]
    _, coordinator = people["coordinator"]
    make_peer_supporter(member["id"])
    assert grant(client, coordinator, member["id"], "peer_supporter").status_code == 409  # not suspended
    suspended = end(client, coordinator, member["id"], "peer_supporter", "suspended", "under review")
    assert suspended.status_code == 200
    revoked = api.outbox("identity.role.revoked")[-1]["data"]
    assert (revoked["reason"], revoked["ending"]) == ("under review", "suspended")
    lifted = grant(client, coordinator, member["id"], "peer_supporter", "review closed")
    assert lifted.status_code == 201 and lifted.json["monthly_hours"] == 4
    assert end(client, coordinator, member["id"], "peer_supporter").status_code == 200
    assert grant(client, coordinator, member["id"], "peer_supporter").status_code == 409  # withdrawn for good
    history = client.get(f"/api/v1/staff/{member['id']}/roles", headers=coordinator).json
    assert [g["ending"] for g in history] == ["suspended", "withdrawn"]
    bad = end(client, coordinator, member["id"], "peer_supporter", "left")
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "ending"


def test_a_leaver_who_was_a_peer_supporter_loses_the_role_with_an_event(api, client, people, make_peer_supporter):
    member, _ = people["report"]
    make_peer_supporter(member["id"])
    client.post(f"/api/v1/staff/{member['id']}/leave", json={"reason": "moved away"}, headers=api.admin)
    revoked = api.outbox("identity.role.revoked")[-1]["data"]
    assert (revoked["role"], revoked["ending"], revoked["reason"]) == ("peer_supporter", "left", "moved away")


# The access matrix (README): (who, method, path, expected status).
MATRIX = [
    ("report", "GET", "/api/v1/staff/{report}", 200),
    ("boss", "GET", "/api/v1/staff/{report}", 200),
    ("stranger", "GET", "/api/v1/staff/{report}", 403),
    ("report", "GET", "/api/v1/staff/{boss}", 403),
    ("coordinator", "GET", "/api/v1/staff/{report}", 200),
    ("report", "GET", "/api/v1/staff", 403),
    ("coordinator", "GET", "/api/v1/staff", 200),
    ("boss", "GET", "/api/v1/staff/{report}/roles", 200),
    ("stranger", "GET", "/api/v1/staff/{report}/roles", 403),
    ("report", "POST", "/api/v1/staff", 403),
    ("report", "POST", "/api/v1/teams", 403),
    ("report", "POST", "/api/v1/organisations", 403),
    ("report", "POST", "/api/v1/hr-imports", 403),
    ("boss", "POST", "/api/v1/staff/{report}/leave", 403),
    ("boss", "POST", "/api/v1/staff/{report}/reinstate", 403),
    ("boss", "POST", "/api/v1/staff/{report}/welcome", 403),
    ("report", "POST", "/api/v1/staff/{report}/welcome", 403),
    ("coordinator", "POST", "/api/v1/auth/signing-keys", 403),
    ("report", "GET", "/api/v1/staff/{boss}/delegations", 403),
    ("boss", "GET", "/api/v1/staff/{boss}/delegations", 200),
    ("report", "GET", "/api/v1/colleagues?q=Person", 403),
    ("boss", "GET", "/api/v1/colleagues?q=Person", 200),
    ("coordinator", "GET", "/api/v1/colleagues?q=Person", 200),
    ("report", "GET", "/api/v1/teams/{team}/champions", 200),
    ("stranger", "GET", "/api/v1/me/support-contacts", 200),
    ("report", "GET", "/api/v1/reports/champion-coverage", 403),
    ("boss", "GET", "/api/v1/reports/champion-coverage", 200),
    ("coordinator", "GET", "/api/v1/reports/champion-coverage", 200),
]


def test_access_matrix(client, people):
    """Every cell in one database: each is independent of the others (all are refusals or reads)."""
    ids = {name: value if name == "team" else value[0]["id"] for name, value in people.items()}
    wrong = []
    for who, method, path, expected in MATRIX:
        response = client.open(path.format(**ids), method=method, headers=people[who][1], json={})
        if response.status_code != expected:
            wrong.append((who, method, path, expected, response.status_code))
    assert wrong == []


def test_staff_cannot_set_directory_fields_on_their_own_record(client, people):
    report, headers = people["report"]
    for body in ({"grade": "Band 9"}, {"line_manager_id": None}, {"team_id": None}):
        response = client.patch(f"/api/v1/staff/{report['id']}", json=body, headers=headers)
        assert response.status_code == 403 and response.json["errors"][0]["field"] == next(iter(body))


def test_fields_nobody_sets_here_are_refused(api, client, people):
    report, headers = people["report"]
    for field in ("roles", "status", "password", "password_hash", "id"):
        for who in (headers, api.admin):
            response = client.patch(f"/api/v1/staff/{report['id']}", json={field: "x"}, headers=who)
            assert response.status_code == 422 and response.json["errors"][0]["field"] == field


def test_staff_edit_their_own_profile_and_nobody_elses(client, people):
    _, headers = people["report"]
    stranger, _ = people["stranger"]
    mine = client.patch("/api/v1/me", json={"preferred_name": "Bob", "phone": "+44 141 000 0000"}, headers=headers)
    assert mine.status_code == 200 and mine.json["preferred_name"] == "Bob"
    assert client.patch(f"/api/v1/staff/{stranger['id']}", json={"phone": "0141 000 0000"},
                        headers=headers).status_code == 403
    assert client.patch("/api/v1/me", json={"grade": "Band 9"}, headers=headers).status_code == 422
    bad = client.patch("/api/v1/me", json={"phone": "call me"}, headers=headers)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "phone"


def test_a_coordinator_manages_the_directory_but_grants_no_coordinators(api, client, people):
    _, coordinator = people["coordinator"]
    report, _ = people["report"]
    edited = client.patch(f"/api/v1/staff/{report['id']}", json={"grade": "Band 7"}, headers=coordinator)
    assert edited.status_code == 200
    assert grant(client, coordinator, report["id"], "facilitator").status_code == 201
    assert grant(client, coordinator, report["id"], "coordinator").status_code == 403
    assert grant(client, coordinator, report["id"], "admin").status_code == 403
