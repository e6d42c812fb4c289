"""Cohorts: states, trainers, attendance, sign-offs, completion and certificates."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime, timedelta

from services.training.tests.integration.helpers import DAYS, events, fields_of


def competences(client, coordinator, level: int = 2) -> list[dict]:
    levels = client.get("/api/v1/levels", headers=coordinator).json
    return [c for c in levels[level - 1]["competences"] if not c["retired"]]


def test_a_cohort_moves_through_its_states_and_a_cancellation_returns_its_nominees_to_the_list(
        client, coordinator, course, candidate):
    planned = course(state="planned")
    person = candidate()
    waiting = person.approved(cohort_id=planned["id"])
    assert (waiting["status"], waiting["cohort_id"]) == ("approved", None)  # planned: no bookings yet
    path = f"/api/v1/cohorts/{planned['id']}/state"
    assert client.post(path, json={"state": "finished"}, headers=coordinator).status_code == 409
    assert client.post(path, json={"state": "open"}, headers=coordinator).json["state"] == "open"
    booking = client.post(f"/api/v1/nominations/{waiting['id']}/booking", json={"cohort_id": planned["id"]},
                          headers=coordinator)
    assert booking.json["status"] == "booked"
    cancelled = client.post(path, json={"state": "cancelled"}, headers=coordinator).json
    assert (cancelled["state"], cancelled["booked_count"]) == ("cancelled", 0)
    back = client.get(f"/api/v1/nominations/{waiting['id']}", headers=coordinator).json
    assert (back["status"], back["cohort_id"]) == ("approved", None)
    done = client.post(f"/api/v1/cohorts/{planned['id']}/completions", json={"staff_id": person.id},
                       headers=coordinator)
    assert done.status_code == 409
    assert client.post(path, json={"state": "sideways"}, headers=coordinator).status_code == 422


def test_a_trainer_records_attendance_and_sign_offs_then_completion_certifies(
        client, coordinator, course, candidate, register, announce, auth, outbox, running):
    trainer = register()
    announce("identity.role.granted", trainer, role="trainer", reason="Level 3", granted_by=None,
             granted_at=datetime.now(UTC))
    not_a_trainer = register()
    cohort = course()
    assert client.put(f"/api/v1/cohorts/{cohort['id']}/trainers", json={"trainer_ids": [not_a_trainer]},
                      headers=coordinator).status_code == 422
    assigned = client.put(f"/api/v1/cohorts/{cohort['id']}/trainers", json={"trainer_ids": [trainer]},
                          headers=coordinator)
    assert assigned.json["trainer_ids"] == [trainer]
    person = candidate()
    person.approved(cohort_id=cohort["id"])
    as_trainer = auth(trainer)
    base = f"/api/v1/cohorts/{cohort['id']}"

    outsider = candidate()
    absent = client.put(f"{base}/attendance", headers=as_trainer,
                        json={"staff_id": outsider.id, "date": DAYS[0], "attended": True})
    assert (absent.status_code, fields_of(absent)) == (409, {"staff_id"})
    wrong_day = client.put(f"{base}/attendance", headers=as_trainer,
                           json={"staff_id": person.id, "date": "2026-12-25", "attended": True})
    assert (wrong_day.status_code, fields_of(wrong_day)) == (422, {"date"})
    assert client.put(f"{base}/attendance", headers=auth(person.id),
                      json={"staff_id": person.id, "date": DAYS[0], "attended": True}).status_code == 403
    ahead = client.put(f"{base}/attendance", headers=as_trainer,
                       json={"staff_id": person.id, "date": DAYS[0], "attended": True})
    assert (ahead.status_code, fields_of(ahead)) == (409, {"date"})  # the day has not started yet
    running(cohort)
    for day in DAYS:
        assert client.put(f"{base}/attendance", headers=as_trainer,
                          json={"staff_id": person.id, "date": day, "attended": True}).status_code == 200
    framework = competences(client, coordinator)
    for competence in framework[:-1]:
        assert client.post(f"{base}/sign-offs", headers=as_trainer,
                           json={"staff_id": person.id, "competence_id": competence["id"]}).status_code == 200
    level_3 = competences(client, coordinator, level=3)[0]
    wrong = client.post(f"{base}/sign-offs", headers=as_trainer,
                        json={"staff_id": person.id, "competence_id": level_3["id"]})
    assert (wrong.status_code, fields_of(wrong)) == (422, {"competence_id"})

    early = client.post(f"{base}/completions", headers=as_trainer, json={"staff_id": person.id})
    assert early.status_code == 409 and framework[-1]["code"] in early.json["detail"]
    client.post(f"{base}/sign-offs", headers=as_trainer,
                json={"staff_id": person.id, "competence_id": framework[-1]["id"]})
    places = client.get(f"{base}/places", headers=as_trainer).json
    assert (len(places[0]["attendance"]), len(places[0]["sign_offs"])) == (2, len(framework))
    assert places[0]["staff_id"] == person.id and places[0]["name"]  # the register names each participant
    assert places[0]["completed"] is False
    done = client.post(f"{base}/completions", headers=as_trainer, json={"staff_id": person.id})
    assert done.status_code == 201, done.json
    assert client.get(f"{base}/places", headers=as_trainer).json[0]["completed"] is True
    assert [e["monthly_hours"] for e in events(outbox, "training.level.completed") if e["level"] == 2] == [4]

    certificate = client.get(f"/api/v1/people/{person.id}", headers=auth(person.id)).json["certificates"][0]
    assert (certificate["level"], certificate["status"]) == (2, "valid")
    assert date.fromisoformat(certificate["expires_on"]) - date.fromisoformat(certificate["issued_on"]) == \
        timedelta(days=730)
    pdf = client.get(f"/api/v1/certificates/{certificate['id']}/pdf", headers=auth(person.id))
    assert (pdf.status_code, pdf.mimetype, pdf.data[:5]) == (200, "application/pdf", b"%PDF-")
    # It names the web front end's page for checking it, which anyone may open, not an API's address.
    assert f"/certificates/check/{certificate['verification_code']}".encode() in pdf_text(pdf.data)
    assert client.get(f"/api/v1/certificates/{certificate['id']}/pdf", headers=auth(trainer)).status_code == 403
    checked = client.get(f"/api/v1/certificate-verifications/{certificate['verification_code'].lower()}")
    assert (checked.status_code, checked.json["level"], checked.json["status"]) == (200, 2, "valid")
    assert client.get("/api/v1/certificate-verifications/NOSUCHCODE00").status_code == 404


def test_a_sign_off_made_by_mistake_is_taken_back_until_the_course_is_completed(
        client, coordinator, course, candidate, auth, running):
    cohort = course()
    person = candidate()
    person.approved(cohort_id=cohort["id"])
    base = f"/api/v1/cohorts/{cohort['id']}"
    running(cohort)
    framework = competences(client, coordinator)
    for competence in framework:
        client.post(f"{base}/sign-offs", headers=coordinator, json={"staff_id": person.id,
                                                                    "competence_id": competence["id"]})
    mistake = f"{base}/sign-offs/{person.id}/{framework[0]['id']}"
    assert client.delete(mistake, headers=auth(person.id)).status_code == 403
    taken_back = client.delete(mistake, headers=coordinator)
    assert taken_back.status_code == 200
    assert framework[0]["id"] not in {s["competence_id"] for s in taken_back.json["sign_offs"]}
    assert client.delete(mistake, headers=coordinator).status_code == 200  # again: nothing changes
    stored = client.get(f"{base}/places", headers=coordinator).json[0]["sign_offs"]
    assert sorted(s["competence_id"] for s in stored) == sorted(c["id"] for c in framework[1:])
    outsider = client.delete(f"{base}/sign-offs/{candidate().id}/{framework[1]['id']}", headers=coordinator)
    assert (outsider.status_code, fields_of(outsider)) == (409, {"staff_id"})
    done = client.post(f"{base}/completions", headers=coordinator,
                       json={"staff_id": person.id, "attended_all_days": True, "competences_signed_off": "all"})
    assert done.status_code == 201, done.json
    late = client.delete(f"{base}/sign-offs/{person.id}/{framework[1]['id']}", headers=coordinator)
    assert (late.status_code, fields_of(late)) == (409, {"competence_id"})
    assert len(client.get(f"{base}/places", headers=coordinator).json[0]["sign_offs"]) == len(framework)


def pdf_text(pdf: bytes) -> bytes:
    """A PDF's page content, its compressed streams opened."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    return b"".join(zlib.decompress(s) if s[:1] == b"x" else s for s in streams)


def test_the_final_sign_off_records_what_the_register_still_lacks_once_and_keeps_what_it_has(
        client, coordinator, course, candidate, outbox, running):
    cohort = course()
    person = candidate()
    nomination = person.approved(cohort_id=cohort["id"])
    base = f"/api/v1/cohorts/{cohort['id']}"
    running(cohort)
    framework = competences(client, coordinator)
    assert client.put(f"{base}/attendance", headers=coordinator,
                      json={"staff_id": person.id, "date": DAYS[0], "attended": False}).status_code == 200
    assert client.post(f"{base}/sign-offs", headers=coordinator,
                       json={"staff_id": person.id, "competence_id": framework[0]["id"]}).status_code == 200
    signed_first = client.get(f"{base}/places", headers=coordinator).json[0]["sign_offs"][0]

    final = {"staff_id": person.id, "attended_all_days": True, "competences_signed_off": "all"}
    nowhere = client.post("/api/v1/cohorts/no-such-cohort/completions", json=final, headers=coordinator)
    assert nowhere.status_code == 404
    outsider = client.post(f"{base}/completions", json={**final, "staff_id": candidate().id}, headers=coordinator)
    assert (outsider.status_code, fields_of(outsider)) == (409, {"staff_id"})
    done = client.post(f"{base}/completions", json=final, headers=coordinator)
    assert done.status_code == 201, done.json
    place = client.get(f"{base}/places", headers=coordinator).json[0]
    assert [(a["date"], a["attended"]) for a in place["attendance"]] == [(day, True) for day in DAYS]
    assert sorted(s["competence_id"] for s in place["sign_offs"]) == sorted(c["id"] for c in framework)
    assert signed_first in place["sign_offs"]  # signed off before: kept as it was
    assert client.get(f"/api/v1/nominations/{nomination['id']}", headers=coordinator).json["status"] == "completed"
    again = client.post(f"{base}/completions", json=final, headers=coordinator)
    assert again.status_code == 409
    assert [e["staff_id"] for e in events(outbox, "training.level.completed") if e["level"] == 2] == [person.id]


def test_past_course_days_need_an_explicit_back_fill_which_is_recorded(client, coordinator, clock, outbox):
    past = {"name": "Spring 2025", "level": 2, "capacity": 6,
            "days": [{"date": "2025-04-01", "location": "Room 4", "start_time": "10:00", "end_time": "15:00"}]}
    refused = client.post("/api/v1/cohorts", json=past, headers=coordinator)
    assert (refused.status_code, fields_of(refused)) == (422, {"days"})
    assert client.get("/api/v1/cohorts", headers=coordinator).json["total"] == 0
    backwards = client.post("/api/v1/cohorts", headers=coordinator, json={
        **past, "days": [{"date": DAYS[0], "location": "Room 4", "start_time": "15:00", "end_time": "10:00"}]})
    assert (backwards.status_code, fields_of(backwards)) == (422, {"days.0.end_time"})
    historic = client.post("/api/v1/cohorts", json={**past, "backfill_reason": "Paper register from 2025"},
                           headers=coordinator)
    assert historic.status_code == 201, historic.json
    assert (historic.json["backfill_reason"], historic.json["created_at"]) == (
        "Paper register from 2025", clock().isoformat())
    assert historic.json["days"][0]["starts_at"] == "2025-04-01T09:00:00+00:00"  # 10:00 in London, summer time
    assert outbox() == []


def test_a_coordinator_changes_capacity_and_moves_days_and_everyone_affected_is_told(
        client, coordinator, course, candidate, auth, outbox):
    cohort = course(capacity=1)
    first, second, third = candidate(), candidate(), candidate()
    for person in (first, second, third):
        person.approved(cohort_id=cohort["id"])
    path = f"/api/v1/cohorts/{cohort['id']}"
    assert client.patch(path, json={"capacity": 2}, headers=auth(first.id)).status_code == 403
    bad = client.patch(path, json={"capacity": 0, "days": [{"date": "2026-12-20"}]}, headers=coordinator)
    assert (bad.status_code, fields_of(bad)) == (422, {"capacity", "days.0.location"})
    assert client.patch(path, json={}, headers=coordinator).status_code == 422

    raised = client.patch(path, json={"capacity": 2}, headers=coordinator)
    assert (raised.status_code, raised.json["booked_count"], raised.json["waiting_count"]) == (200, 2, 1)
    assert [e["staff_id"] for e in events(outbox, "training.place.promoted")] == [second.id]
    lowered = client.patch(path, json={"capacity": 1}, headers=coordinator)
    assert (lowered.status_code, fields_of(lowered)) == (409, {"capacity"})

    moved = client.patch(path, headers=coordinator, json={"days": [
        {"date": DAYS[1], "location": "Room 7", "start_time": "13:00", "end_time": "16:00"},
        {"date": "2026-12-09", "location": "Room 7"}]})
    assert moved.status_code == 200, moved.json
    assert [(d["date"], d["location"], d["start_time"]) for d in moved.json["days"]] == [
        (DAYS[1], "Room 7", "13:00:00"), ("2026-12-09", "Room 7", "09:30:00")]
    (told,) = events(outbox, "training.cohort.rescheduled")
    assert sorted(told["booked_staff_ids"]) == sorted([first.id, second.id])
    assert [d["day"] for d in told["previous_days"]] == DAYS
    past = client.patch(path, json={"days": [{"date": "2026-10-01", "location": "Room 7"}]}, headers=coordinator)
    assert (past.status_code, fields_of(past)) == (422, {"days"})
    shown = client.get(path, headers=coordinator).json
    assert [d["date"] for d in shown["days"]] == [DAYS[1], "2026-12-09"]


def test_a_change_to_a_cohort_changed_since_it_was_read_is_412_and_changes_nothing(client, coordinator, course):
    cohort = course(capacity=3)
    path = f"/api/v1/cohorts/{cohort['id']}"
    read = client.get(path, headers=coordinator)
    raised = client.patch(path, json={"capacity": 4}, headers={**coordinator, "If-Match": read.headers["ETag"]})
    assert raised.status_code == 200
    stale = client.patch(path, json={"capacity": 9}, headers={**coordinator, "If-Match": read.headers["ETag"]})
    assert (stale.status_code, stale.json["errors"][0]["field"]) == (412, "If-Match")
    assert client.get(path, headers=coordinator).json["capacity"] == 4
