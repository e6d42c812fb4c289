"""Levels, imports, claims, cohorts, attendance, completion, certificates, waiting lists, jobs and reports."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.events import Envelope
from training.domain.policy import Policy
from training.service_layer.jobs import run_due_jobs
from training.service_layer.uow import uow_factory

COORDINATOR = str(uuid.uuid4())
DAYS = ["2026-12-01", "2026-12-02"]


@pytest.fixture
def coordinator(bearer):
    return bearer(COORDINATOR, "coordinator")


def fields_of(response) -> set[str]:
    return {e["field"] for e in response.json["errors"]}


def events(outbox, key: str) -> list[dict]:
    return [data for k, data in outbox() if k == key]


@pytest.fixture
def course(client, coordinator):
    def create(capacity: int = 10, level: int = 2, days=DAYS, **extra) -> dict:
        body = {"name": f"Cohort {uuid.uuid4().hex[:4]}", "level": level, "capacity": capacity,
                "days": [{"date": d, "location": "Room 4"} for d in days], **extra}
        response = client.post("/api/v1/cohorts", json=body, headers=coordinator)
        assert response.status_code == 201, response.json
        return response.json

    return create


@pytest.fixture
def candidate(client, register, coordinator, bearer):
    """Someone with Level 1 and both managers; approved(cohort) takes them through both approvals."""

    class Candidate:
        def __init__(self, grade: str = "Band 6") -> None:
            self.line, self.senior = register(), register()
            self.id = register(line_manager_id=self.line, senior_manager_id=self.senior, grade=grade)
            body = {"staff_id": self.id, "completed_on": "2026-10-01", "source": "learnpro"}
            assert client.post("/api/v1/level1-completions", json=body, headers=coordinator).status_code == 201

        def nominate(self, **body) -> dict:
            response = client.post("/api/v1/nominations", json={"nominee_id": self.id, **body},
                                   headers=bearer(self.id))
            assert response.status_code == 201, response.json
            return response.json

        def decide(self, nomination_id: str, who: str, **body):
            body = {"decision": "approve", "monthly_hours": 4, **body}
            return client.post(f"/api/v1/nominations/{nomination_id}/approvals", json=body, headers=bearer(who))

        def approved(self, **body) -> dict:
            nomination = self.nominate(**body)
            assert self.decide(nomination["id"], self.line).status_code == 200
            response = self.decide(nomination["id"], self.senior)
            assert response.status_code == 200, response.json
            return response.json

    return Candidate


def competences(client, coordinator, level: int = 2) -> list[dict]:
    levels = client.get("/api/v1/levels", headers=coordinator).json
    return [c for c in levels[level - 1]["competences"] if not c["retired"]]


# The framework


def test_three_levels_with_prerequisites_and_a_seeded_editable_framework(client, coordinator, bearer):
    levels = client.get("/api/v1/levels", headers=bearer(str(uuid.uuid4()))).json
    assert [(lv["level"], lv["title"], lv["prerequisite"]) for lv in levels] == [
        (1, "An Introduction to Psychological Wellbeing", None), (2, "Peer Supporter", 1), (3, "Train the Trainer", 2)]
    assert [len(lv["competences"]) for lv in levels] == [3, 7, 4]
    assert levels[1]["competences"][0]["title"] == "Psychological First Aid principles"

    added = client.post("/api/v1/levels/2/competences", headers=coordinator,
                        json={"code": "L2.8", "title": "Group reflection"})
    assert (added.status_code, added.json["position"]) == (201, 8)
    again = client.post("/api/v1/levels/2/competences", headers=coordinator, json={"code": "L2.8", "title": "X"})
    assert (again.status_code, fields_of(again)) == (409, {"code"})
    bad = client.post("/api/v1/levels/2/competences", headers=coordinator, json={"code": "no spaces", "title": ""})
    assert (bad.status_code, fields_of(bad)) == (422, {"code", "title"})
    assert client.post("/api/v1/levels/4/competences", headers=coordinator,
                       json={"code": "X", "title": "X"}).status_code == 404
    retired = client.patch(f"/api/v1/competences/{added.json['id']}", headers=coordinator, json={"retired": True})
    assert retired.json["retired"] is True
    assert client.patch(f"/api/v1/competences/{added.json['id']}", headers=coordinator, json={}).status_code == 422
    assert client.patch(f"/api/v1/competences/{added.json['id']}", headers=bearer(str(uuid.uuid4())),
                        json={"retired": False}).status_code == 403


# Level 1 from platforms and self-reports


def upload(client, headers, content: str, source: str = "learnpro"):
    return client.post("/api/v1/level1-imports", headers=headers, content_type="multipart/form-data",
                       data={"source": source, "file": (io.BytesIO(content.encode()), "export.csv")})


def test_an_import_reports_every_row_and_is_idempotent(client, coordinator, register, outbox):
    ann, bob = register(employee_number="E100"), register(employee_number="E200")
    content = ("employee_number,course_code,completion_date\nE100,GCC 277,2026-09-01\nE999,GCC 277,2026-09-01\n"
               "E200,GCC 278,2026-09-01\nE200,GCC277,yesterday\n")
    first = upload(client, coordinator, content)
    assert first.status_code == 200, first.json
    assert [(r["line"], r["outcome"], r["staff_id"]) for r in first.json["rows"]] == [
        (2, "recorded", ann), (3, "unknown_staff", None), (4, "wrong_course_code", None), (5, "invalid_row", None)]
    assert first.json["counts"] == {"recorded": 1, "unknown_staff": 1, "wrong_course_code": 1, "invalid_row": 1}
    again = upload(client, coordinator, content)
    assert again.json["counts"]["already_recorded"] == 1
    assert [e["staff_id"] for e in events(outbox, "training.level.completed")] == [ann]

    local = upload(client, coordinator, "employee_number,course_code,completion_date\nE200,LA-PW-01,2026-09-02\n",
                   source="local_authority")
    assert [(r["outcome"], r["staff_id"]) for r in local.json["rows"]] == [("recorded", bob)]
    assert upload(client, coordinator, "E200,GCC 277\n").json["errors"][0]["field"] == "file"
    bad = client.post("/api/v1/level1-imports", headers=coordinator, data={"source": "rumour"})
    assert (bad.status_code, fields_of(bad)) == (422, {"source"})
    no_file = client.post("/api/v1/level1-imports", headers=coordinator, data={"source": "learnpro"})
    assert (no_file.status_code, fields_of(no_file)) == (422, {"file"})


def test_a_self_report_is_verified_or_rejected_by_a_coordinator(client, coordinator, register, bearer, outbox):
    ann = register()
    claim = client.post("/api/v1/level1-claims", headers=bearer(ann),
                        json={"completed_on": "2026-09-01", "evidence": "LA certificate 1234"})
    assert (claim.status_code, claim.json["status"]) == (201, "pending")
    assert client.post("/api/v1/level1-claims", headers=bearer(ann),
                       json={"completed_on": "2026-09-01", "evidence": "again"}).status_code == 409
    future = client.post("/api/v1/level1-claims", headers=bearer(register()),
                         json={"completed_on": "2099-01-01", "evidence": "x"})
    assert (future.status_code, fields_of(future)) == (422, {"completed_on"})
    pending = client.get("/api/v1/level1-claims?status=pending", headers=coordinator).json
    assert (pending["total"], pending["items"][0]["id"]) == (1, claim.json["id"])
    decision = f"/api/v1/level1-claims/{claim.json['id']}/decision"
    assert client.post(decision, headers=coordinator, json={"decision": "reject"}).status_code == 422
    assert client.post(decision, headers=bearer(ann, "coordinator"), json={"decision": "verify"}).status_code == 403
    verified = client.post(decision, headers=coordinator, json={"decision": "verify"})
    assert verified.json["status"] == "verified"
    assert client.post(decision, headers=coordinator, json={"decision": "verify"}).status_code == 409
    record = client.get(f"/api/v1/people/{ann}", headers=bearer(ann)).json
    assert [(c["level"], c["source"], c["completed_on"]) for c in record["completions"]] == [
        (1, "self_report", "2026-09-01")]
    assert len(events(outbox, "training.level.completed")) == 1


# Cohorts: states, trainers, attendance, sign-offs, completion, certificates


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
        client, coordinator, course, candidate, register, announce, bearer, outbox):
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
    as_trainer = bearer(trainer)
    base = f"/api/v1/cohorts/{cohort['id']}"

    outsider = candidate()
    absent = client.put(f"{base}/attendance", headers=as_trainer,
                        json={"staff_id": outsider.id, "date": DAYS[0], "attended": True})
    assert (absent.status_code, fields_of(absent)) == (409, {"staff_id"})
    wrong_day = client.put(f"{base}/attendance", headers=as_trainer,
                           json={"staff_id": person.id, "date": "2026-12-25", "attended": True})
    assert (wrong_day.status_code, fields_of(wrong_day)) == (422, {"date"})
    assert client.put(f"{base}/attendance", headers=bearer(person.id),
                      json={"staff_id": person.id, "date": DAYS[0], "attended": True}).status_code == 403
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
    done = client.post(f"{base}/completions", headers=as_trainer, json={"staff_id": person.id})
    assert done.status_code == 201, done.json
    assert [e["monthly_hours"] for e in events(outbox, "training.level.completed") if e["level"] == 2] == [4]

    certificate = client.get(f"/api/v1/people/{person.id}", headers=bearer(person.id)).json["certificates"][0]
    assert (certificate["level"], certificate["status"]) == (2, "valid")
    assert date.fromisoformat(certificate["expires_on"]) - date.fromisoformat(certificate["issued_on"]) == \
        timedelta(days=730)
    pdf = client.get(f"/api/v1/certificates/{certificate['id']}/pdf", headers=bearer(person.id))
    assert (pdf.status_code, pdf.mimetype, pdf.data[:5]) == (200, "application/pdf", b"%PDF-")
    assert client.get(f"/api/v1/certificates/{certificate['id']}/pdf", headers=bearer(trainer)).status_code == 403
    checked = client.get(f"/api/v1/certificate-verifications/{certificate['verification_code'].lower()}")
    assert (checked.status_code, checked.json["level"], checked.json["status"]) == (200, 2, "valid")
    assert client.get("/api/v1/certificate-verifications/NOSUCHCODE00").status_code == 404


# Nominations: waiting list, withdrawal, delegation, clashes


def test_a_withdrawal_promotes_the_first_in_line_and_says_so(client, course, candidate, bearer, outbox):
    cohort = course(capacity=1)
    first, second, third = candidate(), candidate(), candidate()
    booked = first.approved(cohort_id=cohort["id"])
    assert [second.approved(cohort_id=cohort["id"])["status"], third.approved(cohort_id=cohort["id"])["status"]] == [
        "waiting_list", "waiting_list"]
    assert client.post(f"/api/v1/nominations/{booked['id']}/withdrawal",
                       headers=bearer(str(uuid.uuid4()))).status_code == 403
    withdrawn = client.post(f"/api/v1/nominations/{booked['id']}/withdrawal", headers=bearer(first.id))
    assert withdrawn.json["status"] == "withdrawn"
    assert client.post(f"/api/v1/nominations/{booked['id']}/withdrawal", headers=bearer(first.id)).status_code == 409
    promoted = events(outbox, "training.place.promoted")
    assert [(e["staff_id"], e["cohort_id"], e["first_day"]) for e in promoted] == [
        (second.id, cohort["id"], DAYS[0])]
    assert [e["status"] for e in events(outbox, "training.nomination.approved")] == [
        "booked", "waiting_list", "waiting_list"]
    shown = client.get(f"/api/v1/cohorts/{cohort['id']}", headers=bearer(first.id)).json
    assert (shown["booked_count"], shown["waiting_count"]) == (1, 1)


def delegation_granted(event, manager: str, deputy: str, starts_on: date, days: int = 14) -> Envelope:
    """identity.delegation.granted as identity publishes it (about the manager)."""
    return event("identity.delegation.granted", manager, delegation_id=str(uuid.uuid4()), manager_id=manager,
                 delegate_id=deputy, starts_on=starts_on, ends_on=starts_on + timedelta(days=days),
                 granted_by=manager, reason="annual leave")


def test_a_delegate_named_in_identity_decides_while_the_delegation_lasts(candidate, register, deliver, event,
                                                                           outbox):
    person = candidate()
    deputy = register()
    nomination = person.nominate(level=2)
    assert person.decide(nomination["id"], person.line).status_code == 200
    assert person.decide(nomination["id"], deputy).status_code == 403
    granted = delegation_granted(event, person.senior, deputy, date.today())
    deliver(granted, replace(granted, id=str(uuid.uuid4())))  # redelivered: still one copy
    decided = person.decide(nomination["id"], deputy, monthly_hours=3)
    assert (decided.status_code, decided.json["status"]) == (200, "approved")  # general list: no cohort yet
    assert decided.json["approvals"][1]["on_behalf_of"] == person.senior
    refused_person = candidate()
    refused = refused_person.nominate(level=2)
    refusal = refused_person.decide(refused["id"], refused_person.line, decision="refuse", reason="Rota gaps")
    assert refusal.json["status"] == "refused"
    assert [e["reason"] for e in events(outbox, "training.nomination.refused")] == ["Rota gaps"]


def test_a_delegation_ended_in_identity_or_not_yet_begun_decides_nothing(candidate, register, deliver, event):
    person = candidate()
    deputy = register()
    nomination = person.nominate(level=2)
    granted = delegation_granted(event, person.line, deputy, date.today())
    ended = event("identity.delegation.ended", person.line, delegation_id=granted.data["delegation_id"],
                  manager_id=person.line, delegate_id=deputy, ended_at=datetime.now(UTC), reason="back early",
                  ended_by=person.line)
    deliver(granted, ended, replace(ended, id=str(uuid.uuid4())), replace(granted, id=str(uuid.uuid4())))
    assert person.decide(nomination["id"], deputy).status_code == 403  # a late redelivered grant reopens nothing
    deliver(delegation_granted(event, person.line, deputy, date.today() + timedelta(days=1)))
    assert person.decide(nomination["id"], deputy).status_code == 403
    assert person.decide(nomination["id"], person.line).status_code == 200


def test_nobody_is_booked_onto_two_cohorts_whose_days_clash(client, course, candidate, register, announce,
                                                              coordinator, bearer):
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
                       headers=bearer(person.id)).json["status"] == "booked"
    other = candidate()
    other_nomination = other.approved(level=2)
    assert client.post(f"/api/v1/nominations/{other_nomination['id']}/booking",
                       json={"cohort_id": clashing["id"]}, headers=bearer(str(uuid.uuid4()))).status_code == 403
    again = client.post(f"/api/v1/nominations/{nomination['id']}/booking", json={"cohort_id": clashing["id"]},
                        headers=bearer(person.id))
    assert again.status_code == 409


# Level 3 eligibility


def test_level_3_eligibility_is_shown_with_its_reasons_and_enforced(client, candidate, announce, bearer, course,
                                                                  coordinator):
    person = candidate(grade="Band 5")
    path = f"/api/v1/people/{person.id}/level-3-eligibility"
    assert client.get(path, headers=bearer(person.id)).json == {
        "eligible": False, "reasons": ["Level 2 is not complete", "not an active peer supporter",
                                       "grade Band 5 is below Band 7"]}
    assert client.get(path, headers=bearer(str(uuid.uuid4()))).status_code == 403
    refused = client.post("/api/v1/nominations", json={"nominee_id": person.id, "cohort_id": course(level=3)["id"]},
                          headers=bearer(person.id))
    assert (refused.status_code, refused.json["detail"]) == (409, "Level 2 not complete")
    announce("identity.role.granted", person.id, role="peer_supporter", reason="Level 2", granted_by=None,
             granted_at=datetime.now(UTC) - timedelta(days=200), monthly_hours=4)
    assert client.get(path, headers=bearer(person.id)).json["reasons"][1:] == ["grade Band 5 is below Band 7"]


# Time: reminders, expiry, refreshers, lapses


def test_due_jobs_remind_expire_and_lapse_once_each(app, client, candidate, course, coordinator, bearer, outbox):
    make_uow = uow_factory(app.extensions["psn.engine"])
    policy = Policy()
    waiting = candidate()
    stale = waiting.nominate(level=2)
    done = candidate()
    cohort = course()
    done.approved(cohort_id=cohort["id"])
    completion = client.post(f"/api/v1/cohorts/{cohort['id']}/completions", headers=coordinator, json={
        "staff_id": done.id, "attended_all_days": True, "competences_signed_off": "all"})
    assert completion.status_code == 201
    certificate = client.get(f"/api/v1/people/{done.id}", headers=coordinator).json["certificates"][0]
    expires = date.fromisoformat(certificate["expires_on"])

    def run(at: datetime):
        with make_uow() as uow:
            return vars(run_due_jobs(at, uow, policy))

    now = datetime.now(UTC)
    assert set(run(now).values()) == {0}
    assert run(now + timedelta(days=8))["nominations_reminded"] == 1
    assert run(now + timedelta(days=9))["nominations_reminded"] == 0
    assert run(now + timedelta(days=29))["nominations_expired"] == 1
    assert client.get(f"/api/v1/nominations/{stale['id']}", headers=coordinator).json["status"] == "expired"
    reminded = events(outbox, "training.nomination.reminded")
    assert [(e["approver_id"], e["capacity"]) for e in reminded] == [(waiting.line, "line_manager")]

    before = datetime.combine(expires - timedelta(days=30), datetime.min.time(), UTC)
    assert run(before)["refreshers_reminded"] == 1
    assert run(before)["refreshers_reminded"] == 0
    lapse_day = datetime.combine(expires, datetime.min.time(), UTC)
    assert run(lapse_day)["certificates_lapsed"] == 1
    assert run(lapse_day + timedelta(days=1))["certificates_lapsed"] == 0
    assert [e["staff_id"] for e in events(outbox, "training.certification.lapsed")] == [done.id]
    assert len(events(outbox, "training.refresher.due")) == 1

    renewal = client.post(f"/api/v1/certificates/{certificate['id']}/renewals", headers=coordinator,
                          json={"completed_on": date.today().isoformat()})
    assert (renewal.status_code, renewal.json["status"]) == (200, "valid")
    assert [e["staff_id"] for e in events(outbox, "training.certification.renewed")] == [done.id]
    assert client.post("/api/v1/jobs/run", headers=coordinator).status_code == 403
    assert client.post("/api/v1/jobs/run", headers=bearer(COORDINATOR, "admin")).status_code == 200


# Reports


def test_reports_show_coverage_pipeline_and_teams_without_supporters(client, deliver, register, coordinator, bearer,
                                                                    candidate, announce):
    team, bare = str(uuid.uuid4()), str(uuid.uuid4())
    for team_id, name in ((team, "Ward 1"), (bare, "Ward 2")):
        deliver(Envelope.new("identity.team.created", {"team_id": team_id, "name": name, "service": "Mental Health",
                                                       "organisation": "NHS GGC"}, source="identity"))
    with_l1 = register(team_id=team)
    register(team_id=team)
    client.post("/api/v1/level1-completions", headers=coordinator,
                json={"staff_id": with_l1, "completed_on": "2026-10-01", "source": "learnpro"})
    announce("identity.role.granted", with_l1, role="peer_supporter", reason="Level 2", granted_by=None,
             granted_at=datetime.now(UTC), monthly_hours=4)
    candidate().nominate(level=2)

    coverage = client.get("/api/v1/reports/level-1-coverage", headers=coordinator).json
    ward = next(t for t in coverage["teams"] if t["team_id"] == team)
    assert (ward["team_name"], ward["service"], ward["staff"], ward["with_level_1"], ward["share"]) == (
        "Ward 1", "Mental Health", 2, 1, 0.5)
    pipeline = client.get("/api/v1/reports/pipeline", headers=coordinator).json
    assert pipeline[0] == {"level": 2, "nominated": 1, "approved": 0, "waiting": 0, "booked": 0, "completed": 0,
                           "lapsed": 0}
    without = client.get("/api/v1/reports/teams-without-supporters", headers=coordinator).json
    assert [t["team_id"] for t in without] == [bare]
    assert client.get("/api/v1/reports/pipeline", headers=bearer(with_l1)).status_code == 403
