"""Devices and preferences through the API: each caller's own, and every bad input a 4xx naming the field
that changes nothing."""

from __future__ import annotations

import uuid

import pytest

from psn_shared.testing.standins import Subscriber

P256DH = Subscriber().p256dh
AUTH = "AAAAAAAAAAAAAAAAAAAAAA"
WEB = {"endpoint": "https://push.example.org/send/abc", "keys": {"p256dh": P256DH, "auth": AUTH}}


def test_a_caller_registers_lists_and_removes_their_own_devices(client, auth):
    ann, bob = str(uuid.uuid4()), str(uuid.uuid4())
    web = client.post("/api/v1/devices", json=WEB, headers=auth(ann))
    phone = client.post("/api/v1/devices", json={"platform": "android", "token": "fcm-token-1"}, headers=auth(ann))
    assert (web.status_code, phone.status_code) == (201, 201)
    assert web.json["endpoint"] == WEB["endpoint"] and phone.json["kind"] == "mobile"
    assert len(client.get("/api/v1/devices", headers=auth(ann)).json["items"]) == 2
    assert client.get("/api/v1/devices", headers=auth(bob)).json["items"] == []
    assert client.delete(f"/api/v1/devices/{web.json['id']}", headers=auth(bob)).status_code == 404
    assert client.delete(f"/api/v1/devices/{web.json['id']}", headers=auth(ann)).status_code == 204
    assert [d["kind"] for d in client.get("/api/v1/devices", headers=auth(ann)).json["items"]] == ["mobile"]


def test_a_subscription_registered_again_by_someone_else_becomes_theirs(client, auth):
    ann, bob = str(uuid.uuid4()), str(uuid.uuid4())
    first = client.post("/api/v1/devices", json=WEB, headers=auth(ann)).json
    again = client.post("/api/v1/devices", json=WEB, headers=auth(bob)).json
    assert first["id"] == again["id"]
    assert client.get("/api/v1/devices", headers=auth(ann)).json["items"] == []


@pytest.mark.parametrize(("body", "field"), [
    ({"endpoint": "ftp://push.example.org/x", "keys": {"p256dh": P256DH, "auth": AUTH}}, "endpoint"),
    ({"endpoint": "https://push.example.org/x", "keys": {"p256dh": "bm90IGEga2V5", "auth": AUTH}}, "keys.p256dh"),
    ({"endpoint": "https://push.example.org/x", "keys": {"p256dh": P256DH}}, "keys.auth"),
    ({"endpoint": "https://push.example.org/x"}, "keys"),
    ({"platform": "windows-phone", "token": "t"}, "platform"),
    ({"platform": "ios"}, "token"),
])
def test_a_malformed_device_is_refused_naming_the_field_and_nothing_is_kept(client, auth, body, field):
    caller = str(uuid.uuid4())
    response = client.post("/api/v1/devices", json=body, headers=auth(caller))
    assert response.status_code == 422, response.json
    assert field in [e["field"] for e in response.json["errors"]]
    assert client.get("/api/v1/devices", headers=auth(caller)).json["items"] == []


def test_preferences_start_at_the_defaults_and_are_the_caller_s_own(client, auth):
    ann, bob = str(uuid.uuid4()), str(uuid.uuid4())
    defaults = client.get("/api/v1/preferences", headers=auth(ann)).json
    assert defaults["language"] == "en" and defaults["time_zone"] == "Europe/London"
    assert defaults["channels"]["support"] == ["email", "in_app", "push"]
    chosen = {"language": "cy", "channels": {"reminders": ["push"], "training": ["email", "sms"]},
              "quiet_hours": [{"start": "08:00", "end": "16:00"}, {"start": "22:30", "end": "06:00"}],
              "digest": ["reminders"], "digest_at": "18:00"}
    saved = client.put("/api/v1/preferences", json=chosen, headers=auth(ann))
    assert saved.status_code == 200, saved.json
    again = client.get("/api/v1/preferences", headers=auth(ann)).json
    assert again["language"] == "cy" and again["quiet_hours"] == chosen["quiet_hours"]
    assert again["channels"]["training"] == ["email", "sms"] and again["channels"]["support"] == [
        "email", "in_app", "push"]
    assert client.get("/api/v1/preferences", headers=auth(bob)).json["language"] == "en"


def test_preferences_changed_since_they_were_read_are_not_overwritten(client, auth):
    ann = auth(str(uuid.uuid4()))
    defaults = client.get("/api/v1/preferences", headers=ann)
    welsh = client.put("/api/v1/preferences", json={"language": "cy"},
                       headers={**ann, "If-Match": defaults.headers["ETag"]})
    assert welsh.status_code == 200
    stale = client.put("/api/v1/preferences", json={"digest": ["reminders"]},
                       headers={**ann, "If-Match": defaults.headers["ETag"]})
    assert (stale.status_code, stale.json["errors"][0]["field"]) == (412, "If-Match")
    assert client.get("/api/v1/preferences", headers=ann).json == welsh.json


@pytest.mark.parametrize(("body", "field"), [
    ({"channels": {"support": ["pigeon"]}}, "channels.support.value.0"),
    ({"channels": {"gossip": ["email"]}}, "channels.gossip.key"),
    ({"quiet_hours": [{"start": "08:00", "end": "08:00"}]}, "quiet_hours.0.end"),
    ({"quiet_hours": [{"start": "25:00", "end": "08:00"}]}, "quiet_hours.0.start"),
    # Quiet all day long: nothing would ever go (untick a channel instead).
    ({"quiet_hours": [{"start": "00:00", "end": "12:00"}, {"start": "12:00", "end": "00:00"}]}, "quiet_hours"),
    ({"quiet_hours": [{"start": "07:00", "end": "06:59"}, {"start": "06:00", "end": "07:01"}]}, "quiet_hours"),
    ({"language": "fr"}, "language"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"digest": ["everything"]}, "digest.0"),
])
def test_bad_preferences_are_refused_naming_the_field_and_nothing_changes(client, auth, body, field):
    caller = str(uuid.uuid4())
    client.put("/api/v1/preferences", json={"language": "cy"}, headers=auth(caller))
    response = client.put("/api/v1/preferences", json=body, headers=auth(caller))
    assert response.status_code == 422, response.json
    assert field in [e["field"] for e in response.json["errors"]]
    assert client.get("/api/v1/preferences", headers=auth(caller)).json["language"] == "cy"


def test_the_web_push_key_is_null_while_web_push_is_not_configured(client, auth):
    response = client.get("/api/v1/devices/web-push-key", headers=auth(str(uuid.uuid4())))
    assert (response.status_code, response.json) == (200, {"public_key": None})
    assert client.get("/api/v1/devices/web-push-key").status_code == 401


def test_a_device_list_or_preferences_without_a_token_is_a_401(client):
    for method, url in (("get", "/api/v1/devices"), ("post", "/api/v1/devices"), ("get", "/api/v1/preferences"),
                        ("put", "/api/v1/preferences"), ("post", "/api/v1/inbox/read-all")):
        assert getattr(client, method)(url, json={}).status_code == 401, url
