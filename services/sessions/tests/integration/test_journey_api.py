"""The journey after allocation through the API on PostgreSQL: contact for the pair only, accept,
another supporter, hand back, re-allocation by hand, pause and resume, the access matrix, and the
due jobs and hand-overs on the real unit of work."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.testing.infra import outbox_events
from services.sessions.tests.journey_news import contact, delegation_granted, moved
from sessions.config import SessionsSettings
from sessions.service_layer.jobs import run_due_jobs

ASK = {"mode": "video", "scope": "any", "urgency": "soon", "details": "Struggling after a hard shift."}
COORDINATOR_READ = {"reason": "safeguarding review"}


def types(database_url: str) -> list[str]:
    return [event["type"] for event in outbox_events(database_url)]


def ask(client, headers) -> dict:
    response = client.post("/api/v1/support-requests", json=ASK, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def person(deliver, name: str, phone: str) -> str:
    staff_id = str(uuid.uuid4())
    deliver(contact(staff_id, preferred_name=name, phone=phone))
    return staff_id


@pytest.fixture
def pair(client, auth, identity, deliver):
    """A supporter (Sam) and a requester (Rita) allocated to each other, with their contact details."""
    sam = person(deliver, "Sam", "0141 000 0001")
    identity.grant(sam, monthly_hours=4)
    rita = person(deliver, "Rita", "0141 000 0002")
    request = ask(client, auth(rita))
    assert request["supporter_id"] == sam
    return sam, rita, request["id"]


def test_contact_is_shown_to_the_pair_only(client, auth, pair):
    sam, rita, request_id = pair
    as_rita = client.get(f"/api/v1/support-requests/{request_id}", headers=auth(rita)).json
    assert as_rita["contact"] == {"staff_id": sam, "name": "Sam", "email": f"p{sam[:6]}@psn.test",
                                  "phone": "0141 000 0001"}
    as_sam = client.get(f"/api/v1/support-requests/{request_id}", headers=auth(sam)).json
    assert (as_sam["contact"]["name"], as_sam["contact"]["phone"]) == ("Rita", "0141 000 0002")
    listed = client.get("/api/v1/support-requests", headers=auth(sam)).json["items"]
    assert [item["contact"]["staff_id"] for item in listed] == [rita]
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    seen = client.get(f"/api/v1/support-requests/{request_id}", headers=coordinator, query_string=COORDINATOR_READ)
    assert seen.status_code == 200 and seen.json["contact"] is None
    assert client.get(f"/api/v1/support-requests/{request_id}", headers=auth(str(uuid.uuid4()))).status_code == 404


def test_accept_is_the_requesters_and_happens_once(client, auth, pair, service_db):
    sam, rita, request_id = pair
    url = f"/api/v1/support-requests/{request_id}/accept"
    assert client.post(url, headers=auth(sam)).status_code == 403
    assert client.post(url, headers=auth(str(uuid.uuid4()))).status_code == 404
    accepted = client.post(url, headers=auth(rita))
    assert accepted.status_code == 200 and accepted.json["accepted_at"] is not None
    assert client.post(url, headers=auth(rita)).status_code == 409
    assert types(service_db).count("sessions.request.accepted") == 1


def test_another_supporter_leaves_the_first_excluded_and_unable_to_see_it(client, auth, identity, pair, service_db):
    sam, rita, request_id = pair
    sue = identity.supporter(monthly_hours=4)
    moved_on = client.post(f"/api/v1/support-requests/{request_id}/another-supporter", headers=auth(rita))
    assert moved_on.status_code == 200
    assert (moved_on.json["supporter_id"], moved_on.json["contact"]["staff_id"]) == (sue, sue)
    assert client.get(f"/api/v1/support-requests/{request_id}", headers=auth(sam)).status_code == 404
    assert types(service_db)[-2:] == ["sessions.request.reallocated", "sessions.request.allocated"]


def test_hand_back_needs_a_reason_and_changes_nothing_without_one(client, auth, pair, service_db):
    sam, rita, request_id = pair
    url = f"/api/v1/support-requests/{request_id}/hand-back"
    before = types(service_db)
    for body in ({}, {"reason": "   "}, {"reason": "x" * 501}, {"reason": "ok", "heavy": "very"}):
        refused = client.post(url, json=body, headers=auth(sam))
        assert refused.status_code == 422, body
        assert {e["field"] for e in refused.json["errors"]} <= {"reason", "heavy"}
    assert client.post(url, json={"reason": "too close"}, headers=auth(rita)).status_code == 403
    assert types(service_db) == before
    handed = client.post(url, json={"reason": "too close to home", "heavy": True}, headers=auth(sam))
    assert handed.status_code == 200 and handed.json["status"] == "waiting"
    assert types(service_db)[-2:] == ["sessions.request.handed_back", "sessions.request.waiting"]
    profile = client.get(f"/api/v1/supporters/{sam}", headers=auth(sam)).json
    assert profile["cool_down_until"] is not None
    # Nobody else learns the reason from the outbox.
    assert all("too close" not in str(event["data"]) for event in outbox_events(service_db))


def test_the_coordinator_reallocates_within_every_rule(client, auth, identity, pair):
    sam, rita, request_id = pair
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    url = f"/api/v1/support-requests/{request_id}/reallocate"
    manager = identity.supporter(monthly_hours=4)
    identity.deliver(moved(rita, team_id=None, senior_manager_id=manager, changed=("senior_manager_id",)))
    refused = client.post(url, json={"supporter_id": manager}, headers=coordinator)
    assert refused.status_code == 422
    assert refused.json["errors"][0]["field"] == "supporter_id" and "line authority" in refused.json["detail"]
    assert client.post(url, json={"supporter_id": "not-a-uuid"}, headers=coordinator).status_code == 422
    assert client.post(url, json={"supporter_id": manager}, headers=auth(sam)).status_code == 403
    # Refused on the role, before the lookup: a stranger learns nothing about the request.
    assert client.post(url, json={"supporter_id": manager}, headers=auth(str(uuid.uuid4()))).status_code == 403
    sue = identity.supporter(monthly_hours=4)
    done = client.post(url, json={"supporter_id": sue}, headers=coordinator)
    assert done.status_code == 200 and done.json["supporter_id"] == sue


def test_a_paused_supporter_takes_nothing_new_and_resumes(client, auth, identity, pair):
    sam, _, _ = pair
    assert client.post(f"/api/v1/supporters/{sam}/pause", headers=auth(str(uuid.uuid4()))).status_code == 403
    paused = client.post(f"/api/v1/supporters/{sam}/pause", headers=auth(sam))
    assert (paused.status_code, paused.json["paused"], paused.json["open_cases"]) == (200, True, 1)
    assert client.post(f"/api/v1/supporters/{sam}/pause", headers=auth(sam)).status_code == 409
    waiting = ask(client, auth(identity.register()))
    assert waiting["waiting_reason"] == "every eligible supporter is paused"
    resumed = client.post(f"/api/v1/supporters/{sam}/resume", headers=auth(sam))
    assert resumed.status_code == 200 and not resumed.json["paused"]
    served = client.get(f"/api/v1/support-requests/{waiting['id']}", headers=auth(sam))
    assert served.status_code == 200 and served.json["supporter_id"] == sam


@pytest.mark.parametrize("who", ["requester_manager", "other_supporter", "admin"])
def test_the_journey_is_closed_to_everyone_outside_the_pair_and_the_coordinator(client, auth, identity, pair, who):
    sam, rita, request_id = pair
    if who == "requester_manager":
        manager = identity.register()
        identity.deliver(moved(rita, team_id=None, line_manager_id=manager))
        headers = auth(manager, "line_manager")
    elif who == "other_supporter":
        headers = auth(identity.supporter())
    else:
        headers = auth(str(uuid.uuid4()), "admin")
    base = f"/api/v1/support-requests/{request_id}"
    assert client.get(base, headers=headers).status_code == 404
    for action, body in (("accept", None), ("another-supporter", None), ("hand-back", {"reason": "x"}),
                         ("close", {"heavy": False})):
        assert client.post(f"{base}/{action}", json=body, headers=headers).status_code == 404, action
    assert client.post(f"{base}/reallocate", json={"supporter_id": sam}, headers=headers).status_code == 403
    assert client.post(f"/api/v1/supporters/{sam}/pause", headers=headers).status_code == 403


def test_a_move_hands_the_case_over_on_postgresql(client, auth, identity, pair, service_db):
    sam, rita, request_id = pair
    sue = identity.supporter(monthly_hours=4)
    identity.deliver(moved(rita, team_id=None, line_manager_id=sam))
    seen = client.get(f"/api/v1/support-requests/{request_id}", headers=auth(rita)).json
    assert seen["supporter_id"] == sue
    assert "sessions.request.reallocated" in types(service_db)


def test_a_temporary_manager_is_never_chosen_in_sql(client, auth, identity, deliver):
    manager = identity.register()
    requester = identity.register(line_manager_id=manager)
    stand_in = identity.supporter(monthly_hours=4)
    deliver(delegation_granted(manager, stand_in))
    assert ask(client, auth(requester))["status"] == "waiting"


def test_the_due_jobs_serve_and_alert_once_on_postgresql(client, auth, identity, make_uow, service_db):
    identity.supporter(monthly_hours=1)
    ask(client, auth(identity.register()))
    waiting = ask(client, auth(identity.register()))
    assert waiting["waiting_reason"] == "every eligible supporter is at capacity this month"
    settings = SessionsSettings.load()
    later = datetime.now(UTC) + settings.waiting_alert_after + timedelta(minutes=1)
    for _ in range(2):
        with make_uow() as uow:
            run_due_jobs(later, settings, uow)
    assert types(service_db).count("sessions.request.waiting_too_long") == 1
    next_month = (later.replace(day=1) + timedelta(days=32)).replace(day=1)
    with make_uow() as uow:
        assert run_due_jobs(next_month, settings, uow).served == 1
