from __future__ import annotations

import uuid

from sqlalchemy import event, text

from psn_shared.testing.infra import outbox_events
from sessions.domain.allocation import NO_ELIGIBLE_SUPPORTER

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())
ASK = {"mode": "video", "scope": "any", "urgency": "soon", "details": "Struggling after a hard shift."}


def outbox(database_url: str) -> list[tuple[str, dict]]:
    return [(event["type"], event["data"]) for event in outbox_events(database_url)]


def ask(client, headers, **overrides) -> dict:
    response = client.post("/api/v1/support-requests", json={**ASK, **overrides}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_a_request_is_allocated_in_the_same_transaction_and_announced(client, auth, identity, service_db):
    supporter = identity.supporter(TEAM)
    requester = identity.register(TEAM)
    request = ask(client, auth(requester), scope="within_team")
    assert (request["status"], request["supporter_id"], request["requester_id"]) == ("allocated", supporter, requester)
    key, data = outbox(service_db)[-1]
    assert key == "sessions.request.allocated"
    assert data == {"request_id": request["id"], "requester_id": requester, "supporter_id": supporter,
                    "mode": "video", "allocated_at": data["allocated_at"]}


def test_the_request_its_supporters_last_allocation_and_its_announcement_are_one_write(
        app, client, auth, identity, service_db):
    supporter = identity.supporter(TEAM)
    requester = identity.register(TEAM)
    writes = []
    event.listen(app.extensions["psn.engine"], "before_cursor_execute",
                 lambda conn, cursor, statement, *args: writes.append(statement) if "INSERT" in statement
                 or "UPDATE" in statement else None)
    request = ask(client, auth(requester), scope="within_team")
    assert len(writes) == 1
    with app.extensions["psn.engine"].connect() as conn:
        stored = conn.execute(text("SELECT status, supporter_id, allocated_at FROM support_requests WHERE id = :id"),
                              {"id": request["id"]}).one()
        last_allocated_at = conn.execute(text("SELECT last_allocated_at FROM supporter_profiles WHERE staff_id = :id"),
                                         {"id": supporter}).scalar_one()
    assert stored[:2] == ("allocated", supporter)
    assert last_allocated_at == stored[2]
    assert outbox(service_db)[-1][1]["request_id"] == request["id"]


def test_with_no_eligible_supporter_the_request_waits(client, auth, identity, service_db):
    identity.supporter(TEAM)
    requester = identity.register(TEAM)
    request = ask(client, auth(requester), scope="outside_team")
    assert (request["status"], request["supporter_id"]) == ("waiting", None)
    assert outbox(service_db)[-1] == ("sessions.request.waiting", {
        "request_id": request["id"], "requester_id": requester, "reason": request["waiting_reason"]})


def test_a_requester_unknown_here_is_told_so_and_nothing_is_written(client, auth, service_db):
    response = client.post("/api/v1/support-requests", json=ASK, headers=auth(str(uuid.uuid4())))
    assert response.status_code == 409
    assert "has not reached this service yet" in response.json["detail"]
    assert outbox(service_db) == []


def test_bad_input_names_every_field_and_changes_nothing(client, auth, identity, service_db):
    requester = identity.register(TEAM)
    before = outbox(service_db)
    response = client.post("/api/v1/support-requests", headers=auth(requester), json={
        "mode": "carrier pigeon", "scope": "everywhere", "urgency": 3, "details": "   ", "requester_id": "x"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert {e["field"] for e in response.json["errors"]} == {"mode", "scope", "urgency", "details", "requester_id"}
    too_long = client.post("/api/v1/support-requests", headers=auth(requester), json={**ASK, "details": "x" * 4001})
    assert [e["field"] for e in too_long.json["errors"]] == ["details"]
    assert client.post("/api/v1/support-requests", headers=auth(requester), data="nonsense",
                       content_type="application/json").status_code in (400, 422)
    assert outbox(service_db) == before


def test_in_person_needs_a_location(client, auth, identity, service_db):
    requester = identity.register(TEAM)
    before = outbox(service_db)
    for extra in ({}, {"location": None}, {"location": "   "}):
        response = client.post("/api/v1/support-requests", headers=auth(requester),
                               json={**ASK, "mode": "in_person", **extra})
        assert response.status_code == 422, response.json
        assert [e["field"] for e in response.json["errors"]] == ["location"]
    too_long = client.post("/api/v1/support-requests", headers=auth(requester),
                           json={**ASK, "mode": "in_person", "location": "x" * 101})
    assert [e["field"] for e in too_long.json["errors"]] == ["location"]
    assert outbox(service_db) == before


def test_in_person_goes_to_a_supporter_who_meets_there(client, auth, identity):
    elsewhere = identity.supporter(OTHER_TEAM)
    there = identity.supporter(OTHER_TEAM)
    client.put(f"/api/v1/supporters/{elsewhere}/preferences", headers=auth(elsewhere),
               json={"modes": ["in_person"], "places": ["QEUH"]})
    client.put(f"/api/v1/supporters/{there}/preferences", headers=auth(there),
               json={"modes": ["in_person", "phone"], "places": ["Gartnavel General"]})
    requester = identity.register(TEAM)
    request = ask(client, auth(requester), mode="in_person", location=" gartnavel general ")
    assert (request["status"], request["supporter_id"]) == ("allocated", there)
    assert request["location"] == "gartnavel general"  # stored trimmed
    nowhere = ask(client, auth(requester), mode="in_person", location="Glasgow Royal")
    assert (nowhere["status"], nowhere["waiting_reason"]) == (
        "waiting", "no supporter offers in-person support at Glasgow Royal")
    assert ask(client, auth(requester), mode="video")["waiting_reason"] == "no supporter offers video support"
    assert ask(client, auth(requester), mode="phone")["supporter_id"] == there
    # Someone meets at the place (the one asking, here): not that nobody offers it there.
    assert ask(client, auth(there), mode="in_person", location="Gartnavel General")["waiting_reason"] == (
        NO_ELIGIBLE_SUPPORTER)


def test_a_request_needs_a_valid_token(client):
    assert client.post("/api/v1/support-requests", json=ASK).status_code == 401
    assert client.get("/api/v1/support-requests", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_only_the_requester_their_supporter_and_the_coordinator_see_a_request(client, auth, identity):
    manager = identity.register(TEAM)
    supporter = identity.supporter(OTHER_TEAM)
    requester = identity.register(TEAM, line_manager_id=manager)
    stranger = identity.register(TEAM)
    request = ask(client, auth(requester))
    assert request["supporter_id"] == supporter
    path = f"/api/v1/support-requests/{request['id']}"
    for reader in (auth(requester), auth(supporter), auth(stranger, "coordinator")):
        response = client.get(path, query_string={"reason": "a waiting request"}, headers=reader)
        assert response.status_code == 200
        assert response.json["details"] == ASK["details"]
    refused = client.get(path, headers=auth(stranger, "coordinator"))  # the coordinator says why
    assert refused.status_code == 422 and [e["field"] for e in refused.json["errors"]] == ["reason"]
    for outsider in (auth(stranger), auth(manager), auth(stranger, "admin")):
        assert client.get(path, headers=outsider).status_code == 404
        assert client.post(f"{path}/close", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/support-requests/{uuid.uuid4()}", headers=auth(requester)).status_code == 404


def test_each_person_lists_their_own_and_their_allocated_requests(client, auth, identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    first, second = identity.register(TEAM), identity.register(TEAM)
    allocated = ask(client, auth(first))
    waiting = ask(client, auth(second))

    def ids(headers, query=""):
        response = client.get(f"/api/v1/support-requests{query}", headers=headers)
        assert response.status_code == 200, response.json
        return [item["id"] for item in response.json["items"]]

    assert ids(auth(first)) == [allocated["id"]]
    assert ids(auth(supporter)) == [allocated["id"]]
    assert ids(auth(identity.register(TEAM))) == []
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    assert ids(coordinator) == [waiting["id"], allocated["id"]]
    assert ids(coordinator, "?status=waiting") == [waiting["id"]]
    bad = client.get("/api/v1/support-requests?status=lost&limit=0", headers=coordinator)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"status", "limit"}


def test_closing_frees_the_supporters_hour_for_whoever_waits(client, auth, identity, service_db):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    first, second = identity.register(TEAM), identity.register(TEAM)
    allocated = ask(client, auth(first))
    waiting = ask(client, auth(second))
    assert waiting["status"] == "waiting"
    closed = client.post(f"/api/v1/support-requests/{allocated['id']}/close", headers=auth(first))
    assert closed.status_code == 200
    assert closed.json["status"] == "closed"
    again = client.post(f"/api/v1/support-requests/{allocated['id']}/close", headers=auth(supporter))
    assert again.status_code == 409
    now_allocated = client.get(f"/api/v1/support-requests/{waiting['id']}", headers=auth(second)).json
    assert (now_allocated["status"], now_allocated["supporter_id"]) == ("allocated", supporter)
    assert outbox(service_db)[-1][0] == "sessions.request.allocated"
