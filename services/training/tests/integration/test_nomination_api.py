"""Nominations: the waiting list, withdrawal, delegates, clashes and Level 3 eligibility."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from psn_shared.events import Envelope
from services.training.tests.integration.helpers import DAYS, events

# Nominations: waiting list, withdrawal, delegation, clashes


def test_a_withdrawal_promotes_the_first_in_line_and_says_so(client, course, candidate, auth, outbox):
    cohort = course(capacity=1)
    first, second, third = candidate(), candidate(), candidate()
    booked = first.approved(cohort_id=cohort["id"])
    assert [second.approved(cohort_id=cohort["id"])["status"], third.approved(cohort_id=cohort["id"])["status"]] == [
        "waiting_list", "waiting_list"]
    assert client.post(f"/api/v1/nominations/{booked['id']}/withdrawal",
                       headers=auth(str(uuid.uuid4()))).status_code == 403
    withdrawn = client.post(f"/api/v1/nominations/{booked['id']}/withdrawal", headers=auth(first.id))
    assert withdrawn.json["status"] == "withdrawn"
    assert client.post(f"/api/v1/nominations/{booked['id']}/withdrawal", headers=auth(first.id)).status_code == 409
    promoted = events(outbox, "training.place.promoted")
    assert [(e["staff_id"], e["cohort_id"], e["first_day"]) for e in promoted] == [
        (second.id, cohort["id"], DAYS[0])]
    assert [e["status"] for e in events(outbox, "training.nomination.approved")] == [
        "booked", "waiting_list", "waiting_list"]
    shown = client.get(f"/api/v1/cohorts/{cohort['id']}", headers=auth(first.id)).json
    assert (shown["booked_count"], shown["waiting_count"]) == (1, 1)


def delegation_granted(event, manager: str, deputy: str, starts_on: date, days: int = 14) -> Envelope:
    """identity.delegation.granted as identity publishes it (about the manager)."""
    return event("identity.delegation.granted", manager, delegation_id=str(uuid.uuid4()), manager_id=manager,
                 delegate_id=deputy, starts_on=starts_on, ends_on=starts_on + timedelta(days=days),
                 granted_by=manager, reason="annual leave")


def test_a_delegate_named_in_identity_decides_while_the_delegation_lasts(candidate, register, deliver, event,
                                                                           outbox, clock):
    person = candidate()
    deputy = register()
    nomination = person.nominate(level=2)
    assert person.decide(nomination["id"], person.line).status_code == 200
    assert person.decide(nomination["id"], deputy).status_code == 403
    granted = delegation_granted(event, person.senior, deputy, clock().date())
    deliver(granted)
    deliver(replace(granted, id=str(uuid.uuid4())))  # redelivered: still one copy
    decided = person.decide(nomination["id"], deputy, monthly_hours=3)
    assert (decided.status_code, decided.json["status"]) == (200, "approved")  # general list: no cohort yet
    assert decided.json["approvals"][1]["on_behalf_of"] == person.senior
    refused_person = candidate()
    refused = refused_person.nominate(level=2)
    refusal = refused_person.decide(refused["id"], refused_person.line, decision="refuse", reason="Rota gaps")
    assert refusal.json["status"] == "refused"
    assert [e["reason"] for e in events(outbox, "training.nomination.refused")] == ["Rota gaps"]


def test_a_delegation_ended_in_identity_or_not_yet_begun_decides_nothing(candidate, register, deliver, event, clock):
    person = candidate()
    deputy = register()
    nomination = person.nominate(level=2)
    granted = delegation_granted(event, person.line, deputy, clock().date())
    ended = event("identity.delegation.ended", person.line, delegation_id=granted.data.delegation_id,
                  manager_id=person.line, delegate_id=deputy, ended_at=datetime.now(UTC), reason="back early",
                  ended_by=person.line)
    for each in (granted, ended, replace(ended, id=str(uuid.uuid4())), replace(granted, id=str(uuid.uuid4()))):
        deliver(each)
    assert person.decide(nomination["id"], deputy).status_code == 403  # a late redelivered grant reopens nothing
    deliver(delegation_granted(event, person.line, deputy, clock().date() + timedelta(days=1)))
    assert person.decide(nomination["id"], deputy).status_code == 403
    assert person.decide(nomination["id"], person.line).status_code == 200


def test_nobody_is_booked_onto_two_cohorts_whose_days_clash(client, course, candidate, register, announce,
                                                              coordinator, auth):
    person = candidate()
    level_2 = course()
    nomination = person.approved(level=2)
    teaching = register()
    announce("identity.role.granted", teaching, role="trainer", reason="Level 3", granted_by=None,
             granted_at=datetime.now(UTC))
    clashing = course(trainer_ids=[teaching])
    assert client.put(f"/api/v1/cohorts/{level_2['id']}/trainers", json={"trainer_ids": [teaching]},
                      headers=coordinator).status_code == 409
    assert client.post(f"/api/v1/nominations/{nomination['id']}/booking", json={"cohort_id": level_2["id"]},
                       headers=auth(person.id)).json["status"] == "booked"
    other = candidate()
    other_nomination = other.approved(level=2)
    assert client.post(f"/api/v1/nominations/{other_nomination['id']}/booking",
                       json={"cohort_id": clashing["id"]}, headers=auth(str(uuid.uuid4()))).status_code == 403
    # Booked again on the same days is a move: the place leaves the first cohort, so it is never held on both.
    again = client.post(f"/api/v1/nominations/{nomination['id']}/booking", json={"cohort_id": clashing["id"]},
                        headers=auth(person.id))
    assert (again.status_code, again.json["cohort_id"]) == (200, clashing["id"])
    assert client.get(f"/api/v1/cohorts/{level_2['id']}", headers=coordinator).json["booked_count"] == 0


# Level 3 eligibility


def test_level_3_eligibility_is_shown_with_its_reasons_and_enforced(client, candidate, announce, auth, course,
                                                                  coordinator, clock):
    person = candidate(grade="Band 5")
    path = f"/api/v1/people/{person.id}/level-3-eligibility"
    assert client.get(path, headers=auth(person.id)).json == {
        "eligible": False, "reasons": ["Level 2 is not complete", "not an active peer supporter",
                                       "grade Band 5 is below Band 7"]}
    assert client.get(path, headers=auth(str(uuid.uuid4()))).status_code == 403
    refused = client.post("/api/v1/nominations", json={"nominee_id": person.id, "cohort_id": course(level=3)["id"]},
                          headers=auth(person.id))
    assert (refused.status_code, refused.json["detail"]) == (409, "Level 2 not complete")
    announce("identity.role.granted", person.id, role="peer_supporter", reason="Level 2", granted_by=None,
             granted_at=clock() - timedelta(days=200), monthly_hours=4)
    assert client.get(path, headers=auth(person.id)).json["reasons"][1:] == ["grade Band 5 is below Band 7"]


def test_a_booked_leaver_frees_the_seat_for_the_next_in_line_and_is_not_reinstated(
        client, candidate, course, announce, auth, coordinator, outbox, make_uow):
    cohort = course(capacity=1)
    leaver, next_in_line = candidate(), candidate()
    booked = leaver.approved(cohort_id=cohort["id"])
    waiting = next_in_line.approved(cohort_id=cohort["id"])
    assert (booked["status"], waiting["status"]) == ("booked", "waiting_list")
    announce("identity.staff.left", leaver.id, left_on=date(2026, 11, 2))
    ended = client.get(f"/api/v1/nominations/{booked['id']}", headers=coordinator).json
    assert (ended["status"], ended["end_reason"]) == ("withdrawn", "left the board")
    assert client.get(f"/api/v1/nominations/{waiting['id']}", headers=coordinator).json["status"] == "booked"
    assert [e["staff_id"] for e in events(outbox, "training.place.promoted")] == [next_in_line.id]
    assert [(e["staff_id"], e["reason"]) for e in events(outbox, "training.place.released")] == [(leaver.id, "left")]
    announce("identity.staff.reinstated", leaver.id, line_manager_id=leaver.line, senior_manager_id=leaver.senior)
    assert client.get(f"/api/v1/nominations/{booked['id']}", headers=coordinator).json["status"] == "withdrawn"
    shown = client.get(f"/api/v1/cohorts/{cohort['id']}", headers=coordinator).json
    assert (shown["booked_count"], shown["waiting_count"]) == (1, 0)


def test_nominations_awaiting_my_decision_as_manager_or_delegate(client, candidate, register, deliver, event, auth,
                                                                  clock):
    person, other = candidate(), candidate()
    first = person.nominate(level=2)
    other.nominate(level=2)
    path = "/api/v1/nominations/awaiting-my-decision"
    assert [n["nomination"]["id"] for n in client.get(path, headers=auth(person.line)).json] == [first["id"]]
    assert client.get(path, headers=auth(person.senior)).json == []
    assert person.decide(first["id"], person.line).status_code == 200
    assert client.get(path, headers=auth(person.line)).json == []
    mine = client.get(path, headers=auth(person.senior)).json
    assert [(n["nomination"]["id"], n["nomination"]["status"]) for n in mine] == [
        (first["id"], "awaiting_senior_manager")]
    deputy = register()
    assert client.get(path, headers=auth(deputy)).json == []
    deliver(delegation_granted(event, person.senior, deputy, clock().date()))
    [standing_in] = client.get(path, headers=auth(deputy)).json
    assert standing_in["nomination"]["id"] == first["id"]
    # Named from training's copy, as identity announced them: the stand-in may not read the directory's record.
    assert (standing_in["nominee_name"], standing_in["standing_in_for"]) == (
        f"Person {person.id[:6]}", f"Person {person.senior[:6]}")
    assert (mine[0]["nominee_name"], mine[0]["standing_in_for"]) == (f"Person {person.id[:6]}", None)
    assert client.get(path).status_code == 401


def test_the_general_list_shows_whom_both_managers_approved_for_no_course_yet_to_coordinators(
        client, candidate, course, coordinator, auth, clock):
    first, second, booked = candidate(), candidate(), candidate()
    waiting = first.approved(level=2)
    clock.advance(hours=1)
    then = second.approved(level=2)
    booked.approved(cohort_id=course()["id"])
    candidate().nominate(level=2)  # not approved yet
    path = "/api/v1/nominations/general-list"
    listed = client.get(f"{path}?level=2", headers=coordinator).json
    assert [(n["nomination"]["id"], n["nominee_name"] is not None) for n in listed] == [
        (waiting["id"], True), (then["id"], True)]
    assert client.get(f"{path}?level=3", headers=coordinator).json == []
    assert client.get(path, headers=auth(first.id)).status_code == 403
    bad = client.get(f"{path}?level=1", headers=coordinator)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "level"
    cohort = course()
    booking = client.post(f"/api/v1/nominations/{waiting['id']}/booking", json={"cohort_id": cohort["id"]},
                          headers=coordinator)
    assert booking.status_code == 200 and booking.json["status"] == "booked"
    assert [n["nomination"]["id"] for n in client.get(path, headers=coordinator).json] == [then["id"]]


def test_a_place_booked_or_waiting_moves_to_another_course_and_its_seat_goes_to_the_next_in_line(
        client, candidate, course, coordinator, auth, outbox):
    newport, online = course(capacity=1), course(capacity=2, days=["2027-02-01"])
    mover, waiting = candidate(), candidate()
    booked = mover.approved(cohort_id=newport["id"])
    in_line = waiting.approved(cohort_id=newport["id"])
    assert (booked["status"], in_line["status"]) == ("booked", "waiting_list")
    moving = f"/api/v1/nominations/{booked['id']}/booking"
    same = client.post(moving, json={"cohort_id": newport["id"]}, headers=auth(mover.id))
    assert same.status_code == 409 and same.json["errors"][0]["field"] == "cohort_id"
    assert client.post(moving, json={"cohort_id": online["id"]}, headers=auth(waiting.id)).status_code == 403
    moved = client.post(moving, json={"cohort_id": online["id"]}, headers=auth(mover.id))
    assert (moved.status_code, moved.json["status"], moved.json["cohort_id"]) == (200, "booked", online["id"])
    assert client.get(f"/api/v1/nominations/{in_line['id']}", headers=coordinator).json["status"] == "booked"
    released = [d for t, d in outbox() if t == "training.place.released"]
    assert [(d["staff_id"], d["reason"]) for d in released] == [(mover.id, "moved")]
    shown = {c: client.get(f"/api/v1/cohorts/{c}", headers=coordinator).json for c in (newport["id"], online["id"])}
    assert [(s["booked_count"], s["waiting_count"]) for s in shown.values()] == [(1, 0), (1, 0)]
    # Moving back into the course now full would give up a seat for a waiting spot: refused, nothing changes.
    back = client.post(moving, json={"cohort_id": newport["id"]}, headers=coordinator)
    assert back.status_code == 409 and "is full" in back.json["detail"]
    assert client.get(f"/api/v1/nominations/{booked['id']}", headers=coordinator).json["cohort_id"] == online["id"]
