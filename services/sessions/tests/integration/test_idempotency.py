"""A phone on ward Wi-Fi that retries "ask for support" after a timeout makes one request, not two."""

from __future__ import annotations

import uuid

from services.sessions.tests.integration.test_requests_api import ASK, outbox

TEAM = str(uuid.uuid4())


def test_a_retried_request_for_support_with_its_key_is_one_request(client, auth, identity, service_db):
    requester = identity.register(TEAM)
    headers = {**auth(requester), "Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/api/v1/support-requests", json=ASK, headers=headers)
    retried = client.post("/api/v1/support-requests", json=ASK, headers=headers)
    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json["id"] == first.json["id"] and retried.headers["Idempotent-Replayed"] == "true"
    mine = client.get("/api/v1/support-requests", headers=auth(requester)).json
    assert mine["total"] == 1
    assert [kind for kind, _ in outbox(service_db)].count("sessions.request.waiting") == 1
    without_key = client.post("/api/v1/support-requests", json=ASK, headers=auth(requester))
    assert without_key.status_code == 201 and without_key.json["id"] != first.json["id"]
