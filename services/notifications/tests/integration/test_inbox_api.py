from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from notifications.api.schemas import InboxPage, inbox_page_out
from psn_shared.events import Envelope
from psn_shared.staff_copy import StaffNotYetKnown

AT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def role_granted(staff_id: str, role: str, monthly_hours: int | None = None) -> Envelope:
    return Envelope.new("identity.role.granted", {
        "staff_id": staff_id, "role": role, "reason": "Level 2 Peer Supporter completed", "granted_by": None,
        "granted_at": AT, "monthly_hours": monthly_hours,
    }, source="identity")


def role_revoked(staff_id: str, role: str) -> Envelope:
    return Envelope.new("identity.role.revoked", {
        "staff_id": staff_id, "role": role, "reason": "stepped down", "revoked_by": None, "revoked_at": AT,
    }, source="identity")


def allocated(requester_id: str, supporter_id: str) -> Envelope:
    return Envelope.new("sessions.request.allocated", {
        "request_id": str(uuid.uuid4()), "requester_id": requester_id, "supporter_id": supporter_id,
        "mode": "video", "allocated_at": AT,
    }, source="sessions")


def waiting(requester_id: str) -> Envelope:
    return Envelope.new("sessions.request.waiting", {
        "request_id": str(uuid.uuid4()), "requester_id": requester_id, "reason": "no supporter has capacity",
    }, source="sessions")


def rows(database_url: str, sql: str) -> list[tuple]:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        result = [tuple(row) for row in conn.execute(text(sql))]
    engine.dispose()
    return result


def inbox(client, auth, staff: dict) -> dict:
    response = client.get("/api/v1/inbox", headers=auth(staff["staff_id"]))
    assert response.status_code == 200, response.json
    return response.json


def test_a_new_peer_supporter_and_their_manager_are_told_once_however_often_the_event_runs(
    deliver, person, client, auth, service_db
):
    boss = person("Bea Boss")
    ann = person("Ann Smith", line_manager_id=boss["staff_id"])
    event = role_granted(ann["staff_id"], "peer_supporter", monthly_hours=4)
    deliver(event)
    deliver(event)
    assert [e["subject"] for e in inbox(client, auth, ann)["items"]] == ["You are now a peer supporter"]
    assert "4 hours a month" in inbox(client, auth, ann)["items"][0]["body"]
    assert [e["subject"] for e in inbox(client, auth, boss)["items"]] == ["Ann Smith is now a peer supporter"]
    assert sorted(rows(service_db, "SELECT address, status, attempts FROM deliveries")) == [
        ("ann.smith@psn.test", "pending", 0), ("bea.boss@psn.test", "pending", 0),
    ]


def test_an_allocation_tells_supporter_and_requester_once(deliver, person, client, auth, service_db):
    rita, sam = person("Rita Requester"), person("Sam Supporter", roles=("peer_supporter",))
    event = allocated(rita["staff_id"], sam["staff_id"])
    deliver(event)
    deliver(event)
    supporter_view = inbox(client, auth, sam)["items"]
    assert [e["subject"] for e in supporter_view] == ["A colleague has been matched with you"]
    assert "Rita" not in supporter_view[0]["body"]
    assert "We have matched you with a peer supporter: Sam Supporter" in inbox(client, auth, rita)["items"][0]["body"]
    assert rows(service_db, "SELECT count(*) FROM deliveries") == [(2,)]


def test_coordinators_follow_role_events_and_hear_of_waiting_requests(deliver, person, client, auth):
    rita = person("Rita Requester")
    cleo = person("Cleo Coordinator", roles=("coordinator",))
    carl = person("Carl Later")
    deliver(role_granted(carl["staff_id"], "coordinator"))
    deliver(role_revoked(cleo["staff_id"], "coordinator"))
    deliver(waiting(rita["staff_id"]))
    assert [e["subject"] for e in inbox(client, auth, carl)["items"]] == [
        "An item is waiting for you", "You are now a network coordinator",
    ]
    assert "Rita" not in inbox(client, auth, carl)["items"][0]["body"]
    # Told her role ended, and no longer of what waits for a coordinator.
    assert [e["subject"] for e in inbox(client, auth, cleo)["items"]] == ["You are no longer a network coordinator"]
    assert inbox(client, auth, rita)["items"] == []


def test_someone_not_yet_known_here_makes_the_handler_fail_and_change_nothing(deliver, person, service_db):
    sam = person("Sam Supporter")
    with pytest.raises(StaffNotYetKnown):
        deliver(allocated(str(uuid.uuid4()), sam["staff_id"]))
    assert rows(service_db, "SELECT count(*) FROM deliveries") == [(0,)]


def test_the_inbox_is_newest_first_with_an_unread_count_and_reading_is_idempotent(deliver, person, client, auth):
    ann = person("Ann Smith")
    deliver(role_granted(ann["staff_id"], "wellbeing_champion"))
    deliver(role_granted(ann["staff_id"], "trainer"))
    first = inbox(client, auth, ann)
    assert [e["subject"] for e in first["items"]] == [
        "You are now a peer support trainer", "You are now a wellbeing champion",
    ]
    assert (first["unread"], first["total"]) == (2, 2)
    entry_id = first["items"][1]["id"]
    read = client.post(f"/api/v1/inbox/{entry_id}/read", headers=auth(ann["staff_id"]))
    again = client.post(f"/api/v1/inbox/{entry_id}/read", headers=auth(ann["staff_id"]))
    assert read.status_code == again.status_code == 200
    assert read.json["read"] and read.json["read_at"] == again.json["read_at"]
    assert inbox(client, auth, ann)["unread"] == 1
    page = client.get("/api/v1/inbox?limit=1&offset=1", headers=auth(ann["staff_id"])).json
    assert ([e["id"] for e in page["items"]], page["unread"], page["total"]) == ([entry_id], 1, 2)
    past_the_end = client.get("/api/v1/inbox?offset=5", headers=auth(ann["staff_id"])).json
    assert (past_the_end["items"], past_the_end["unread"], past_the_end["total"]) == ([], 1, 2)


def test_the_inbox_page_is_written_out_exactly_as_its_documented_schema_dumps_it(deliver, person, client, auth,
                                                                                 make_uow):
    ann = person("Ann Smith")
    deliver(role_granted(ann["staff_id"], "trainer"))
    deliver(role_granted(ann["staff_id"], "wellbeing_champion"))
    entry_id = inbox(client, auth, ann)["items"][0]["id"]
    client.post(f"/api/v1/inbox/{entry_id}/read", headers=auth(ann["staff_id"]))
    with make_uow() as uow:
        items, total, unread = uow.inbox.page(ann["staff_id"], limit=50, offset=0)
    page = {"items": items, "total": total, "unread": unread, "limit": 50, "offset": 0}
    assert inbox(client, auth, ann) == json.loads(json.dumps(InboxPage().dump(page)))
    items[1].critical = True  # as a critical message's entry would be
    documented = InboxPage().dump(page)
    assert inbox_page_out(items, total=total, unread=unread, limit=50, offset=0) == documented
    assert [(e["read"], e["critical"]) for e in documented["items"]] == [(True, False), (False, True)]


def test_nobody_reads_or_marks_anyone_elses_entries(deliver, person, client, auth):
    ann, bob = person("Ann Smith"), person("Bob Other")
    deliver(role_granted(ann["staff_id"], "trainer"))
    entry_id = inbox(client, auth, ann)["items"][0]["id"]
    empty = inbox(client, auth, bob)
    assert (empty["items"], empty["unread"], empty["total"]) == ([], 0, 0)
    assert client.post(f"/api/v1/inbox/{entry_id}/read", headers=auth(bob["staff_id"])).status_code == 404
    assert client.post(f"/api/v1/inbox/{uuid.uuid4()}/read", headers=auth(ann["staff_id"])).status_code == 404
    assert client.post(f"/api/v1/inbox/{entry_id}/read").status_code == 401
    assert client.get("/api/v1/inbox").status_code == 401
    assert inbox(client, auth, ann)["unread"] == 1


@pytest.mark.parametrize(("method", "url", "field"), [
    ("get", "/api/v1/inbox?limit=0", "limit"),
    ("get", "/api/v1/inbox?offset=-1", "offset"),
    ("get", "/api/v1/inbox?limit=many", "limit"),
    ("post", "/api/v1/inbox/not-a-uuid/read", "entry_id"),
    ("get", "/api/v1/deliveries?recipient_id=nobody", "recipient_id"),
    ("get", "/api/v1/deliveries?status=lost", "status"),
    ("get", "/api/v1/deliveries?limit=501", "limit"),
])
def test_bad_input_is_a_422_naming_the_field(client, auth, method, url, field):
    response = getattr(client, method)(url, headers=auth(str(uuid.uuid4()), "coordinator"))
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert [e["field"] for e in response.json["errors"]] == [field]


def test_the_delivery_log_is_everyone_s_for_coordinators_and_admins_and_one_s_own_for_the_rest(
        deliver, person, client, auth):
    ann, boss = person("Ann Smith"), person("Bea Boss")
    deliver(role_granted(ann["staff_id"], "trainer"))
    deliver(role_granted(boss["staff_id"], "trainer"))
    url = f"/api/v1/deliveries?recipient_id={ann['staff_id']}"
    assert client.get(url, headers=auth(boss["staff_id"])).status_code == 403
    assert client.get(url, headers=auth(boss["staff_id"], "peer_supporter")).status_code == 403
    for own in (url, "/api/v1/deliveries"):
        mine = client.get(own, headers=auth(ann["staff_id"]))
        assert mine.status_code == 200
        assert {d["recipient_id"] for d in mine.json["items"]} == {ann["staff_id"]}
    for role in ("coordinator", "admin"):
        log = client.get(url, headers=auth(str(uuid.uuid4()), role))
        assert log.status_code == 200
        assert [(d["recipient_id"], d["recipient_name"], d["channel"], d["status"]) for d in log.json["items"]] == [
            (ann["staff_id"], "Ann Smith", "email", "pending")
        ]
        assert "body" not in log.json["items"][0] and "subject" not in log.json["items"][0]
    everyone = client.get("/api/v1/deliveries?status=pending", headers=auth(str(uuid.uuid4()), "admin")).json
    assert everyone["total"] == 2


def test_an_administrator_reading_the_log_is_not_told_who_sought_support(deliver, person, client, auth):
    """Who sought support is seen by them, their supporter and the coordinator, not by whoever runs the system."""
    ann, sue = person("Ann Smith"), person("Sue Jones")
    deliver(allocated(ann["staff_id"], sue["staff_id"]))
    deliver(role_granted(ann["staff_id"], "trainer"))
    url = f"/api/v1/deliveries?recipient_id={ann['staff_id']}"

    def about(*roles: str, reader: str | None = None) -> list[tuple]:
        log = client.get(url, headers=auth(reader or str(uuid.uuid4()), *roles)).json["items"]
        return sorted((d["kind"] or "", d["category"] or "", d["status"]) for d in log)

    assert about("admin") == [("", "", "pending"), ("role_granted", "account", "pending")]
    told = [("request_allocated_requester", "support", "pending"), ("role_granted", "account", "pending")]
    assert about("coordinator") == about("admin", "coordinator") == about(reader=ann["staff_id"]) == told
    admins_view = client.get("/api/v1/deliveries?status=pending", headers=auth(str(uuid.uuid4()), "admin")).json
    assert {d["kind"] for d in admins_view["items"]} == {None, "role_granted"}  # the supporter's told nothing either


def test_unread_count_since_for_polling_and_mark_all_read(deliver, person, client, auth):
    ann = person("Ann Smith")
    deliver(role_granted(ann["staff_id"], "trainer"))
    mine = auth(ann["staff_id"])
    first = client.get("/api/v1/inbox", headers=mine).json["items"][0]
    deliver(role_granted(ann["staff_id"], "facilitator"))
    assert client.get("/api/v1/inbox/unread", headers=mine).json == {"unread": 2}
    newer = client.get("/api/v1/inbox", query_string={"since": first["created_at"]}, headers=mine).json
    assert [e["subject"] for e in newer["items"]] != [] and newer["total"] == 1 and newer["unread"] == 2
    assert client.get("/api/v1/inbox", query_string={"since": "yesterday"}, headers=mine).status_code == 422
    assert client.post("/api/v1/inbox/read-all", headers=mine).json == {"marked": 2, "unread": 0}
    assert client.post("/api/v1/inbox/read-all", headers=mine).json == {"marked": 0, "unread": 0}
    assert client.get("/api/v1/inbox/unread", headers=mine).json == {"unread": 0}
