"""Staff records and teams carry an ETag; an edit sent with an older one is a 412 and changes nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from psn_shared.http.preconditions import REQUIRED


def test_an_edit_of_the_version_read_passes_and_an_edit_of_an_older_one_is_412(api, client):
    member = api.register()
    url = f"/api/v1/staff/{member['id']}"
    read = client.get(url, headers=api.admin)
    assert read.headers["ETag"]

    edited = client.patch(url, json={"name": "First Edit"}, headers={**api.admin, "If-Match": read.headers["ETag"]})
    assert edited.status_code == 200, edited.json
    assert edited.headers["ETag"] != read.headers["ETag"]
    assert client.get(url, headers=api.admin).headers["ETag"] == edited.headers["ETag"]

    events = len(api.outbox("identity.staff.updated"))
    stale = client.patch(url, json={"name": "Lost Update"}, headers={**api.admin, "If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    assert stale.json["errors"][0]["field"] == "If-Match"
    assert client.get(url, headers=api.admin).json["name"] == "First Edit"
    assert len(api.outbox("identity.staff.updated")) == events


def test_a_read_of_an_unchanged_record_is_304_and_any_version_passes_with_a_star(api, client):
    member = api.register()
    url = f"/api/v1/staff/{member['id']}"
    etag = client.get(url, headers=api.admin).headers["ETag"]
    unchanged = client.get(url, headers={**api.admin, "If-None-Match": etag})
    assert unchanged.status_code == 304
    assert client.patch(url, json={"name": "Anyway"}, headers={**api.admin, "If-Match": "*"}).status_code == 200
    assert client.get(url, headers={**api.admin, "If-None-Match": etag}).status_code == 200


def test_if_match_is_optional_unless_the_service_requires_it(api, app, client, monkeypatch):
    team = api.team()
    url = f"/api/v1/teams/{team['id']}"
    assert client.patch(url, json={"name": f"{team['name']} East"}, headers=api.admin).status_code == 200

    monkeypatch.setitem(app.config, REQUIRED, True)
    refused = client.patch(url, json={"name": "Nobody Said Which"}, headers=api.admin)
    assert refused.status_code == 428
    assert refused.json["errors"][0]["field"] == "If-Match"
    assert client.get(url, headers=api.admin).json["name"] == f"{team['name']} East"

    etag = client.get(url, headers=api.admin).headers["ETag"]
    renamed = client.patch(url, json={"name": f"{team['name']} West"}, headers={**api.admin, "If-Match": etag})
    assert renamed.status_code == 200


@pytest.mark.parametrize("attempt", range(3))
def test_two_edits_of_the_same_version_at_once_one_passes_one_is_412(api, app, attempt):
    member = api.register()
    url = f"/api/v1/staff/{member['id']}"
    etag = app.test_client().get(url, headers=api.admin).headers["ETag"]

    def edit(name: str) -> int:
        return app.test_client().patch(url, json={"name": name}, headers={**api.admin, "If-Match": etag}).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(edit, ["Edit One", "Edit Two"]))
    assert statuses == [200, 412]
