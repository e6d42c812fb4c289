"""Level 1, cohorts, nominations, approvals and course completion over HTTP, on real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from services.training.tests.integration.helpers import COORDINATOR, fields_of

TRAINER = str(uuid.uuid4())


@pytest.fixture
def cohort(client, coordinator):
    def create(capacity: int = 10, level: int = 2) -> dict:
        body = {"name": "Winter cohort", "level": level, "capacity": capacity,
                "days": [{"date": "2026-12-02", "location": "Room 4", "virtual_link": None},
                         {"date": "2026-12-01", "location": None, "virtual_link": "https://meet.psn.test/l2"}]}
        response = client.post("/api/v1/cohorts", json=body, headers=coordinator)
        assert response.status_code == 201, response.json
        return response.json

    return create


@pytest.fixture
def nominee(client, register, coordinator):
    """Someone ready to nominate: Level 1 done, with a line and a senior manager. Returns their ids."""

    def create(level_1: bool = True) -> dict:
        people = {"line": register(), "senior": register()}
        people["nominee"] = register(line_manager_id=people["line"], senior_manager_id=people["senior"])
        if level_1:
            body = {"staff_id": people["nominee"], "completed_on": "2026-10-01", "source": "learnpro"}
            assert client.post("/api/v1/level1-completions", json=body, headers=coordinator).status_code == 201
        return people

    return create


def nominate(client, auth, people: dict, cohort_id: str):
    return client.post("/api/v1/nominations", json={"nominee_id": people["nominee"], "cohort_id": cohort_id},
                       headers=auth(people["nominee"]))


def decide(client, auth, nomination_id: str, approver: str, **body):
    body.setdefault("decision", "approve")
    if body["decision"] == "approve":
        body.setdefault("monthly_hours", 4)
    return client.post(f"/api/v1/nominations/{nomination_id}/approvals", json=body, headers=auth(approver))


def approved_nomination(client, auth, people: dict, cohort_id: str, hours=(6, 4)) -> dict:
    nomination = nominate(client, auth, people, cohort_id).json
    assert decide(client, auth, nomination["id"], people["line"], monthly_hours=hours[0]).status_code == 200
    response = decide(client, auth, nomination["id"], people["senior"], monthly_hours=hours[1])
    assert response.status_code == 200, response.json
    return response.json


# Level 1


def test_level_1_is_recorded_once_and_announced(client, register, coordinator, outbox):
    staff_id = register()
    body = {"staff_id": staff_id, "completed_on": "2026-10-01", "source": "local_authority"}
    first = client.post("/api/v1/level1-completions", json=body, headers=coordinator)
    assert first.status_code == 201
    assert (first.json["level"], first.json["completed_on"], first.json["source"]) == (1, "2026-10-01",
                                                                                       "local_authority")
    again = client.post("/api/v1/level1-completions", json={**body, "completed_on": "2026-11-01"},
                        headers=coordinator)
    assert (again.status_code, again.json) == (200, first.json)
    assert outbox() == [("training.level.completed", {
        "staff_id": staff_id, "level": 1, "completed_on": "2026-10-01", "cohort_id": None, "monthly_hours": None,
        "approvals": [], "source": "local_authority"})]


def test_level_1_input_is_checked(client, coordinator, auth, outbox):
    response = client.post("/api/v1/level1-completions", headers=coordinator,
                           json={"staff_id": "nope", "completed_on": "yesterday", "source": "rumour"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert fields_of(response) == {"staff_id", "completed_on", "source"}
    unknown = client.post("/api/v1/level1-completions", headers=coordinator,
                          json={"staff_id": str(uuid.uuid4()), "completed_on": "2026-10-01", "source": "learnpro"})
    assert (unknown.status_code, fields_of(unknown)) == (422, {"staff_id"})
    assert client.post("/api/v1/level1-completions", json={}, headers=auth(str(uuid.uuid4()))).status_code == 403
    assert client.post("/api/v1/level1-completions", json={}).status_code == 401
    assert outbox() == []


# Cohorts


def test_a_cohort_is_scheduled_and_shown(client, cohort, auth):
    created = cohort(capacity=12)
    shown = client.get(f"/api/v1/cohorts/{created['id']}", headers=auth(str(uuid.uuid4())))
    assert shown.status_code == 200
    assert shown.json == created
    assert {k: created[k] for k in ("name", "level", "capacity", "booked_count", "waiting_count", "state")} == {
        "name": "Winter cohort", "level": 2, "capacity": 12, "booked_count": 0, "waiting_count": 0, "state": "open"}
    assert [d["date"] for d in created["days"]] == ["2026-12-01", "2026-12-02"]
    assert created["days"][0] == {"date": "2026-12-01", "location": None, "virtual_link": "https://meet.psn.test/l2",
                                  "start_time": "09:30:00", "end_time": "16:30:00",
                                  "starts_at": "2026-12-01T09:30:00+00:00", "ends_at": "2026-12-01T16:30:00+00:00"}
    assert client.get(f"/api/v1/cohorts/{uuid.uuid4()}", headers=auth(str(uuid.uuid4()))).status_code == 404


def test_cohort_input_is_checked(client, coordinator, auth):
    bad = client.post("/api/v1/cohorts", headers=coordinator,
                      json={"name": "", "level": 1, "capacity": 201, "days": []})
    assert (bad.status_code, fields_of(bad)) == (422, {"name", "level", "capacity", "days"})
    bad_day = client.post("/api/v1/cohorts", headers=coordinator, json={
        "name": "A", "level": 2, "capacity": 0, "days": [{"date": "soon", "virtual_link": "not a link"}]})
    assert fields_of(bad_day) == {"capacity", "days.0.date", "days.0.virtual_link"}
    twice = [{"date": "2026-12-01", "location": "A"}, {"date": "2026-12-01", "location": "B"}]
    same_day = client.post("/api/v1/cohorts", headers=coordinator, json={
        "name": "A", "level": 2, "capacity": 5, "days": twice})
    assert (same_day.status_code, fields_of(same_day)) == (422, {"days"})
    assert client.post("/api/v1/cohorts", json={}, headers=auth(str(uuid.uuid4()), "trainer")).status_code == 403


# Nominations and approvals


def test_the_whole_level_2_path_ends_in_one_announced_completion(client, auth, coordinator, nominee, cohort, outbox,
                                                                  clock, running):
    people, course = nominee(), cohort()
    created = nominate(client, auth, people, course["id"])
    assert created.status_code == 201
    assert {k: created.json[k] for k in ("nominee_id", "cohort_id", "level", "status", "approvals")} == {
        "nominee_id": people["nominee"], "cohort_id": course["id"], "level": 2,
        "status": "awaiting_line_manager", "approvals": []}
    nomination_id = created.json["id"]
    after_line = decide(client, auth, nomination_id, people["line"], monthly_hours=6)
    assert after_line.json["status"] == "awaiting_senior_manager"
    after_senior = decide(client, auth, nomination_id, people["senior"], monthly_hours=4)
    assert (after_senior.json["status"], after_senior.json["monthly_hours"]) == ("booked", 4)
    assert client.get(f"/api/v1/cohorts/{course['id']}", headers=coordinator).json["booked_count"] == 1

    final_sign_off = {"staff_id": people["nominee"], "attended_all_days": True, "competences_signed_off": "all"}
    not_yet = client.post(f"/api/v1/cohorts/{course['id']}/completions", json=final_sign_off, headers=coordinator)
    assert not_yet.status_code == 409 and "while running or finished" in not_yet.json["detail"]
    running(course)
    done = client.post(f"/api/v1/cohorts/{course['id']}/completions", json=final_sign_off, headers=coordinator)
    assert done.status_code == 201, done.json
    assert (done.json["level"], done.json["cohort_id"], done.json["source"]) == (2, course["id"], "cohort")
    again = client.post(f"/api/v1/cohorts/{course['id']}/completions", json=final_sign_off, headers=coordinator)
    assert again.status_code == 409

    events = [data for key, data in outbox() if key == "training.level.completed" and data["level"] == 2]
    assert len(events) == 1
    event = events[0]
    assert (event["staff_id"], event["cohort_id"], event["monthly_hours"]) == (people["nominee"], course["id"], 4)
    assert event["completed_on"] == clock().date().isoformat()
    assert [(a["approver_id"], a["capacity"], a["monthly_hours"]) for a in event["approvals"]] == [
        (people["line"], "line_manager", 6), (people["senior"], "senior_manager", 4)]

    record = client.get(f"/api/v1/people/{people['nominee']}", headers=auth(people["nominee"])).json
    assert [c["level"] for c in record["completions"]] == [1, 2]
    assert [n["status"] for n in record["nominations"]] == ["completed"]


def test_a_full_cohort_puts_the_next_approved_nominee_on_its_waiting_list(client, auth, nominee, cohort, running):
    course = cohort(capacity=1)
    first, second = nominee(), nominee()
    assert approved_nomination(client, auth, first, course["id"])["status"] == "booked"
    assert approved_nomination(client, auth, second, course["id"])["status"] == "waiting_list"
    shown = client.get(f"/api/v1/cohorts/{course['id']}", headers=auth(first["nominee"])).json
    assert (shown["booked_count"], shown["waiting_count"], shown["state"]) == (1, 1, "full")
    running(course)
    waiting = client.post(f"/api/v1/cohorts/{course['id']}/completions", json={"staff_id": second["nominee"]},
                          headers=auth(COORDINATOR, "coordinator"))
    assert (waiting.status_code, fields_of(waiting)) == (409, {"staff_id"})


def test_a_nominee_must_be_known_active_ready_and_managed(client, auth, coordinator, nominee, register, cohort,
                                                         announce):
    course = cohort()
    someone = auth(str(uuid.uuid4()))
    unknown = client.post("/api/v1/nominations", headers=someone,
                          json={"nominee_id": str(uuid.uuid4()), "cohort_id": course["id"]})
    assert (unknown.status_code, fields_of(unknown)) == (422, {"nominee_id"})
    no_cohort = client.post("/api/v1/nominations", headers=someone,
                            json={"nominee_id": nominee()["nominee"], "cohort_id": str(uuid.uuid4())})
    assert (no_cohort.status_code, fields_of(no_cohort)) == (422, {"cohort_id"})

    no_level_1 = nominate(client, auth, nominee(level_1=False), course["id"])
    assert (no_level_1.status_code, no_level_1.json["detail"]) == (409, "Level 1 not complete")

    unmanaged = {"nominee": register()}
    client.post("/api/v1/level1-completions", headers=coordinator,
                json={"staff_id": unmanaged["nominee"], "completed_on": "2026-10-01", "source": "self_report"})
    assert nominate(client, auth, unmanaged, course["id"]).status_code == 409

    leaver = nominee()
    announce("identity.staff.left", leaver["nominee"], left_on=datetime.now(UTC).date())
    assert nominate(client, auth, leaver, course["id"]).status_code == 409

    people = nominee()
    assert nominate(client, auth, people, course["id"]).status_code == 201
    twice = nominate(client, auth, people, cohort()["id"])
    assert (twice.status_code, fields_of(twice)) == (409, {"nominee_id"})


def test_a_colleague_may_nominate_and_a_refusal_reopens_the_way(client, auth, nominee, cohort):
    people, course = nominee(), cohort()
    colleague = str(uuid.uuid4())
    created = client.post("/api/v1/nominations", headers=auth(colleague),
                          json={"nominee_id": people["nominee"], "cohort_id": course["id"]})
    assert (created.status_code, created.json["nominated_by"]) == (201, colleague)
    refused = decide(client, auth, created.json["id"], people["line"], decision="refuse", reason="Winter pressures")
    assert (refused.status_code, refused.json["status"], refused.json["refusal_reason"]) == (
        200, "refused", "Winter pressures")
    assert decide(client, auth, created.json["id"], people["line"]).status_code == 409
    assert nominate(client, auth, people, course["id"]).status_code == 201


def test_only_the_right_manager_decides_and_only_once(client, auth, nominee, cohort):
    people, course = nominee(), cohort()
    nomination_id = nominate(client, auth, people, course["id"]).json["id"]
    stranger, admin = str(uuid.uuid4()), str(uuid.uuid4())
    assert decide(client, auth, nomination_id, stranger).status_code == 403
    assert client.post(f"/api/v1/nominations/{nomination_id}/approvals", json={"decision": "approve",
                       "monthly_hours": 4}, headers=auth(admin, "admin")).status_code == 403
    assert decide(client, auth, nomination_id, people["nominee"]).status_code == 403
    assert decide(client, auth, nomination_id, people["senior"]).status_code == 403
    assert decide(client, auth, nomination_id, people["line"]).status_code == 200
    assert decide(client, auth, nomination_id, people["line"]).status_code == 409
    assert decide(client, auth, nomination_id, people["senior"]).status_code == 200
    assert decide(client, auth, nomination_id, people["senior"]).status_code == 409
    assert decide(client, auth, str(uuid.uuid4()), people["line"]).status_code == 404


def test_a_decision_must_say_what_it_needs(client, auth, nominee, cohort):
    people, course = nominee(), cohort()
    nomination_id = nominate(client, auth, people, course["id"]).json["id"]
    for body, field in [({"decision": "approve"}, "monthly_hours"),
                        ({"decision": "approve", "monthly_hours": 41}, "monthly_hours"),
                        ({"decision": "refuse"}, "reason"),
                        ({"decision": "maybe"}, "decision")]:
        response = client.post(f"/api/v1/nominations/{nomination_id}/approvals", json=body,
                               headers=auth(people["line"]))
        assert (response.status_code, fields_of(response)) == (422, {field})
    shown = client.get(f"/api/v1/nominations/{nomination_id}", headers=auth(people["line"])).json
    assert (shown["status"], shown["approvals"]) == ("awaiting_line_manager", [])


def test_a_nomination_is_read_by_the_nominee_their_managers_and_coordinators(client, auth, coordinator, nominee,
                                                                             cohort):
    people, course = nominee(), cohort()
    path = f"/api/v1/nominations/{nominate(client, auth, people, course['id']).json['id']}"
    for reader in (people["nominee"], people["line"], people["senior"]):
        assert client.get(path, headers=auth(reader)).status_code == 200
    assert client.get(path, headers=coordinator).status_code == 200
    assert client.get(path, headers=auth(str(uuid.uuid4()))).status_code == 403
    assert client.get(f"/api/v1/nominations/{uuid.uuid4()}", headers=coordinator).status_code == 404


def test_course_completion_needs_a_booked_approved_nominee_and_a_trainer(client, auth, nominee, cohort, outbox,
                                                                        coordinator):
    people, course = nominee(), cohort()
    nomination_id = nominate(client, auth, people, course["id"]).json["id"]
    decide(client, auth, nomination_id, people["line"])
    path = f"/api/v1/cohorts/{course['id']}/completions"
    trainer = coordinator
    assert client.post(path, json={"staff_id": people["nominee"]}, headers=trainer).status_code == 409
    # Holding the trainer role is not enough: only the cohort's own trainers deliver it.
    assert client.post(path, json={"staff_id": people["nominee"]}, headers=auth(TRAINER, "trainer")
                       ).status_code == 403
    assert client.post(path, json={"staff_id": str(uuid.uuid4())}, headers=trainer).status_code == 409
    assert client.post(path, json={"staff_id": people["nominee"]}, headers=auth(people["line"])).status_code == 403
    assert client.post(path, json={"staff_id": "x"}, headers=trainer).status_code == 422
    assert client.post(f"/api/v1/cohorts/{uuid.uuid4()}/completions", json={"staff_id": people["nominee"]},
                       headers=trainer).status_code == 404
    assert [key for key, data in outbox() if data["level"] == 2] == ["training.nomination.awaiting_decision"] * 2


def test_tokens_signed_by_anyone_but_identity_are_refused(client, auth):
    forged = auth(COORDINATOR, "coordinator", key=ec.generate_private_key(ec.SECP256R1()))
    assert client.post("/api/v1/cohorts", json={}, headers=forged).status_code == 401
    assert client.get(f"/api/v1/people/{uuid.uuid4()}", headers={"Authorization": "Bearer nonsense"}).status_code == 401
