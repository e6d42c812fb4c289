"""Identity's part of the board's quarterly report: champions and peer supporters per service at the
quarter's end, small counts suppressed; for the governance group, coordinators and admins."""

from __future__ import annotations

from datetime import date

from psn_shared.quarters import Quarter


def grant(client, headers, staff_id, role):
    return client.post(f"/api/v1/staff/{staff_id}/roles", json={"role": role, "reason": "board"}, headers=headers)


def test_the_governance_group_reads_champions_and_supporters_per_service(api, client, make_peer_supporter):
    reader = api.register()
    assert grant(client, api.admin, reader["id"], "governance").status_code == 201
    governance = api.login(reader["email"])
    wards = [api.team() for _ in range(3)]
    for team in wards:
        for _ in range(2):
            member = api.register(team_id=team["id"])
            assert grant(client, api.admin, member["id"], "wellbeing_champion").status_code == 201
    make_peer_supporter(api.register(team_id=wards[0]["id"])["id"])
    quarter = Quarter.containing(date.today())
    response = client.get(f"/api/v1/reports/board/identity?quarter={quarter}", headers=governance)
    assert response.status_code == 200, response.json
    shown = {(m["measure"], m["group"]): m["value"] for m in response.json["measures"]}
    assert shown["champions", "all"] == 6 and shown["champions", "NHS Test Board / Acute"] == 6
    assert shown["peer_supporters", "all"] == "<5"
    assert shown["teams_without_champion", None] == "<5"
    before = client.get(f"/api/v1/reports/board/identity?quarter={quarter.previous()}", headers=governance).json
    assert {(m["measure"], m["group"]): m["value"] for m in before["measures"]}["champions", "all"] == "<5"


def test_who_reads_it(api, client):
    """The board report rows of the access matrix (README): governance, coordinator and admin; nobody else."""
    url = "/api/v1/reports/board/identity?quarter=2026Q4"
    staff = api.register()
    coordinator = api.register()
    grant(client, api.admin, coordinator["id"], "coordinator")
    assert client.get(url, headers=api.login(staff["email"])).status_code == 403
    assert client.get(url, headers=api.login(coordinator["email"])).status_code == 200
    assert client.get(url, headers=api.admin).status_code == 200
    for bad_quarter in ("2026-10", "2100Q4"):  # not a quarter; one not begun (the last allowed)
        bad = client.get(f"/api/v1/reports/board/identity?quarter={bad_quarter}", headers=api.admin)
        assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "quarter", bad_quarter
    # Governance reads reports, nothing else: not the directory.
    reader = api.register()
    grant(client, api.admin, reader["id"], "governance")
    governance = api.login(reader["email"])
    assert client.get("/api/v1/staff", headers=governance).status_code == 403
    assert client.get("/api/v1/reports/champion-coverage", headers=governance).status_code == 200
    assert grant(client, api.login(coordinator["email"]), staff["id"], "governance").status_code == 403
