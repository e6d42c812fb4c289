from __future__ import annotations

import uuid

from sqlalchemy import event

from psn_shared.testing.infra import outbox_events
from services.identity.tests.training_events import level_completed

ADMIN = ("admin@psn.test", "admin-password-123")


def login(client, email, password) -> dict:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def register(client, headers, **overrides) -> dict:
    n = uuid.uuid4().hex[:6]
    body = {"employee_number": f"E{n}", "name": f"Person {n}", "email": f"p{n}@psn.test", "password": "a-long-password"}
    body.update(overrides)
    response = client.post("/api/v1/staff", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def outbox_types(database_url: str) -> list[str]:
    return [event["type"] for event in outbox_events(database_url)]


def test_login_rejects_a_wrong_password_and_an_unknown_email(client):
    assert client.post("/api/v1/auth/token", json={"email": ADMIN[0], "password": "wrong"}).status_code == 401
    assert client.post("/api/v1/auth/token", json={"email": "nobody@psn.test", "password": "x"}).status_code == 401


def test_registering_staff_writes_the_event_in_the_same_transaction(client, service_db):
    admin = login(client, *ADMIN)
    team = client.post("/api/v1/teams", json={"name": "Ward 5", "service": "Acute", "organisation": "NHSGGC"},
                       headers=admin).json
    manager = register(client, admin, team_id=team["id"])
    member = register(client, admin, team_id=team["id"], line_manager_id=manager["id"])
    assert member["line_manager_id"] == manager["id"]
    assert member["roles"] == ["staff"]
    assert outbox_types(service_db)[-3:] == ["identity.team.created", "identity.staff.registered",
                                               "identity.staff.registered"]


def test_bad_input_names_every_field_and_changes_nothing(client, service_db):
    admin = login(client, *ADMIN)
    before = outbox_types(service_db)
    response = client.post(
        "/api/v1/staff",
        json={"employee_number": "", "name": "X", "email": "not-an-email", "password": "short", "roles": ["admin"]},
        headers=admin,
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    fields = {e["field"] for e in response.json["errors"]}
    assert fields == {"employee_number", "email", "password", "roles"}
    assert outbox_types(service_db) == before


def test_references_and_duplicates_are_refused(client):
    admin = login(client, *ADMIN)
    missing = str(uuid.uuid4())
    response = client.post("/api/v1/staff", headers=admin, json={
        "employee_number": "E9", "name": "X", "email": "x9@psn.test", "password": "a-long-password",
        "line_manager_id": missing})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "line_manager_id"
    first = register(client, admin)
    again = client.post("/api/v1/staff", headers=admin, json={
        "employee_number": "other", "name": "X", "email": first["email"], "password": "a-long-password"})
    assert again.status_code == 409
    assert again.json["errors"][0]["field"] == "email"


def test_only_directory_administrators_register_staff(client):
    admin = login(client, *ADMIN)
    member = register(client, admin, email="plain@psn.test")
    plain = login(client, "plain@psn.test", "a-long-password")
    assert client.post("/api/v1/staff", json={}, headers=plain).status_code == 403
    assert client.post("/api/v1/staff", json={}).status_code == 401
    assert client.get(f"/api/v1/staff/{member['id']}", headers=plain).status_code == 200


def test_a_record_is_read_by_its_owner_and_managers_only(client):
    admin = login(client, *ADMIN)
    manager = register(client, admin, email="boss@psn.test")
    member = register(client, admin, email="report@psn.test", line_manager_id=manager["id"])
    register(client, admin, email="stranger@psn.test")
    boss = login(client, "boss@psn.test", "a-long-password")
    stranger = login(client, "stranger@psn.test", "a-long-password")
    assert client.get(f"/api/v1/staff/{member['id']}", headers=boss).status_code == 200
    assert client.get(f"/api/v1/staff/{member['id']}", headers=stranger).status_code == 403
    assert client.get(f"/api/v1/staff/{uuid.uuid4()}", headers=boss).status_code == 404
    me = client.get("/api/v1/me", headers=boss).json
    assert "line_manager" in me["roles"]


def test_tampered_and_unsigned_tokens_are_refused(client):
    admin = login(client, *ADMIN)
    token = admin["Authorization"].split()[1]
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0." + payload + "."
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {unsigned}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_level_2_completion_grants_peer_supporter_once(client, service_db, deliver):
    admin = login(client, *ADMIN)
    member = register(client, admin)
    event = level_completed(member["id"])
    for _ in range(2):
        deliver(event)
    history = client.get(f"/api/v1/staff/{member['id']}/roles", headers=admin).json
    assert [(g["role"], g["monthly_hours"]) for g in history] == [("peer_supporter", 4)]
    assert outbox_types(service_db).count("identity.role.granted") == 1 + 1  # the administrator's own grant


def test_the_grant_and_its_announcement_are_one_write(app, client, service_db, deliver):
    admin = login(client, *ADMIN)
    member = register(client, admin)
    writes = []
    event.listen(app.extensions["psn.engine"], "before_cursor_execute",
                 lambda conn, cursor, statement, *args: writes.append(statement) if "INSERT" in statement
                 or "UPDATE" in statement else None)
    deliver(level_completed(member["id"]))
    assert len(writes) == 1  # the grant, with the outbox row in a CTE of the same INSERT
    history = client.get(f"/api/v1/staff/{member['id']}/roles", headers=admin).json
    assert [(g["role"], g["monthly_hours"], g["reason"]) for g in history] == [
        ("peer_supporter", 4, "Level 2 Peer Supporter completed")]
    granted = [e for e in outbox_events(service_db) if e["type"] == "identity.role.granted"][-1]
    assert (granted["data"]["staff_id"], granted["data"]["role"]) == (member["id"], "peer_supporter")


def test_level_2_without_both_endorsements_grants_nothing(client, deliver):
    admin = login(client, *ADMIN)
    member = register(client, admin)
    deliver(level_completed(member["id"], endorsed_by=["line_manager"]))
    assert client.get(f"/api/v1/staff/{member['id']}/roles", headers=admin).json == []


def test_me_shows_a_start_date_and_the_roles_the_directory_implies(api, client):
    """GET /me once answered 500 for anyone with a start date: the date was formatted twice."""
    boss = api.register(start_date="2021-03-01")
    api.register(line_manager_id=boss["id"])
    me = client.get("/api/v1/me", headers=api.login(boss["email"]))
    assert me.status_code == 200, me.json
    assert me.json["id"] == boss["id"] and me.json["start_date"] == "2021-03-01"
    assert me.json["roles"] == ["line_manager", "staff"]
    assert set(me.json) == set(client.get(f"/api/v1/staff/{boss['id']}", headers=api.admin).json)


def welcome_tokens(api) -> list[str]:
    return [e["data"]["set_password_url"].split("#token=")[1] for e in api.outbox("identity.staff.welcomed")]


def choose_password(client, token: str, password: str = "my-very-own-password"):
    return client.post("/api/v1/auth/password-resets/confirm", json={"token": token, "new_password": password})


def test_the_welcome_sent_again_is_a_new_event_with_a_fresh_link_and_the_old_link_stops_working(api, client):
    nia = api.register(password=None)
    coordinator = api.register()
    granted = client.post(f"/api/v1/staff/{coordinator['id']}/roles", headers=api.admin,
                          json={"role": "coordinator", "reason": "runs the network"})
    assert granted.status_code == 201, granted.json
    assert client.get(f"/api/v1/staff/{nia['id']}", headers=api.admin).json["has_password"] is False
    again = client.post(f"/api/v1/staff/{nia['id']}/welcome", headers=api.login(coordinator["email"]))
    assert again.status_code == 200, again.json
    assert again.json["id"] == nia["id"] and again.json["has_password"] is False
    first, second = api.outbox("identity.staff.welcomed")
    assert first["id"] != second["id"] and second["data"]["email"] == nia["email"]
    old, new = welcome_tokens(api)
    refused = choose_password(client, old)
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "token"
    assert choose_password(client, new).status_code == 204
    assert client.get(f"/api/v1/staff/{nia['id']}", headers=api.admin).json["has_password"] is True


def test_once_a_password_is_chosen_the_welcome_is_refused_with_the_reason(api, client):
    nia = api.register(password=None)
    assert choose_password(client, *welcome_tokens(api)).status_code == 204
    refused = client.post(f"/api/v1/staff/{nia['id']}/welcome", headers=api.admin)
    assert refused.status_code == 409 and refused.content_type == "application/problem+json"
    assert "already has a password" in refused.json["detail"] and "Forgotten your password" in refused.json["detail"]
    given = api.register()
    assert client.post(f"/api/v1/staff/{given['id']}/welcome", headers=api.admin).status_code == 409
    assert len(api.outbox("identity.staff.welcomed")) == 1


def test_a_leaver_is_not_welcomed_and_an_unknown_person_is_a_404(api, client):
    gone = api.register(password=None)
    assert client.post(f"/api/v1/staff/{gone['id']}/leave", headers=api.admin,
                       json={"reason": "moved away"}).status_code == 200
    refused = client.post(f"/api/v1/staff/{gone['id']}/welcome", headers=api.admin)
    assert refused.status_code == 409 and refused.json["errors"][0]["field"] == "status"
    assert client.post(f"/api/v1/staff/{uuid.uuid4()}/welcome", headers=api.admin).status_code == 404
    assert len(api.outbox("identity.staff.welcomed")) == 1


def test_only_those_who_register_staff_send_a_welcome_and_a_manager_never_sees_whether_one_has_a_password(api, client):
    boss = api.register()
    report = api.register(password=None, line_manager_id=boss["id"])
    for caller in (api.login(boss["email"]), api.login(api.register()["email"])):
        assert client.post(f"/api/v1/staff/{report['id']}/welcome", headers=caller).status_code == 403
    assert client.post(f"/api/v1/staff/{report['id']}/welcome").status_code == 401
    assert len(api.outbox("identity.staff.welcomed")) == 1
    as_manager = client.get(f"/api/v1/staff/{report['id']}", headers=api.login(boss["email"]))
    assert as_manager.status_code == 200 and "has_password" not in as_manager.json
    assert client.get("/api/v1/me", headers=api.login(boss["email"])).json["has_password"] is True
