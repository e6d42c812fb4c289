"""A batch of events applied as the consumer applies it (claimed, handled, committed together): the people
it names, their managers, preferences and devices are read ahead for the whole batch, and every notice
comes out as it would one event at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import event

from notifications.events.handlers import HANDLERS
from psn_shared.events import Envelope
from psn_shared.testing.standins import Subscriber

AT = datetime(2026, 11, 20, 10, tzinfo=UTC)
WEB = {"endpoint": "https://push.example.org/send/batch", "keys": {"p256dh": Subscriber().p256dh,
                                                                     "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}


def granted(staff_id: str, role: str) -> Envelope:
    return Envelope.new("identity.role.granted", {
        "staff_id": staff_id, "role": role, "reason": "Level 3 completed", "granted_by": None,
        "granted_at": AT, "monthly_hours": 4 if role == "peer_supporter" else None,
    }, source="identity")


def registered(staff_id: str, name: str) -> Envelope:
    return Envelope.new("identity.staff.registered", {
        "staff_id": staff_id, "employee_number": f"E-{name}", "name": name, "email": "dai@psn.test",
        "team_id": None, "grade": None, "line_manager_id": None, "senior_manager_id": None, "status": "active",
        "roles": ["staff"],
    }, source="identity")


def apply_batch(make_uow: Callable, events: list[Envelope]) -> None:
    """What the consumer does with a batch: claim the events, run each handler, commit once."""
    with make_uow() as uow:
        fresh = uow.claim(events)
        for envelope in events:
            if envelope.id in fresh:
                HANDLERS[envelope.type](envelope, uow)
        uow.commit()


def subjects(client, auth, staff_id: str) -> list[str]:
    return [e["subject"] for e in client.get("/api/v1/inbox", headers=auth(staff_id)).json["items"]]


def channels(client, auth, staff_id: str) -> list[str]:
    log = client.get(f"/api/v1/deliveries?recipient_id={staff_id}", headers=auth(staff_id)).json["items"]
    return sorted(d["channel"] for d in log)


def test_a_batch_tells_each_person_by_their_own_choices_and_finds_someone_registered_in_it(
    client, auth, person, make_uow
):
    boss = person("Bea Boss")
    ann = person("Ann Smith", line_manager_id=boss["staff_id"])
    cai = person("Cai Evans")
    eve = person("Eve Price")
    welsh = client.put("/api/v1/preferences", json={"language": "cy"}, headers=auth(cai["staff_id"]))
    assert welsh.status_code == 200, welsh.json
    assert client.post("/api/v1/devices", json=WEB, headers=auth(eve["staff_id"])).status_code == 201
    dai_id = "0b6f9ad2-6c33-4a43-9d0c-6a1f1d1b0d11"

    apply_batch(make_uow, [granted(ann["staff_id"], "peer_supporter"), granted(cai["staff_id"], "trainer"),
                           granted(eve["staff_id"], "trainer"), registered(dai_id, "Dai Hughes"),
                           granted(dai_id, "trainer")])

    assert subjects(client, auth, ann["staff_id"]) == ["You are now a peer supporter"]
    assert subjects(client, auth, boss["staff_id"]) == ["Ann Smith is now a peer supporter"]
    assert subjects(client, auth, cai["staff_id"]) == ["Rôl newydd i chi: hyfforddwr cymorth gan gymheiriaid"]
    assert channels(client, auth, eve["staff_id"]) == ["email", "web_push"]
    assert subjects(client, auth, dai_id) == ["You are now a peer support trainer"]


def test_a_batch_costs_a_few_statements_however_many_people_it_tells(client, auth, person, make_uow, app):
    people = [person(f"Person {n}")["staff_id"] for n in range(40)]
    statements: list[str] = []
    engine = app.extensions["psn.engine"]

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        apply_batch(make_uow, [granted(staff_id, "trainer") for staff_id in people])
    finally:
        event.remove(engine, "before_cursor_execute", count)

    # The claim, three reads ahead, the staff copies' updates, the inbox entries, the deliveries: not one
    # query a person.
    assert len(statements) <= 10, statements
    assert all(subjects(client, auth, staff_id) == ["You are now a peer support trainer"] for staff_id in people)
