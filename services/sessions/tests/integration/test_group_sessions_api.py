"""Group reflective sessions over HTTP on PostgreSQL: arranging, booking, the waiting list, who sees who
comes, attendance, cancelling, and bookings in the double-booking rule."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.roles import Role
from services.sessions.tests.integration.conversations_support import BEFORE, make_people, outbox, propose
from sessions.config import SessionsSettings
from sessions.service_layer import reflective
from sessions.service_layer.jobs import run_due_jobs

SOON = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=5)
LINK = "https://meet.example/reflect"


def session_body(starts_at: datetime = SOON, **changes) -> dict:
    return {"theme": "Working with uncertainty", "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(minutes=90)).isoformat(), "capacity": 2, "audience": "everyone",
            "link": LINK, **changes}


@pytest.fixture
def people(identity) -> dict[str, str]:
    team = str(uuid.uuid4())
    return {"facilitator": identity.register(team), "trainer": identity.register(team),
            "ann": identity.register(team), "bob": identity.register(team), "cat": identity.register(team),
            "coordinator": identity.register(), "admin": identity.register()}


ROLES = {"facilitator": (Role.FACILITATOR,), "trainer": (Role.TRAINER,), "coordinator": (Role.COORDINATOR,),
         "admin": (Role.ADMIN,)}


@pytest.fixture
def as_(auth, people):
    return lambda who: auth(people[who], *ROLES.get(who, ()))


def arrange(client, as_, who="facilitator", **changes) -> dict:
    response = client.post("/api/v1/group-sessions", json=session_body(**changes), headers=as_(who))
    assert response.status_code == 201, response.json
    return response.json


def book(client, as_, session_id: str, who: str):
    return client.post(f"/api/v1/group-sessions/{session_id}/booking", headers=as_(who))


def test_a_facilitator_or_a_trainer_arranges_a_session_and_nobody_else(client, as_):
    made = arrange(client, as_)
    assert (made["places_left"], made["capacity"], made["status"], made["your_booking"]) == (2, 2, "scheduled", None)
    assert made["starts_at"].endswith(("+00:00", "+01:00"))
    assert arrange(client, as_, who="trainer", room="Room 4", link=None)["room"] == "Room 4"
    for who in ("ann", "coordinator", "admin"):
        assert client.post("/api/v1/group-sessions", json=session_body(), headers=as_(who)).status_code == 403


@pytest.mark.parametrize(("change", "field"), [
    ({"ends_at": (SOON - timedelta(minutes=30)).isoformat()}, "ends_at"),
    ({"starts_at": (datetime.now(UTC) - timedelta(days=1)).isoformat()}, "starts_at"),
    ({"capacity": 0}, "capacity"),
    ({"room": "Room 4"}, "link"),
    ({"link": None}, "link"),
    ({"link": "http://plain.example/x"}, "link"),
    ({"theme": "   "}, "theme"),
    ({"audience": "directors"}, "audience"),
    ({"starts_at": "2027-03-30T10:00:00"}, "starts_at"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(client, as_, change, field):
    response = client.post("/api/v1/group-sessions", json={**session_body(), **change}, headers=as_("facilitator"))
    assert response.status_code == 422, response.json
    assert field in str(response.json)
    assert client.get("/api/v1/group-sessions", headers=as_("ann")).json["total"] == 0


def test_staff_book_a_full_session_waits_and_a_cancellation_promotes_the_first_waiting(client, as_, people):
    made = arrange(client, as_)
    assert book(client, as_, made["id"], "ann").json["your_booking"]["status"] == "booked"
    assert book(client, as_, made["id"], "bob").json["places_left"] == 0
    cat = book(client, as_, made["id"], "cat")
    assert cat.status_code == 201
    assert cat.json["your_booking"] == {"status": "waiting", "waiting_place": 1, "attended": None}
    assert book(client, as_, made["id"], "ann").status_code == 409  # already booked

    left = client.delete(f"/api/v1/group-sessions/{made['id']}/booking", headers=as_("ann"))
    assert (left.status_code, left.json["your_booking"]) == (200, None)
    mine = client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_("cat")).json["your_booking"]
    assert mine["status"] == "booked"
    assert client.delete(f"/api/v1/group-sessions/{made['id']}/booking", headers=as_("ann")).status_code == 409


def test_the_events_of_booking_waiting_and_promotion(client, as_, people, service_db):
    made = arrange(client, as_)
    for who in ("ann", "bob", "cat"):
        book(client, as_, made["id"], who)
    client.delete(f"/api/v1/group-sessions/{made['id']}/booking", headers=as_("bob"))
    found = [(kind, data["staff_id"], data.get("waiting")) for kind, data in outbox(service_db)
             if kind.startswith("sessions.group_session.")]
    assert found == [
        ("sessions.group_session.booked", people["ann"], False),
        ("sessions.group_session.booked", people["bob"], False),
        ("sessions.group_session.booked", people["cat"], True),
        ("sessions.group_session.promoted", people["cat"], None),
    ]
    assert all("theme" not in data for _, data in outbox(service_db))


def test_the_attendee_list_is_for_the_facilitator_and_the_coordinator_only(client, as_, people):
    made = arrange(client, as_)
    book(client, as_, made["id"], "ann")
    book(client, as_, made["id"], "bob")
    book(client, as_, made["id"], "cat")
    url = f"/api/v1/group-sessions/{made['id']}/attendees"
    listed = client.get(url, headers=as_("facilitator"))
    assert listed.status_code == 200
    assert {(a["staff_id"], a["status"], a["waiting_place"]) for a in listed.json["items"]} == {
        (people["ann"], "booked", None), (people["bob"], "booked", None), (people["cat"], "waiting", 1)}
    assert client.get(url, headers=as_("coordinator")).status_code == 200
    for who in ("ann", "cat", "admin", "trainer"):
        assert client.get(url, headers=as_(who)).status_code == 403
    seen = client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_("ann")).json
    assert people["bob"] not in str(seen) and "attendees" not in seen


def test_the_link_is_for_those_with_a_place_the_facilitator_and_the_coordinator(client, as_, people):
    made = arrange(client, as_, capacity=1)
    book(client, as_, made["id"], "ann")
    assert book(client, as_, made["id"], "bob").json["your_booking"]["status"] == "waiting"

    def link_for(who: str) -> str | None:
        one = client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_(who)).json["link"]
        listed = client.get("/api/v1/group-sessions", headers=as_(who)).json["items"]
        assert [s["link"] for s in listed] == [one]
        return one

    assert {who: link_for(who) for who in ("ann", "facilitator", "coordinator", "bob", "cat", "admin")} == {
        "ann": LINK, "facilitator": LINK, "coordinator": LINK, "bob": None, "cat": None, "admin": None}
    client.delete(f"/api/v1/group-sessions/{made['id']}/booking", headers=as_("ann"))
    assert (link_for("ann"), link_for("bob")) == (None, LINK)  # the place, and the link with it, went to Bob


def test_several_sessions_attendees_are_read_at_once_each_checked_as_one_is(client, as_, people):
    first, second = arrange(client, as_), arrange(client, as_, starts_at=SOON + timedelta(days=1))
    book(client, as_, first["id"], "ann")
    book(client, as_, second["id"], "bob")
    url = f"/api/v1/group-sessions/attendees?session_id={second['id']}&session_id={first['id']}"
    read = client.get(url + f"&session_id={second['id']}", headers=as_("facilitator"))
    assert read.status_code == 200
    assert [(s["session_id"], [a["staff_id"] for a in s["items"]]) for s in read.json["items"]] == [
        (second["id"], [people["bob"]]), (first["id"], [people["ann"]])]
    assert read.json["items"][0]["items"] == client.get(
        f"/api/v1/group-sessions/{second['id']}/attendees", headers=as_("facilitator")).json["items"]
    assert client.get(url, headers=as_("coordinator")).status_code == 200
    for who in ("ann", "bob", "admin", "trainer"):  # booked, or another facilitator or trainer: as for one session
        assert client.get(url, headers=as_(who)).status_code == 403
    unknown = client.get(url + f"&session_id={uuid.uuid4()}", headers=as_("facilitator"))
    assert unknown.status_code == 404
    none = client.get("/api/v1/group-sessions/attendees", headers=as_("facilitator"))
    assert (none.status_code, none.json["errors"][0]["field"]) == (422, "session_id")
    too_many = "&".join(f"session_id={uuid.uuid4()}" for _ in range(101))
    assert client.get(f"/api/v1/group-sessions/attendees?{too_many}", headers=as_("facilitator")).status_code == 422
    assert client.get("/api/v1/group-sessions/attendees?session_id=nope",
                      headers=as_("facilitator")).status_code == 422


def test_attendance_is_the_facilitators_once_it_has_started(client, as_, people, monkeypatch):
    made = arrange(client, as_)
    book(client, as_, made["id"], "ann")
    book(client, as_, made["id"], "bob")
    url = f"/api/v1/group-sessions/{made['id']}/attendance"
    assert client.put(url, json={"attended": [people["ann"]]}, headers=as_("facilitator")).status_code == 409
    monkeypatch.setattr(reflective, "now", lambda: SOON + timedelta(minutes=100))
    assert client.put(url, json={"attended": [people["ann"]]}, headers=as_("ann")).status_code == 403
    assert client.put(url, json={"attended": [people["ann"]]}, headers=as_("coordinator")).status_code == 403
    refused = client.put(url, json={"attended": [people["cat"]]}, headers=as_("facilitator"))
    assert (refused.status_code, refused.json["errors"][0]["field"]) == (422, "attended")
    recorded = client.put(url, json={"attended": [people["ann"]]}, headers=as_("facilitator"))
    assert recorded.status_code == 200
    assert {a["staff_id"]: a["attended"] for a in recorded.json["items"]} == {people["ann"]: True,
                                                                              people["bob"]: False}


def test_cancelling_a_session_tells_everyone_booked_or_waiting(client, as_, people, service_db):
    made = arrange(client, as_, capacity=1)
    book(client, as_, made["id"], "ann")
    book(client, as_, made["id"], "bob")
    assert client.post(f"/api/v1/group-sessions/{made['id']}/cancel", headers=as_("ann")).status_code == 403
    cancelled = client.post(f"/api/v1/group-sessions/{made['id']}/cancel", headers=as_("facilitator"))
    assert cancelled.json["status"] == "cancelled"
    (told,) = [data for kind, data in outbox(service_db) if kind == "sessions.group_session.cancelled"]
    assert sorted(told["staff_ids"]) == sorted([people["ann"], people["bob"]])
    assert book(client, as_, made["id"], "cat").status_code == 409
    assert client.post(f"/api/v1/group-sessions/{made['id']}/cancel", headers=as_("coordinator")).status_code == 409


def test_capacity_cannot_go_below_the_bookings_and_more_places_promote(client, as_, people, service_db):
    made = arrange(client, as_)
    for who in ("ann", "bob", "cat"):
        book(client, as_, made["id"], who)
    url = f"/api/v1/group-sessions/{made['id']}"
    refused = client.patch(url, json={"capacity": 1}, headers=as_("facilitator"))
    assert (refused.status_code, refused.json["errors"][0]["field"]) == (422, "capacity")
    assert client.get(url, headers=as_("ann")).json["capacity"] == 2
    grown = client.patch(url, json={"capacity": 3}, headers=as_("coordinator"))
    assert (grown.status_code, grown.json["waiting"], grown.json["places_left"]) == (200, 0, 0)
    assert client.patch(url, json={"capacity": 4}, headers=as_("trainer")).status_code == 403


def test_moving_a_session_tells_those_booked_and_raises_its_sequence(client, as_, people, service_db):
    made = arrange(client, as_, capacity=1)
    book(client, as_, made["id"], "ann")
    book(client, as_, made["id"], "bob")  # waiting: told of the move, but not given the link
    later = SOON + timedelta(days=1)
    moved = client.patch(f"/api/v1/group-sessions/{made['id']}", headers=as_("facilitator"), json={
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()})
    assert (moved.status_code, moved.json["sequence"]) == (200, 1)
    (changed,) = [data for kind, data in outbox(service_db) if kind == "sessions.group_session.changed"]
    assert changed["staff_ids"] == sorted([people["ann"], people["bob"]]) and changed["sequence"] == 1
    assert changed["waiting_ids"] == [people["bob"]] and changed["previous_room"] is None
    client.patch(f"/api/v1/group-sessions/{made['id']}", headers=as_("facilitator"), json={"room": "Room 4"})
    client.patch(f"/api/v1/group-sessions/{made['id']}", headers=as_("facilitator"), json={"room": "Room 5"})
    rooms = [(data["room"], data["previous_room"]) for kind, data in outbox(service_db)
             if kind == "sessions.group_session.changed"][1:]
    assert rooms == [("Room 4", None), ("Room 5", "Room 4")]  # notifications tells those waiting a room's change
    backwards = client.patch(f"/api/v1/group-sessions/{made['id']}", headers=as_("facilitator"), json={
        "ends_at": (later - timedelta(hours=1)).isoformat()})
    assert (backwards.status_code, backwards.json["errors"][0]["field"]) == (422, "ends_at")


def test_a_place_on_a_session_counts_in_the_double_booking_rule(client, auth, identity, as_, people):
    people.update(make_people(client, auth, identity))
    at = datetime.fromisoformat(BEFORE["starts_at"])
    made = arrange(client, as_, starts_at=at)
    assert book(client, as_, made["id"], "supporter").status_code == 201
    clash = propose(client, auth, people, slots=(BEFORE,))
    assert clash.status_code == 409
    assert "group session" in clash.json["detail"]
    same_hour = arrange(client, as_, who="trainer", starts_at=at + timedelta(minutes=30))
    refused = book(client, as_, same_hour["id"], "supporter")
    assert (refused.status_code, refused.json["errors"][0]["field"]) == (409, "session_id")
    assert client.post("/api/v1/group-sessions", json=session_body(starts_at=at + timedelta(minutes=30)),
                       headers=as_("facilitator")).status_code == 409  # the facilitator's own time


def test_someone_waiting_who_takes_a_conversation_then_is_passed_over_and_the_counts_stay_true(
        client, auth, identity, as_, people, service_db):
    """The reported case: one place; Ann booked, the requester waiting, then in a one-to-one conversation at that
    very time; Ann cancels. The requester is taken off the list (and told); the place is free for anyone."""
    people.update(make_people(client, auth, identity))
    made = arrange(client, as_, starts_at=datetime.fromisoformat(BEFORE["starts_at"]), capacity=1)
    book(client, as_, made["id"], "ann")
    assert book(client, as_, made["id"], "requester").json["your_booking"]["status"] == "waiting"
    proposal = propose(client, auth, people, slots=(BEFORE,))
    accepted = client.post(f"/api/v1/conversations/{proposal.json['id']}/accept", json={"slot": 0},
                           headers=as_("requester"))
    assert accepted.status_code == 200  # a place on the waiting list holds nothing

    assert client.delete(f"/api/v1/group-sessions/{made['id']}/booking", headers=as_("ann")).status_code == 200
    seen = client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_("requester")).json
    assert (seen["places_left"], seen["waiting"], seen["your_booking"]) == (1, 0, None)
    told = [(kind, data["staff_id"]) for kind, data in outbox(service_db)
            if kind in ("sessions.group_session.promoted", "sessions.group_session.passed_over")]
    assert told == [("sessions.group_session.passed_over", people["requester"])]

    again = book(client, as_, made["id"], "requester")
    assert (again.status_code, again.json["errors"][0]["field"]) == (409, "session_id")
    assert "clashes with your conversation" in again.json["detail"]
    assert book(client, as_, made["id"], "bob").json["your_booking"]["status"] == "booked"


def test_joining_a_full_sessions_waiting_list_while_busy_then_is_refused(client, as_, people, service_db):
    made = arrange(client, as_, capacity=1)
    book(client, as_, made["id"], "ann")
    elsewhere = arrange(client, as_, who="trainer", starts_at=SOON + timedelta(minutes=30))
    book(client, as_, elsewhere["id"], "bob")
    refused = book(client, as_, made["id"], "bob")
    assert (refused.status_code, refused.json["errors"][0]["field"]) == (409, "session_id")
    assert "clashes with your group session" in refused.json["detail"]
    assert client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_("bob")).json["waiting"] == 0


def test_each_person_sees_whether_a_session_is_open_to_them(client, auth, identity, as_, people):
    people["supporter"] = identity.supporter(str(uuid.uuid4()))
    made = arrange(client, as_, audience="peer_supporters")
    open_to = {who: client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_(who)).json["open_to_you"]
               for who in ("ann", "supporter")}
    assert open_to == {"ann": False, "supporter": True}
    listed = client.get("/api/v1/group-sessions", headers=as_("ann")).json["items"]
    assert [s["open_to_you"] for s in listed] == [False]
    assert book(client, as_, made["id"], "ann").status_code == 403


def test_a_session_that_does_not_exist_is_404(client, as_):
    missing = str(uuid.uuid4())
    assert client.get(f"/api/v1/group-sessions/{missing}", headers=as_("ann")).status_code == 404
    assert book(client, as_, missing, "ann").status_code == 404


def test_who_books_and_reads(client, as_):
    made = arrange(client, as_)
    own = book(client, as_, made["id"], "facilitator")
    assert (own.status_code, own.json["errors"][0]["field"]) == (422, "session_id")
    for who in ("coordinator", "admin", "trainer"):
        assert client.get(f"/api/v1/group-sessions/{made['id']}", headers=as_(who)).status_code == 200
        assert client.get("/api/v1/group-series", headers=as_(who)).status_code == 200
    assert book(client, as_, made["id"], "coordinator").status_code == 201
    assert book(client, as_, made["id"], "trainer").status_code == 201


@pytest.mark.parametrize("attempt", range(3))
def test_two_colleagues_booking_the_last_place_at_once_one_gets_it_one_waits(app, client, as_, people, attempt):
    made = arrange(client, as_, capacity=1)

    def take(who: str) -> str:
        response = app.test_client().post(f"/api/v1/group-sessions/{made['id']}/booking", headers=as_(who))
        assert response.status_code == 201
        return response.json["your_booking"]["status"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(take, ["ann", "bob"])) == ["booked", "waiting"]


def test_those_with_a_place_are_reminded_once_the_day_before_and_again_after_a_move(client, as_, people, make_uow,
                                                                                   service_db):
    made = arrange(client, as_, capacity=1)
    book(client, as_, made["id"], "ann")
    book(client, as_, made["id"], "bob")  # waiting: not reminded
    settings = SessionsSettings.load()
    for _ in range(2):
        with make_uow() as uow:
            run_due_jobs(SOON - timedelta(hours=2), settings, uow)
    reminded = [data["staff_id"] for kind, data in outbox(service_db) if kind == "sessions.group_session.reminded"]
    assert reminded == [people["ann"]]
    later = SOON + timedelta(hours=3)
    client.patch(f"/api/v1/group-sessions/{made['id']}", headers=as_("facilitator"), json={
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()})
    with make_uow() as uow:
        assert run_due_jobs(later - timedelta(hours=2), settings, uow).reminded == 1


def test_a_place_booked_within_a_day_of_the_start_is_not_reminded_of_as_it_is_booked(client, as_, people, make_uow,
                                                                                     service_db, monkeypatch):
    made = arrange(client, as_)
    book(client, as_, made["id"], "ann")
    monkeypatch.setattr(reflective, "now", lambda: SOON - timedelta(hours=3))
    book(client, as_, made["id"], "bob")  # told at once that the place is theirs
    with make_uow() as uow:
        run_due_jobs(SOON - timedelta(hours=2), SessionsSettings.load(), uow)
    reminded = [data["staff_id"] for kind, data in outbox(service_db) if kind == "sessions.group_session.reminded"]
    assert reminded == [people["ann"]]


def test_a_person_lists_the_sessions_they_are_booked_on_or_run(client, as_):
    first, second = arrange(client, as_), arrange(client, as_, who="trainer", starts_at=SOON + timedelta(days=1))
    book(client, as_, first["id"], "ann")
    book(client, as_, second["id"], "bob")
    client.delete(f"/api/v1/group-sessions/{second['id']}/booking", headers=as_("bob"))
    mine = {who: [s["id"] for s in client.get("/api/v1/group-sessions?mine=true", headers=as_(who)).json["items"]]
            for who in ("ann", "bob", "facilitator", "trainer")}
    assert mine == {"ann": [first["id"]], "bob": [], "facilitator": [first["id"]], "trainer": [second["id"]]}
    assert client.get("/api/v1/group-sessions", headers=as_("bob")).json["total"] == 2


def test_a_facilitator_still_finds_a_session_days_after_it_ended_to_take_its_register(client, as_, monkeypatch):
    made = arrange(client, as_)
    monkeypatch.setattr(reflective, "now", lambda: SOON + timedelta(days=3))  # it ended three days ago

    def listed(query: str) -> list[str]:
        found = client.get(f"/api/v1/group-sessions?{query}", headers=as_("facilitator")).json["items"]
        return [s["id"] for s in found]

    assert (listed("mine=true"), listed(""), listed("mine=true&past_days=14"), listed("past_days=3")) == (
        [], [], [made["id"]], [made["id"]])
    for bad in ("-1", "91", "soon"):
        refused = client.get(f"/api/v1/group-sessions?past_days={bad}", headers=as_("facilitator"))
        assert (refused.status_code, refused.json["errors"][0]["field"]) == (422, "past_days")
