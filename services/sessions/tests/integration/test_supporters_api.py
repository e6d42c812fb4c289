from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import event, text

from psn_shared.staff_copy import StaffNotYetKnown
from psn_shared.testing.infra import outbox_events
from services.sessions.tests.news import certification, hours_changed, registered
from sessions.service_layer.uow import ALLOCATION_LOCK

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())
ASK = {"mode": "phone", "scope": "any", "urgency": "routine", "details": "Could do with a chat."}


def outbox(database_url: str) -> list[tuple[str, dict]]:
    return [(event["type"], event["data"]) for event in outbox_events(database_url)]


def activations(database_url: str) -> list[dict]:
    return [data for key, data in outbox(database_url) if key == "sessions.supporter.activated"]


def profile(client, auth, staff_id: str) -> dict:
    response = client.get(f"/api/v1/supporters/{staff_id}", headers=auth(staff_id))
    assert response.status_code == 200, response.json
    return response.json


def ask(client, headers, **overrides) -> dict:
    response = client.post("/api/v1/support-requests", json={**ASK, **overrides}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_a_granted_supporter_becomes_allocatable_and_is_announced_once(client, auth, identity, service_db):
    supporter = identity.register(TEAM)
    identity.grant(supporter, monthly_hours=None)
    identity.grant(supporter, monthly_hours=None)
    assert profile(client, auth, supporter) == {
        "staff_id": supporter, "allocatable": True, "monthly_capacity": 2, "open_allocations": 0,
        "name": f"Person {supporter[:6]}", "team_id": TEAM, "open_cases": 0, "paused": False,
        "cool_down_until": None}
    assert activations(service_db) == [{"supporter_id": supporter, "monthly_capacity": 2}]


def test_a_new_supporters_profile_and_their_activation_are_one_write(app, client, auth, identity, service_db):
    supporter = identity.register(TEAM)
    writes = []
    event.listen(app.extensions["psn.engine"], "before_cursor_execute",
                 lambda conn, cursor, statement, *args: writes.append(statement) if "INSERT" in statement
                 or "UPDATE" in statement else None)
    identity.grant(supporter, monthly_hours=4)
    assert len(writes) == 1  # the profile, with the outbox row in a CTE of the same INSERT
    assert profile(client, auth, supporter)["allocatable"] is True
    assert activations(service_db) == [{"supporter_id": supporter, "monthly_capacity": 4}]


def test_the_activation_reads_the_person_with_the_allocation_lock_known_or_not(identity, make_uow):
    """One round trip on the headline's path; the lock is taken for someone unknown here too (their
    requests may have to be handed on)."""
    supporter, known = identity.supporter(TEAM), identity.register(TEAM)
    stranger = str(uuid.uuid4())
    for staff_id, expected in ((supporter, (supporter, supporter)), (known, (None, known)), (stranger, (None, None))):
        with make_uow() as uow:
            found, statements = counting_statements(uow.session.get_bind(),
                                                    partial(uow.supporter_under_lock, staff_id))
            assert (tuple(row and row.staff_id for row in found), statements, lock_held(uow)) == (expected, 1, 1)
        with make_uow() as uow:
            member, statements = counting_statements(uow.session.get_bind(), partial(uow.member_under_lock, staff_id))
            assert (member and member.staff_id, statements, lock_held(uow)) == (expected[1], 1, 1)


def lock_held(uow) -> int:
    return uow.session.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                                    " AND pid = pg_backend_pid() AND objid = :lock"),
                               {"lock": ALLOCATION_LOCK & 0xFFFF_FFFF}).scalar_one()


def counting_statements(engine, call):
    """What `call` returns, and how many statements it sent on `engine`."""
    sent = []

    def count(*_args: object) -> None:
        sent.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        return call(), len(sent)
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_other_roles_make_no_supporter(client, auth, identity, service_db):
    member = identity.register(TEAM)
    identity.grant(member, role="wellbeing_champion")
    assert client.get(f"/api/v1/supporters/{member}", headers=auth(member)).status_code == 404
    assert activations(service_db) == []


def test_a_role_granted_before_the_staff_record_waits_for_it_then_takes_the_waiting_list(
    client, auth, identity, deliver, service_db
):
    requester = identity.register(TEAM)
    waiting = ask(client, auth(requester))
    assert waiting["status"] == "waiting"
    record = registered(OTHER_TEAM)
    supporter = record.data.staff_id
    identity.grant(supporter, monthly_hours=3)
    assert profile(client, auth, supporter)["allocatable"] is False
    assert activations(service_db) == []
    deliver(record)
    now = profile(client, auth, supporter)
    assert (now["allocatable"], now["monthly_capacity"], now["open_allocations"]) == (True, 3, 1)
    assert activations(service_db) == [{"supporter_id": supporter, "monthly_capacity": 3}]
    allocated = client.get(f"/api/v1/support-requests/{waiting['id']}", headers=auth(requester)).json
    assert (allocated["status"], allocated["supporter_id"]) == ("allocated", supporter)
    assert outbox(service_db)[-1][0] == "sessions.request.allocated"


def test_a_revoked_supporters_requests_move_to_someone_else_or_wait(client, auth, identity, service_db):
    leaving = identity.supporter(OTHER_TEAM, monthly_hours=5)
    staying = identity.supporter(OTHER_TEAM, monthly_hours=1)
    requesters = [identity.register(TEAM) for _ in range(3)]
    held = [ask(client, auth(r)) for r in requesters]
    # Least loaded first: one each, then the third to the one with hours left.
    assert sorted(r["supporter_id"] for r in held) == sorted([staying, leaving, leaving])
    identity.revoke(leaving)
    assert profile(client, auth, leaving)["allocatable"] is False
    after = [client.get(f"/api/v1/support-requests/{r['id']}", headers=auth(r["requester_id"])).json for r in held]
    assert sorted((r["status"], r["supporter_id"]) for r in after) == sorted(
        [("allocated", staying), ("waiting", None), ("waiting", None)])  # the one left is at capacity
    moved = [r for r in after if r["status"] == "waiting"]
    tail = outbox(service_db)[-4:]
    # Each case: moved away from its supporter (notifications tells the requester they wait again), then waiting.
    assert [key for key, _ in tail] == ["sessions.request.reallocated", "sessions.request.waiting"] * 2
    assert {data["request_id"] for _, data in tail} == {r["id"] for r in moved}
    assert {data["cause"] for key, data in tail if key == "sessions.request.reallocated"} == {"supporter_withdrawn"}
    assert client.get(f"/api/v1/support-requests/{moved[0]['id']}", headers=auth(leaving)).status_code == 404


def test_a_supporter_who_leaves_hands_their_requests_on(client, auth, identity, service_db):
    leaving = identity.supporter(OTHER_TEAM)
    requester = identity.register(TEAM)
    request = ask(client, auth(requester))
    assert request["supporter_id"] == leaving
    successor = identity.supporter(OTHER_TEAM)
    identity.left(leaving)
    after = client.get(f"/api/v1/support-requests/{request['id']}", headers=auth(requester)).json
    assert (after["status"], after["supporter_id"]) == ("allocated", successor)
    key, data = outbox(service_db)[-1]
    assert (key, data["request_id"], data["supporter_id"]) == ("sessions.request.allocated", request["id"], successor)


def test_a_colleague_who_leaves_has_their_requests_closed_and_none_is_given_to_a_supporter(
        client, auth, identity, service_db):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    leaving = identity.register(TEAM)
    held, waiting = ask(client, auth(leaving)), ask(client, auth(leaving))
    assert (held["supporter_id"], waiting["status"]) == (supporter, "waiting")
    identity.left(leaving)
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    for request in (held, waiting):
        after = client.get(f"/api/v1/support-requests/{request['id']}?reason=a%20leaver", headers=coordinator).json
        assert (after["status"], after["closed_at"] is not None) == ("closed", True)
    assert profile(client, auth, supporter)["open_cases"] == 0


def test_a_leaver_reported_before_their_record_is_retried_and_never_becomes_allocatable(
    client, auth, identity, deliver, service_db
):
    record = registered(TEAM)
    staff_id = record.data.staff_id
    with pytest.raises(StaffNotYetKnown):
        identity.left(staff_id)
    deliver(record)
    identity.left(staff_id)  # the consumer's retry
    identity.grant(staff_id)
    assert profile(client, auth, staff_id)["allocatable"] is False
    assert activations(service_db) == []


def test_supporter_profiles_are_for_the_supporter_and_the_network_admins(client, auth, identity):
    supporter = identity.supporter(TEAM)
    stranger = identity.register(TEAM)
    assert client.get(f"/api/v1/supporters/{supporter}", headers=auth(stranger)).status_code == 403
    assert client.get(f"/api/v1/supporters/{uuid.uuid4()}", headers=auth(stranger)).status_code == 403
    assert client.get(f"/api/v1/supporters/{supporter}", headers=auth(stranger, "admin")).status_code == 200
    assert client.get(f"/api/v1/supporters/{uuid.uuid4()}", headers=auth(stranger, "coordinator")).status_code == 404
    assert client.get("/api/v1/supporters", headers=auth(stranger)).status_code == 403
    listed = client.get("/api/v1/supporters", headers=auth(stranger, "coordinator")).json
    assert [s["staff_id"] for s in listed] == [supporter]


def test_the_demand_report_shows_suppressed_aggregates_only(client, auth, identity):
    # Two supporters, so that six requests fit under the cap of open cases as well as the hours.
    identity.supporter(OTHER_TEAM, monthly_hours=3)
    identity.supporter(OTHER_TEAM, monthly_hours=3)
    for _ in range(6):
        ask(client, auth(identity.register(TEAM)))
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    assert client.get("/api/v1/reports/demand", headers=auth(str(uuid.uuid4()))).status_code == 403
    report = client.get("/api/v1/reports/demand", headers=coordinator)
    assert report.status_code == 200
    assert report.json == {
        "requests": {"waiting": "<5", "allocated": 6, "closed": "<5"},
        "supporters": {"allocatable": "<5"},
        "capacity": {"monthly_hours": 6, "allocated_this_month": 6},
    }


def test_a_lapsed_supporter_takes_no_new_requests_but_keeps_those_they_hold(
    client, auth, identity, deliver, service_db
):
    lapsing = identity.supporter(OTHER_TEAM, monthly_hours=5)
    held = ask(client, auth(identity.register(TEAM)))
    assert held["supporter_id"] == lapsing
    lapsed = certification("training.certification.lapsed", lapsing)
    deliver(lapsed)
    deliver(lapsed)
    assert profile(client, auth, lapsing)["allocatable"] is False
    still = client.get(f"/api/v1/support-requests/{held['id']}", headers=auth(lapsing)).json
    assert (still["status"], still["supporter_id"]) == ("allocated", lapsing)
    assert ask(client, auth(identity.register(TEAM)))["status"] == "waiting"

    deliver(certification("training.certification.renewed", lapsing))
    assert profile(client, auth, lapsing)["allocatable"] is True
    assert [a["supporter_id"] for a in activations(service_db)] == [lapsing, lapsing]


def test_a_level_3_lapse_and_stale_news_change_nothing(client, auth, identity, deliver):
    supporter = identity.supporter(OTHER_TEAM)
    deliver(certification("training.certification.lapsed", supporter, level=3))
    assert profile(client, auth, supporter)["allocatable"] is True
    renewed = certification("training.certification.renewed", supporter)
    deliver(certification("training.certification.lapsed", supporter))
    deliver(replace(renewed, time=renewed.time - timedelta(days=1)))
    assert profile(client, auth, supporter)["allocatable"] is False
    deliver(certification("training.certification.lapsed", str(uuid.uuid4())))  # not a supporter here


def test_a_lapsed_supporter_whose_role_goes_hands_their_requests_on(client, auth, identity, deliver):
    lapsing = identity.supporter(OTHER_TEAM)
    request = ask(client, auth(identity.register(TEAM)))
    deliver(certification("training.certification.lapsed", lapsing))
    successor = identity.supporter(OTHER_TEAM)
    identity.revoke(lapsing)
    after = client.get(f"/api/v1/support-requests/{request['id']}", headers=auth(request["requester_id"])).json
    assert (after["status"], after["supporter_id"]) == ("allocated", successor)


def preferences_url(staff_id: str) -> str:
    return f"/api/v1/supporters/{staff_id}/preferences"


def test_preferences_are_for_the_supporter_and_the_coordinator(client, auth, identity):
    supporter = identity.supporter(TEAM)
    stranger = identity.register(TEAM)
    body = {"modes": ["phone"], "places": []}
    assert client.get(preferences_url(supporter), headers=auth(supporter)).json == {
        "staff_id": supporter, "modes": ["video", "phone", "in_person"], "places": []}
    for headers in (auth(stranger), auth(stranger, "admin")):
        assert client.get(preferences_url(supporter), headers=headers).status_code == 403
        assert client.put(preferences_url(supporter), json=body, headers=headers).status_code == 403
    # Refused before the lookup, so a stranger cannot tell who is a supporter.
    assert client.get(preferences_url(str(uuid.uuid4())), headers=auth(stranger)).status_code == 403
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    assert client.get(preferences_url(stranger), headers=coordinator).status_code == 404
    assert client.put(preferences_url(stranger), json=body, headers=coordinator).status_code == 404
    assert client.put(preferences_url(stranger), json=body, headers=auth(stranger)).status_code == 404
    assert client.get(preferences_url(supporter)).status_code == 401

    mine = client.put(preferences_url(supporter), headers=auth(supporter),
                      json={"modes": ["in_person", "video"], "places": [" Gartnavel General ", "gartnavel general"]})
    assert mine.status_code == 200
    assert mine.json == {"staff_id": supporter, "modes": ["video", "in_person"], "places": ["Gartnavel General"]}
    theirs = client.put(preferences_url(supporter), json=body, headers=coordinator)
    assert theirs.json == {"staff_id": supporter, "modes": ["phone"], "places": []}
    assert client.get(preferences_url(supporter), headers=coordinator).json == theirs.json


def test_bad_preferences_name_the_field_and_change_nothing(client, auth, identity):
    supporter = identity.supporter(TEAM)
    headers = auth(supporter)

    def fields_refused(body) -> set[str]:
        response = client.put(preferences_url(supporter), json=body, headers=headers)
        assert response.status_code == 422, response.json
        assert response.content_type == "application/problem+json"
        return {e["field"] for e in response.json["errors"]}

    assert fields_refused({"modes": []}) == {"modes"}
    assert fields_refused({"places": ["QEUH"]}) == {"modes"}
    assert fields_refused({"modes": ["pigeon"], "places": ["  "]}) == {"modes.0", "places.0"}
    assert fields_refused({"modes": ["video"], "places": "QEUH"}) == {"places"}
    assert fields_refused({"modes": ["video"], "places": ["x" * 101]}) == {"places.0"}
    assert fields_refused({"modes": ["video"], "places": [f"p{i}" for i in range(51)]}) == {"places"}
    assert fields_refused({"modes": ["video"], "staff_id": "x"}) == {"staff_id"}
    assert client.get(preferences_url(supporter), headers=headers).json["modes"] == ["video", "phone", "in_person"]


def test_new_preferences_serve_the_requests_waiting_for_them(client, auth, identity, service_db):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    client.put(preferences_url(supporter), json={"modes": ["video"]}, headers=auth(supporter))
    requester = identity.register(TEAM)
    waiting = ask(client, auth(requester), mode="in_person", location="Gartnavel General")
    assert (waiting["status"], waiting["waiting_reason"]) == ("waiting", "no supporter offers in-person support")
    changed = client.put(preferences_url(supporter), headers=auth(supporter),
                         json={"modes": ["video", "in_person"], "places": ["GARTNAVEL GENERAL"]})
    assert changed.status_code == 200
    now = client.get(f"/api/v1/support-requests/{waiting['id']}", headers=auth(requester)).json
    assert (now["status"], now["supporter_id"], now["location"]) == ("allocated", supporter, "Gartnavel General")
    key, data = outbox(service_db)[-1]
    assert (key, data["request_id"], data["mode"]) == ("sessions.request.allocated", waiting["id"], "in_person")


def test_hours_changed_in_identity_become_the_capacity_and_a_raise_serves_the_waiting_list(
        client, auth, identity, deliver, service_db):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    first, second = (ask(client, auth(identity.register(TEAM))) for _ in range(2))
    assert (first["status"], second["status"]) == ("allocated", "waiting")
    raised = hours_changed(supporter, 2)
    deliver(raised)
    deliver(raised)  # the same news again changes nothing more
    assert profile(client, auth, supporter)["monthly_capacity"] == 2
    allocated = [data["request_id"] for key, data in outbox(service_db) if key == "sessions.request.allocated"]
    assert allocated.count(second["id"]) == 1
    deliver(hours_changed(supporter, 1, previous_hours=2))
    assert profile(client, auth, supporter)["monthly_capacity"] == 1
