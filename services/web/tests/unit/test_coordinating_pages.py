"""The pages coordinators run the network from: the page leading to them all, imports of staff and of Level 1;
and the audit of their confidential reads, which the administrator reads."""

from __future__ import annotations

import io
import re

from services.web.tests.unit.conftest import csrf
from services.web.tests.unit.fakes import problem
from services.web.tests.unit.test_pages import summary

COORDINATOR = ["staff", "coordinator"]
STAFF_CSV = b"organisation,employee_number,name,email\nBoard,E1,Ana Ash,ana@psn.test\n"
CLAIM = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
READER = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
SUBJECT = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
LEVEL_1_CSV = b"employee_number,course_code,completion_date\nE1,GCC 277,2026-10-01\nE9,GCC 277,2026-10-01\n"


def upload(client, path: str, field: str, content: bytes, name: str = "people.csv", **form: str):
    page = client.get("/coordinate/imports")
    return client.post(path, data={"csrf_token": csrf(page.data), field: (io.BytesIO(content), name), **form},
                       content_type="multipart/form-data")


def test_imports_are_for_coordinators_and_admins(signed_in):
    assert signed_in(["staff", "line_manager"]).get("/coordinate/imports").status_code == 403
    assert signed_in(["staff", "admin"]).get("/coordinate/imports").status_code == 200


def test_the_hr_file_is_sent_to_identity_as_it_is_and_what_changed_is_shown(signed_in, services):
    report = {"created": 1, "updated": 0, "left": 0, "reinstated": 0, "unchanged": 3, "teams_created": 1}
    services.on("POST", "identity", "/api/v1/hr-imports/csv", (200, report))
    client = signed_in(COORDINATOR)
    done = upload(client, "/coordinate/imports/staff", "staff-file", STAFF_CSV)
    sent = services.calls("POST", "identity", "/api/v1/hr-imports/csv")[0]
    assert sent.data == STAFF_CSV and sent.headers["Content-Type"] == "text/csv"
    assert sent.headers["Authorization"].startswith("Bearer")
    body = done.data.decode()
    assert done.status_code == 200 and "people.csv is imported" in body
    shown = dict(re.findall(r"<dt[^>]*>\s*([\w ]+?)\s*</dt>\s*<dd[^>]*>\s*(\d+)\s*</dd>", body))
    assert shown == {"New people": "1", "Changed": "0", "Unchanged": "3", "Left": "0", "Back again": "0",
                     "New teams": "1"}


def test_a_rejected_hr_file_lists_each_error_by_its_line_and_column(signed_in, services):
    services.on("POST", "identity", "/api/v1/hr-imports/csv", problem(
        422, "Unprocessable Content",
        [{"field": "rows.0.email", "message": "Not a valid email address."},
         {"field": "rows.41.line_manager", "message": "no row has employee number E404"}],
        detail="The file has errors; nothing was imported."))
    done = upload(signed_in(COORDINATOR), "/coordinate/imports/staff", "staff-file", STAFF_CSV)
    body = done.data.decode()
    assert done.status_code == 422
    assert summary(body) == {"#staff-file": "people.csv has errors, so nothing was imported: put them right and "
                                            "send it again"}
    rows = body.split('id="staff-problems"')[1]
    assert rows.index(">2<") < rows.index(">email<") < rows.index(">43<") < rows.index(">line_manager<")
    assert "no row has employee number E404" in rows


def test_a_header_naming_unknown_columns_is_on_line_1(signed_in, services):
    services.on("POST", "identity", "/api/v1/hr-imports/csv", problem(
        422, "Unprocessable Content", [{"field": "header.nickname", "message": "unknown column"}],
        detail="The header row names columns this import does not know."))
    body = upload(signed_in(COORDINATOR), "/coordinate/imports/staff", "staff-file", STAFF_CSV).data.decode()
    assert ">1<" in body.split('id="staff-problems"')[1] and ">nickname<" in body


def test_no_file_chosen_sends_nothing(signed_in, services):
    client = signed_in(COORDINATOR)
    page = client.get("/coordinate/imports")
    missing = client.post("/coordinate/imports/staff", data={"csrf_token": csrf(page.data)})
    assert missing.status_code == 422 and set(summary(missing.data.decode())) == {"#staff-file"}
    neither = client.post("/coordinate/imports/level-1", data={"csrf_token": csrf(page.data)})
    assert set(summary(neither.data.decode())) == {"#source", "#level-1-file"}
    assert not [s for s in services.sent if s.method == "POST" and "import" in s.path]


def test_a_platform_export_goes_to_training_with_its_source_and_rows_not_recorded_are_listed(signed_in, services):
    report = {"source": "learnpro", "counts": {"recorded": 1, "unknown_staff": 1}, "rows": [
        {"line": 2, "employee_number": "E1", "outcome": "recorded", "message": "", "staff_id": "s1"},
        {"line": 3, "employee_number": "E9", "outcome": "unknown_staff",
         "message": "no member of staff has this employee number", "staff_id": None}]}
    services.on("POST", "training", "/api/v1/level1-imports", (200, report))
    done = upload(signed_in(COORDINATOR), "/coordinate/imports/level-1", "level-1-file", LEVEL_1_CSV,
                  name="learnpro.csv", source="learnpro")
    sent = services.calls("POST", "training", "/api/v1/level1-imports")[0]
    assert sent.data == {"source": "learnpro"} and sent.files == {"file": ("learnpro.csv", LEVEL_1_CSV, "text/csv")}
    body = done.data.decode()
    unrecorded = body.split('id="level-1-unrecorded"')[1]
    assert "E9" in unrecorded and "Nobody with this employee number" in unrecorded and "E1<" not in unrecorded


def test_an_import_takes_a_file_larger_than_a_form_may_be_within_a_limit_of_its_own(signed_in, services, monkeypatch):
    services.on("POST", "identity", "/api/v1/hr-imports/csv", (200, {"created": 0}))
    client = signed_in(COORDINATOR)
    large = STAFF_CSV + b"Board,E2,Bo Birch,bo@psn.test\n" * 4000  # about 120 KB: twice what a form may send
    assert upload(client, "/coordinate/imports/staff", "staff-file", large).status_code == 200
    assert services.calls("POST", "identity", "/api/v1/hr-imports/csv")[0].data == large
    page = client.get("/coordinate/imports")
    long_reason = {"csrf_token": csrf(page.data), "decision": "reject", "reason": "x" * len(large)}
    assert client.post(f"/coordinate/level-1-claims/{CLAIM}/decision", data=long_reason).status_code == 413

    monkeypatch.setattr("web.views.imports.UPLOAD_BYTES", 1024)
    refused = upload(client, "/coordinate/imports/staff", "staff-file", large)
    assert refused.status_code == 413 and "too large" in refused.data.decode()
    assert len(services.calls("POST", "identity", "/api/v1/hr-imports/csv")) == 1


def test_run_the_network_leads_to_every_coordinator_page_with_what_waits_and_takes_them_off_the_header(
        signed_in, services):
    services.on("GET", "sessions", "/api/v1/support-requests",
                (200, {"items": [], "total": 7, "limit": 1, "offset": 0}))
    client = signed_in(COORDINATOR)
    body = client.get("/coordinate").data.decode()
    nav, page = body.split("</header>", 1)
    for path in ("/coordinate/level-1-claims", "/coverage", "/coordinate/report", "/coordinate/imports",
                 "/coordinate/help-sources", "/cohorts", "/coordinate/waiting", "/coordinate/supporters"):
        assert f'href="{path}"' in page
        assert f'href="{path}"' not in nav or path in ("/coordinate/waiting", "/coordinate/supporters", "/cohorts")
    assert "7 waiting" in page and "to check" not in page  # training could not say: no count, still the page
    assert services.calls("GET", "sessions", "/api/v1/support-requests")[0].params == {"status": "waiting", "limit": 1}


def test_an_administrator_runs_the_pages_coordinators_share_and_others_are_refused(signed_in, services):
    assert signed_in(["staff", "peer_supporter"]).get("/coordinate").status_code == 403
    admin = signed_in(["staff", "admin"])
    page = admin.get("/coordinate").data.decode().split("</header>", 1)[1]
    assert 'href="/coordinate/imports"' in page and 'href="/coordinate/people"' in page
    assert 'href="/coordinate/waiting"' not in page and 'href="/coordinate/level-1-claims"' not in page
    assert not services.calls("GET", "sessions", "/api/v1/support-requests")
    assert not services.calls("GET", "training", "/api/v1/level1-claims")


def read(**changes) -> dict:
    return {"id": "r1", "read_at": "2026-12-01T09:30:00+00:00", "reader_id": READER, "reader_name": "Cora Coordinator",
            "reader_roles": ["coordinator"], "subject_id": SUBJECT, "subject_name": "Riley Requester",
            "record_kind": "support_request", "record_id": "q1", "reason": "manual allocation from the waiting list",
            **changes}


def test_the_administrator_reads_who_opened_whose_record_and_why_and_follows_a_name(signed_in, services):
    services.on("GET", "sessions", "/api/v1/audit", (200, {"items": [read(), read(id="r2", subject_name=None)],
                                                          "total": 51, "limit": 50, "offset": 0}))
    assert signed_in(COORDINATOR).get("/audit").status_code == 403  # those audited do not read the audit
    admin = signed_in(["staff", "admin"])
    assert 'href="/audit"' in admin.get("/coordinate").data.decode()
    body = admin.get("/audit").data.decode()
    assert "Cora Coordinator" in body and "Riley Requester" in body and "Someone no longer known here" in body
    assert "Tuesday 1 December 2026, 9:30am" in body and "manual allocation from the waiting list" in body
    assert f'href="/audit?subject_id={SUBJECT}"' in body and f'href="/audit?reader_id={READER}"' in body

    narrowed = admin.get(f"/audit?subject_id={SUBJECT}&record_kind=support_request&page=2").data.decode()
    assert services.calls("GET", "sessions", "/api/v1/audit")[-1].params == {
        "subject_id": SUBJECT, "record_kind": "support_request", "limit": 50, "offset": 50}
    assert "Reads of Riley Requester's records" in narrowed
    assert f"?subject_id={SUBJECT}&amp;record_kind=support_request&amp;page=1" in narrowed  # paging keeps the rest
    assert admin.get("/audit?subject_id=not-an-id").status_code == 404
    admin.get("/audit?record_kind=everything")
    assert services.calls("GET", "sessions", "/api/v1/audit")[-1].params == {"limit": 50, "offset": 0}
