"""Wellbeing champions in every team: appointed by a manager or coordinator, ended by leaving the team or
the board; whom each member of staff can turn to; the coverage report by team, service and organisation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.events import Envelope


def appoint(client, headers, team_id, staff_id, reason="knows where to turn"):
    return client.post(f"/api/v1/teams/{team_id}/champions", json={"staff_id": staff_id, "reason": reason},
                       headers=headers)


@pytest.fixture
def ward(api):
    """Two teams of one service: a manager with three reports on Ward A, one person on Ward B."""
    a, b = api.team("Ward A"), api.team("Ward B")
    boss = api.register(team_id=a["id"])
    people = [api.register(team_id=a["id"], line_manager_id=boss["id"]) for _ in range(3)]
    other = api.register(team_id=b["id"])
    return {"a": a, "b": b, "boss": boss, "people": people, "other": other,
            "boss_headers": api.login(boss["email"])}


def test_a_manager_appoints_champions_for_their_team_and_each_is_announced_with_it(api, client, ward):
    first, second, _ = ward["people"]
    made = appoint(client, ward["boss_headers"], ward["a"]["id"], first["id"])
    assert made.status_code == 201 and made.json["team_id"] == ward["a"]["id"]
    assert appoint(client, api.admin, ward["a"]["id"], second["id"]).status_code == 201  # several per team
    appointed = [e["data"] for e in api.outbox("identity.champion.appointed")]
    assert [(d["staff_id"], d["team_id"]) for d in appointed] == [(first["id"], ward["a"]["id"]),
                                                                 (second["id"], ward["a"]["id"])]
    assert appointed[0]["appointed_by"] == ward["boss"]["id"]
    champions = client.get(f"/api/v1/teams/{ward['a']['id']}/champions", headers=api.login(ward["other"]["email"]))
    assert champions.status_code == 200
    assert sorted(c["staff_id"] for c in champions.json) == sorted([first["id"], second["id"]])
    assert set(champions.json[0]) == {"staff_id", "name", "email", "phone"}  # name and work contact only


def test_refused_appointments_change_nothing_and_name_the_field(api, client, ward):
    first = ward["people"][0]
    stranger_headers = api.login(ward["other"]["email"])
    assert appoint(client, stranger_headers, ward["a"]["id"], first["id"]).status_code == 403
    assert appoint(client, api.login(first["email"]), ward["a"]["id"], first["id"]).status_code == 403  # themselves
    wrong_team = appoint(client, api.admin, ward["b"]["id"], first["id"])
    assert wrong_team.status_code == 422 and wrong_team.json["errors"][0]["field"] == "staff_id"
    for body, field in (({"reason": "x"}, "staff_id"), ({"staff_id": first["id"]}, "reason"),
                        ({"staff_id": "not-an-id", "reason": "x"}, "staff_id"),
                        ({"staff_id": first["id"], "reason": "x", "team_id": "x"}, "team_id")):
        bad = client.post(f"/api/v1/teams/{ward['a']['id']}/champions", json=body, headers=api.admin)
        assert bad.status_code == 422 and bad.json["errors"][0]["field"] == field, bad.json
    missing = appoint(client, api.admin, "0c6bd4f4-5a0e-4bb4-9d2b-3a9b0e0b7d11", first["id"])
    assert missing.status_code == 404
    assert appoint(client, api.admin, ward["a"]["id"], first["id"]).status_code == 201
    assert appoint(client, api.admin, ward["a"]["id"], first["id"]).status_code == 409
    assert len(api.outbox("identity.champion.appointed")) == 1


def test_moving_team_or_leaving_the_board_ends_the_appointment(api, client, ward):
    first, second, _ = ward["people"]
    for person in (first, second):
        assert appoint(client, api.admin, ward["a"]["id"], person["id"]).status_code == 201
    moved = client.patch(f"/api/v1/staff/{first['id']}", json={"team_id": ward["b"]["id"]}, headers=api.admin)
    assert moved.status_code == 200 and "wellbeing_champion" not in moved.json["roles"]
    client.post(f"/api/v1/staff/{second['id']}/leave", json={"reason": "retired"}, headers=api.admin)
    ended = [e["data"] for e in api.outbox("identity.champion.ended")]
    assert [(d["staff_id"], d["team_id"], d["ending"]) for d in ended] == [
        (first["id"], ward["a"]["id"], "left_team"), (second["id"], ward["a"]["id"], "left")]
    assert client.get(f"/api/v1/teams/{ward['a']['id']}/champions", headers=api.admin).json == []


def test_staff_find_their_champions_and_their_services_supporters_with_availability(
        api, client, ward, deliver, make_peer_supporter):
    first, second, third = ward["people"]
    appoint(client, api.admin, ward["a"]["id"], first["id"])
    make_peer_supporter(second["id"])
    make_peer_supporter(ward["other"]["id"])  # another team of the same service
    deliver(Envelope.new("sessions.supporter.activated", {"supporter_id": second["id"], "monthly_capacity": 4},
                         source="sessions"))
    mine = client.get("/api/v1/me/support-contacts", headers=api.login(third["email"]))
    assert mine.status_code == 200
    assert [c["staff_id"] for c in mine.json["champions"]] == [first["id"]]
    supporters = {c["staff_id"]: c for c in mine.json["peer_supporters"]}
    assert set(supporters) == {second["id"], ward["other"]["id"]}
    assert supporters[second["id"]]["available"] is True and supporters[ward["other"]["id"]]["available"] is False
    assert mine.json["peer_supporters"][0]["staff_id"] == second["id"]  # available first
    assert set(supporters[second["id"]]) == {"staff_id", "name", "email", "phone", "team", "available"}
    lapsed = {"staff_id": second["id"], "level": 2, "certificate_id": second["id"],
              "expires_on": (datetime.now(UTC) - timedelta(days=1)).date()}
    deliver(Envelope.new("training.certification.lapsed", lapsed, source="training"))
    again = client.get("/api/v1/me/support-contacts", headers=api.login(third["email"])).json
    assert all(not c["available"] for c in again["peer_supporters"])


def test_coverage_shows_the_gaps_and_a_line_manager_sees_only_their_own_teams(api, client, ward, make_peer_supporter):
    first, second, _ = ward["people"]
    appoint(client, api.admin, ward["a"]["id"], first["id"])
    make_peer_supporter(second["id"])
    service_id = ward["a"]["service_id"]
    report = client.get(f"/api/v1/reports/champion-coverage?service_id={service_id}", headers=api.admin)
    assert report.status_code == 200
    by_team = {t["team"]: (t["champions"], t["peer_supporters"]) for t in report.json["teams"]}
    assert by_team == {"Ward A": (1, 1), "Ward B": (0, 0)}
    [service] = report.json["services"]
    assert (service["teams"], service["without_champion"], service["with_one_champion"],
            service["without_peer_supporter"], service["with_one_peer_supporter"]) == (2, 1, 1, 1, 1)
    assert report.json["organisations"][0]["teams"] == 2 and report.json["overall"]["champions"] == 1
    theirs = client.get("/api/v1/reports/champion-coverage", headers=ward["boss_headers"])
    assert [t["team"] for t in theirs.json["teams"]] == ["Ward A"]
    bad = client.get("/api/v1/reports/champion-coverage?organisation_id=nope", headers=api.admin)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "organisation_id"
