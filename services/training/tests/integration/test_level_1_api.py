"""The competence framework, and Level 1 from platforms' import files and self-reports."""

from __future__ import annotations

import io
import uuid

from services.training.tests.integration.helpers import events, fields_of

# The framework


def test_three_levels_with_prerequisites_and_a_seeded_editable_framework(client, coordinator, auth):
    levels = client.get("/api/v1/levels", headers=auth(str(uuid.uuid4()))).json
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
    assert client.patch(f"/api/v1/competences/{added.json['id']}", headers=auth(str(uuid.uuid4())),
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
    register(employee_number="E300")
    us_order = upload(client, coordinator, "employee_number,course_code,completion_date\nE300,GCC 277,09/02/2026\n"
                                           "E200,GCC 277,09/15/2026\n")
    assert (us_order.status_code, fields_of(us_order)) == (422, {"file"})
    assert len(events(outbox, "training.level.completed")) == 2  # the file changed nothing
    bad = client.post("/api/v1/level1-imports", headers=coordinator, data={"source": "rumour"})
    assert (bad.status_code, fields_of(bad)) == (422, {"source"})
    no_file = client.post("/api/v1/level1-imports", headers=coordinator, data={"source": "learnpro"})
    assert (no_file.status_code, fields_of(no_file)) == (422, {"file"})


def test_a_self_report_is_verified_or_rejected_by_a_coordinator(client, coordinator, register, auth, outbox):
    ann = register()
    claim = client.post("/api/v1/level1-claims", headers=auth(ann),
                        json={"completed_on": "2026-09-01", "evidence": "LA certificate 1234"})
    assert (claim.status_code, claim.json["status"]) == (201, "pending")
    assert client.post("/api/v1/level1-claims", headers=auth(ann),
                       json={"completed_on": "2026-09-01", "evidence": "again"}).status_code == 409
    future = client.post("/api/v1/level1-claims", headers=auth(register()),
                         json={"completed_on": "2099-01-01", "evidence": "x"})
    assert (future.status_code, fields_of(future)) == (422, {"completed_on"})
    pending = client.get("/api/v1/level1-claims?status=pending", headers=coordinator).json
    assert (pending["total"], pending["items"][0]["id"]) == (1, claim.json["id"])
    assert pending["items"][0]["name"]  # whose it is, so the coordinator need not ask for each person
    decision = f"/api/v1/level1-claims/{claim.json['id']}/decision"
    assert client.post(decision, headers=coordinator, json={"decision": "reject"}).status_code == 422
    assert client.post(decision, headers=auth(ann, "coordinator"), json={"decision": "verify"}).status_code == 403
    verified = client.post(decision, headers=coordinator, json={"decision": "verify"})
    assert verified.json["status"] == "verified"
    assert client.post(decision, headers=coordinator, json={"decision": "verify"}).status_code == 409
    record = client.get(f"/api/v1/people/{ann}", headers=auth(ann)).json
    assert [(c["level"], c["source"], c["completed_on"]) for c in record["completions"]] == [
        (1, "self_report", "2026-09-01")]
    assert [(c["status"], c["evidence"]) for c in record["claims"]] == [("verified", "LA certificate 1234")]
    assert len(events(outbox, "training.level.completed")) == 1
    # A rejected claim, and its reason, are on the person's own record.
    bob = register()
    rejected = client.post("/api/v1/level1-claims", headers=auth(bob),
                           json={"completed_on": "2026-09-02", "evidence": "a course somewhere"}).json
    client.post(f"/api/v1/level1-claims/{rejected['id']}/decision", headers=coordinator,
                json={"decision": "reject", "reason": "no such course on the council's platform"})
    [told] = client.get(f"/api/v1/people/{bob}", headers=auth(bob)).json["claims"]
    assert (told["status"], told["rejection_reason"]) == ("rejected", "no such course on the council's platform")
