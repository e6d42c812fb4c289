"""The signposting directory through the API: coordinators keep it, anyone signed in searches it."""

from __future__ import annotations

import pytest

BREATHING_SPACE = {"name": "Breathing Space", "kind": "crisis_line", "for_whom": "anyone feeling low or anxious",
                   "hours": "Mon-Thu 6pm-2am; Fri 6pm to Mon 6am", "phone": "0800 83 85 87",
                   "url": "https://breathingspace.scot", "region": "Scotland"}


@pytest.fixture
def staff_headers(api):
    return api.login(api.register()["email"])


def test_a_coordinator_adds_and_edits_a_source_and_staff_find_it(api, client, staff_headers):
    made = client.post("/api/v1/help-sources", json=BREATHING_SPACE, headers=api.admin)
    assert made.status_code == 201 and made.json["active"] is True
    found = client.get("/api/v1/help-sources?q=anxious&region=scotland", headers=staff_headers)
    assert found.status_code == 200 and [s["name"] for s in found.json["items"]] == ["Breathing Space"]
    url = f"/api/v1/help-sources/{made.json['id']}"
    read = client.get(url, headers=staff_headers)
    edited = client.patch(url, json={"hours": "every evening"}, headers={**api.admin, "If-Match": read.headers["ETag"]})
    assert edited.status_code == 200 and edited.json["hours"] == "every evening"
    stale = client.patch(url, json={"hours": "never"}, headers={**api.admin, "If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    withdrawn = client.patch(url, json={"active": False}, headers=api.admin)
    assert withdrawn.status_code == 200
    assert client.get(url, headers=staff_headers).status_code == 404
    assert client.get("/api/v1/help-sources", headers=staff_headers).json["total"] == 0
    assert client.get(url, headers=api.admin).status_code == 200


def test_bad_input_names_the_field_and_writes_nothing(api, client):
    for change, field in (({"kind": "astrology"}, "kind"), ({"phone": "call me"}, "phone"),
                          ({"url": "javascript:alert(1)"}, "url"), ({"hours": ""}, "hours"),
                          ({"phone": None, "url": None}, "how_to_reach"),
                          ({"organisation_id": "0c6bd4f4-5a0e-4bb4-9d2b-3a9b0e0b7d11"}, "organisation_id"),
                          ({"secret": 1}, "secret")):
        bad = client.post("/api/v1/help-sources", json={**BREATHING_SPACE, **change}, headers=api.admin)
        assert bad.status_code == 422 and bad.json["errors"][0]["field"] == field, (change, bad.json)
    query = client.get("/api/v1/help-sources?kind=astrology", headers=api.admin)
    assert query.status_code == 422 and query.json["errors"][0]["field"] == "kind"
    assert client.get("/api/v1/help-sources", headers=api.admin).json["total"] == 0
    assert client.get("/api/v1/help-sources/not-a-uuid", headers=api.admin).status_code == 404


# The signposting rows of the access matrix (README).
def test_access(api, client, staff_headers):
    made = client.post("/api/v1/help-sources", json=BREATHING_SPACE, headers=api.admin).json
    url = f"/api/v1/help-sources/{made['id']}"
    assert client.post("/api/v1/help-sources", json=BREATHING_SPACE, headers=staff_headers).status_code == 403
    assert client.patch(url, json={"hours": "x"}, headers=staff_headers).status_code == 403
    assert client.get("/api/v1/help-sources", headers=staff_headers).status_code == 200
    assert client.get(url, headers=staff_headers).status_code == 200
    assert client.get("/api/v1/help-sources").status_code == 401


def test_staff_see_what_serves_them_crisis_lines_first(api, client):
    council = client.post("/api/v1/organisations", json={"name": "Glasgow City Council", "kind": "local_authority"},
                          headers=api.admin).json
    ward = api.team()
    nurse = api.register(team_id=ward["id"])
    other = {**BREATHING_SPACE, "name": "Council EAP", "kind": "employee_assistance_programme", "region": None,
             "organisation_id": council["id"]}
    board_oh = {**BREATHING_SPACE, "name": "Occupational Health", "kind": "occupational_health", "region": None,
                "organisation_id": ward["organisation_id"]}
    for body in (BREATHING_SPACE, other, board_oh):
        assert client.post("/api/v1/help-sources", json=body, headers=api.admin).status_code == 201
    mine = client.get("/api/v1/help-sources?mine=true", headers=api.login(nurse["email"])).json
    assert [s["name"] for s in mine["items"]] == ["Breathing Space", "Occupational Health"]
