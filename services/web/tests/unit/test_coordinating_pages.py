"""The pages coordinators run the network from: the page leading to them all, imports of staff and of Level 1,
organisations and their training policies, referrals and the safeguarding override; and the audit of their
confidential reads, which the administrator reads."""

from __future__ import annotations

import io
import re

from services.web.tests.unit.conftest import ME, csrf
from services.web.tests.unit.fakes import problem
from services.web.tests.unit.test_pages import REQUEST_ID, SUPPORTER_ID, summary, support_request
from web.views.support import READ_REASONS

COORDINATOR = ["staff", "coordinator"]
STAFF_CSV = b"organisation,employee_number,name,email\nBoard,E1,Ana Ash,ana@psn.test\n"
CLAIM = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
READER = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
SUBJECT = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
REFERRAL = "abababab-abab-4bab-8bab-abababababab"
COLLEAGUE = "cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd"
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


def test_an_error_of_a_whole_row_or_of_the_file_names_no_column(signed_in, services):
    services.on("POST", "identity", "/api/v1/hr-imports/csv", problem(
        422, "Unprocessable Content", [{"field": "rows.2", "message": "4 values where the header names 12 columns"},
                                       {"field": "file", "message": "the file is not UTF-8 text"}],
        detail="The file has errors; nothing was imported."))
    body = upload(signed_in(COORDINATOR), "/coordinate/imports/staff", "staff-file", STAFF_CSV).data.decode()
    cells = re.findall(r'<td class="nhsuk-table__cell">([^<]*)</td>', body.split('id="staff-problems"')[1])
    assert cells[:6] == ["4", "", "4 values where the header names 12 columns", "", "", "the file is not UTF-8 text"]


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
    assert 'href="/coordinate/deliveries"' in page and 'href="/coordinate/audit"' in page
    assert page.count('href="/coordinate/deliveries"') == 1
    title = admin.get("/coordinate").data.decode().split("<title>")[1].split("</title>")[0]
    assert title.strip().startswith("Run the network") and "<" not in title
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
    assert signed_in(COORDINATOR).get("/coordinate/audit").status_code == 403  # those audited do not read the audit
    admin = signed_in(["staff", "admin"])
    assert 'href="/coordinate/audit"' in admin.get("/coordinate").data.decode()
    body = admin.get("/coordinate/audit").data.decode()
    assert "Cora Coordinator" in body and "Riley Requester" in body and "Someone no longer known here" in body
    assert "Tuesday 1 December 2026, 9:30am" in body and "manual allocation from the waiting list" in body
    assert f'href="/coordinate/audit?subject_id={SUBJECT}"' in body
    assert f'href="/coordinate/audit?reader_id={READER}"' in body

    narrowed = admin.get(f"/coordinate/audit?subject_id={SUBJECT}&record_kind=support_request&page=2").data.decode()
    assert services.calls("GET", "sessions", "/api/v1/audit")[-1].params == {
        "subject_id": SUBJECT, "record_kind": "support_request", "limit": 50, "offset": 50}
    assert "Reads of Riley Requester's records" in narrowed
    assert f"?subject_id={SUBJECT}&amp;record_kind=support_request&amp;page=1" in narrowed  # paging keeps the rest
    assert admin.get("/coordinate/audit?subject_id=not-an-id").status_code == 404
    admin.get("/coordinate/audit?record_kind=everything")
    assert services.calls("GET", "sessions", "/api/v1/audit")[-1].params == {"limit": 50, "offset": 0}


BOARD = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
SERVICE = "ffffffff-ffff-4fff-8fff-ffffffffffff"
POLICY_PATH = f"/api/v1/training-policies/{BOARD}"


def organisation_answers(services, policy: dict | None = None) -> None:
    services.on("GET", "identity", "/api/v1/organisations", (200, [
        {"id": BOARD, "name": "Bwrdd Iechyd", "kind": "health_board"},
        {"id": "o2", "name": "Anytown Council", "kind": "local_authority"}]))
    services.on("GET", "identity", "/api/v1/services", (200, [{"id": SERVICE, "name": "Emergency Department",
                                                                "organisation_id": BOARD}]))
    services.on("GET", "identity", "/api/v1/teams", (200, [
        {"id": "t2", "name": "Triage", "service_id": SERVICE}, {"id": "t1", "name": "Resus", "service_id": SERVICE}]))
    services.on("GET", "training", POLICY_PATH, (200, policy or {
        "organisation_id": BOARD, "grade_ladder": ["Band 2", "Band 3", "Band 4", "Band 5"], "level_2_min_grade": None,
        "level_3_min_grade": "Band 4", "supporters_per_team": 2, "updated_by": None, "updated_at": None}))


def test_organisations_are_listed_by_name_and_one_is_added(signed_in, services):
    organisation_answers(services)
    services.on("POST", "identity", "/api/v1/organisations", (201, {"id": "o3", "name": "Valley Council",
                                                                    "kind": "local_authority"}))
    client = signed_in(COORDINATOR)
    page = client.get("/coordinate/organisations")
    body = page.data.decode()
    assert body.index("Anytown Council") < body.index("Bwrdd Iechyd") and "Local authority" in body
    unnamed = client.post("/coordinate/organisations", data={"csrf_token": csrf(page.data), "kind": "local_authority"})
    assert unnamed.status_code == 422 and set(summary(unnamed.data.decode())) == {"#organisation-name"}
    added = client.post("/coordinate/organisations", data={"csrf_token": csrf(page.data), "name": " Valley Council ",
                                                           "kind": "local_authority"})
    assert added.status_code == 302 and services.calls("POST", "identity", "/api/v1/organisations")[0].json == {
        "name": "Valley Council", "kind": "local_authority"}


def test_an_organisation_shows_its_teams_by_service_and_its_training_policy_which_is_saved_whole(signed_in, services):
    organisation_answers(services)
    services.on("PUT", "training", POLICY_PATH, (200, {}))
    client = signed_in(COORDINATOR)
    assert client.get("/coordinate/organisations/aaaaaaaa-0000-4000-8000-000000000000").status_code == 404
    page = client.get(f"/coordinate/organisations/{BOARD}")
    body = page.data.decode()
    teams = body.split(f'id="service-{SERVICE}"')[1]
    assert teams.index("Resus") < teams.index("Triage") and "The board's defaults apply" in body
    assert "Band 2\nBand 3\nBand 4\nBand 5" in body and 'value="Band 4"' in body
    form = {"csrf_token": csrf(page.data), "grade-ladder": " Band 3 \n\nBand 4\r\nBand 5 ",
            "level-2-min-grade": "", "level-3-min-grade": "Band 4", "supporters-per-team": "3"}
    saved = client.post(f"/coordinate/organisations/{BOARD}/training-policy", data=form)
    assert saved.status_code == 302 and services.calls("PUT", "training", POLICY_PATH)[0].json == {
        "grade_ladder": ["Band 3", "Band 4", "Band 5"], "level_2_min_grade": None, "level_3_min_grade": "Band 4",
        "supporters_per_team": 3}

    nobody_s = client.post("/coordinate/organisations/aaaaaaaa-0000-4000-8000-000000000000/training-policy", data=form)
    assert nobody_s.status_code == 404 and len(services.calls("PUT", "training", POLICY_PATH)) == 1
    assert not [s for s in services.sent if s.method == "PUT" and BOARD not in s.path]

    bad = client.post(f"/coordinate/organisations/{BOARD}/training-policy",
                      data={**form, "grade-ladder": " ", "supporters-per-team": "99"})
    assert set(summary(bad.data.decode())) == {"#grade-ladder", "#supporters-per-team"}
    services.on("PUT", "training", POLICY_PATH, problem(422, "Unprocessable Content", [
        {"field": "level_3_min_grade", "message": "Band 9 is not on the grade ladder"}]))
    refused = client.post(f"/coordinate/organisations/{BOARD}/training-policy",
                          data={**form, "level-3-min-grade": "Band 9"})
    assert summary(refused.data.decode()) == {"#level-3-min-grade": "Band 9 is not on the grade ladder"}
    assert 'value="Band 9"' in refused.data.decode() and len(services.calls("PUT", "training", POLICY_PATH)) == 2


def test_a_service_and_a_team_in_it_are_added_to_an_organisation(signed_in, services):
    organisation_answers(services)
    services.on("POST", "identity", "/api/v1/services", (201, {"id": "s2"}))
    services.on("POST", "identity", "/api/v1/teams", (201, {"id": "t3"}))
    client = signed_in(COORDINATOR)
    page = client.get(f"/coordinate/organisations/{BOARD}")
    token = csrf(page.data)
    nowhere = client.post(f"/coordinate/organisations/{BOARD}/teams", data={"csrf_token": token, "team-name": "Minors"})
    assert set(summary(nowhere.data.decode())) == {"#team-service"} and 'value="Minors"' in nowhere.data.decode()
    assert client.post(f"/coordinate/organisations/{BOARD}/teams", data={
        "csrf_token": token, "team-name": "Minors", "team-service": SERVICE}).status_code == 302
    assert services.calls("POST", "identity", "/api/v1/teams")[0].json == {"name": "Minors", "service_id": SERVICE}
    assert client.post(f"/coordinate/organisations/{BOARD}/services", data={
        "csrf_token": token, "service-name": "Theatres"}).status_code == 302
    assert services.calls("POST", "identity", "/api/v1/services")[0].json == {"name": "Theatres",
                                                                             "organisation_id": BOARD}
    assert signed_in(["staff", "line_manager"]).get("/coordinate/organisations").status_code == 403


def test_every_referral_is_listed_naming_nobody_and_opened_on_its_request_with_the_reason_recorded(
        signed_in, services):
    services.on("GET", "sessions", "/api/v1/referrals", (200, {"items": [
        {"id": REFERRAL, "request_id": REQUEST_ID, "status": "refused", "urgent": True,
         "created_at": "2026-12-01T09:30:00+00:00", "updated_at": None}], "total": 1, "limit": 50, "offset": 0}))
    client = signed_in(COORDINATOR)
    body = client.get("/coordinate/referrals?status=refused").data.decode()
    assert "Urgent" in body and "Not agreed" in body
    assert f"/support/requests/{REQUEST_ID}?why=referrals#referral-{REFERRAL}" in body
    assert services.calls("GET", "sessions", "/api/v1/referrals")[-1].params == {"status": "refused", "limit": 50,
                                                                                 "offset": 0}
    client.get("/coordinate/referrals?status=lost")
    assert "status" not in services.calls("GET", "sessions", "/api/v1/referrals")[-1].params

    a_colleagues_case(services, status="refused")
    client.get(f"/support/requests/{REQUEST_ID}?why=referrals")
    for path in (f"/api/v1/support-requests/{REQUEST_ID}", f"/api/v1/support-requests/{REQUEST_ID}/referrals"):
        assert services.calls("GET", "sessions", path)[-1].params == {"reason": READ_REASONS["referrals"]}
    client.get(f"/support/requests/{REQUEST_ID}?why=curiosity")
    assert services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}")[-1].params == {}


def test_a_coordinator_who_opens_a_colleagues_request_with_no_reason_is_asked_why_and_it_opens_with_it(
        signed_in, services):
    a_colleagues_case(services)
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", lambda sent: (200, support_request(
        requester_id=COLLEAGUE, supporter_id=SUPPORTER_ID)) if sent.params.get("reason") else problem(
        422, "Invalid input", [{"field": "reason", "message": "a reason is needed to open someone else's support "
                                                                "request"}]))
    client = signed_in(COORDINATOR)
    typed = client.get(f"/support/requests/{REQUEST_ID}")  # a typed or bookmarked address: no page says why
    assert typed.status_code == 302 and typed.headers["Location"] == f"/support/requests/{REQUEST_ID}/why"
    assert not services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals")
    asked = client.get(f"/support/requests/{REQUEST_ID}/why")
    body = asked.data.decode()
    assert asked.status_code == 200 and "Why are you opening this request?" in body
    for choice in ("Following a referral", "A waiting request", "An urgent alert", "A safeguarding concern",
                   "Another reason"):
        assert choice in body
    assert "If another reason, what is it?" in body and 'name="reason"' in body
    form = {"csrf_token": csrf(asked.data)}
    nothing = client.post(f"/support/requests/{REQUEST_ID}/why", data=form)
    assert nothing.status_code == 422 and summary(nothing.data.decode()) == {
        "#why": "Select why you are opening this request"}
    blank = client.post(f"/support/requests/{REQUEST_ID}/why", data={**form, "why": "other", "reason": "  "})
    assert blank.status_code == 422 and summary(blank.data.decode()) == {
        "#reason": "Enter why you are opening this request"}
    long = client.post(f"/support/requests/{REQUEST_ID}/why", data={**form, "why": "other", "reason": "x" * 501})
    assert long.status_code == 422 and summary(long.data.decode()) == {"#reason": "Enter 500 characters or fewer"}
    assert re.search(r'value="other"[^>]*checked', long.data.decode())  # chosen and typed stay so
    chosen = client.post(f"/support/requests/{REQUEST_ID}/why", data={**form, "why": "safeguarding"})
    assert chosen.headers["Location"] == f"/support/requests/{REQUEST_ID}?why=safeguarding"
    assert client.get(chosen.headers["Location"]).status_code == 200
    for path in (f"/api/v1/support-requests/{REQUEST_ID}", f"/api/v1/support-requests/{REQUEST_ID}/referrals"):
        assert services.calls("GET", "sessions", path)[-1].params == {"reason": "a safeguarding concern"}
    own = client.post(f"/support/requests/{REQUEST_ID}/why", data={
        **form, "why": "other", "reason": " The colleague's manager asked me to check on them "})
    assert own.headers["Location"] == (f"/support/requests/{REQUEST_ID}?reason=The+colleague's+manager+asked+me"
                                       "+to+check+on+them")
    opened = client.get(own.headers["Location"])
    assert opened.status_code == 200 and "Not sleeping." in opened.data.decode()
    assert services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}")[-1].params == {
        "reason": "The colleague's manager asked me to check on them"}


def test_the_coordinators_lists_go_straight_in_and_another_refusal_is_not_taken_for_a_missing_reason(
        signed_in, services):
    a_colleagues_case(services)
    client = signed_in(COORDINATOR)
    assert client.get(f"/support/requests/{REQUEST_ID}?why=waiting").status_code == 200
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", problem(
        422, "Invalid input", [{"field": "reason", "message": "at most 500 characters"}]))
    assert client.get(f"/support/requests/{REQUEST_ID}?reason={'x' * 501}").headers["Location"] == (
        f"/support/requests/{REQUEST_ID}/why")
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (404, {
        "type": "about:blank", "title": "Not Found", "status": 404}))
    assert client.get(f"/support/requests/{REQUEST_ID}").status_code == 404


def a_colleagues_case(services, **referral) -> None:
    """A request between two colleagues, neither of them the coordinator signed in, with one referral."""
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request(
        requester_id=COLLEAGUE, supporter_id=SUPPORTER_ID, accepted_at="2026-12-01T09:00:00+00:00")))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (200, [{
        "id": REFERRAL, "request_id": REQUEST_ID, "service": "psychological_support", "reason": "Not sleeping.",
        "status": "suggested", "urgent": False, "consent_shares": [], "requester_id": COLLEAGUE,
        "supporter_id": SUPPORTER_ID, **referral}]))


def test_a_coordinator_outside_the_pairing_makes_a_refused_referral_for_safeguarding_with_a_written_reason(
        signed_in, services):
    a_colleagues_case(services, status="refused")
    override = f"/api/v1/referrals/{REFERRAL}/safeguarding-override"
    services.on("POST", "sessions", override, (200, {}))
    client = signed_in(COORDINATOR)
    page = client.get(f"/support/requests/{REQUEST_ID}?why=referrals")
    assert "Make this referral for safeguarding" in page.data.decode()
    assert "No times offered yet." in page.data.decode()  # not a heading over nothing
    # The form says again why the page was opened: the page it comes back to is a read, recorded with its reason.
    action = f"/support/referrals/{REFERRAL}/safeguarding-override?why=referrals"
    assert f'action="{action}"' in page.data.decode()
    form = {"csrf_token": csrf(page.data), "request_id": REQUEST_ID}
    thin = client.post(action, data={**form, "override_reason": "At risk."})
    assert thin.status_code == 422 and set(summary(thin.data.decode())) == {
        f"#override-reason-{REFERRAL}", f"#override-shares-{REFERRAL}"}
    assert services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}")[-1].params == {
        "reason": READ_REASONS["referrals"]}
    unreasoned = client.post(action, data={**form, "override_shares": ["job_and_team"]})
    assert re.search(r'value="job_and_team"\s+checked', unreasoned.data.decode())  # what was ticked stays ticked
    assert re.search(r'<details class="nhsuk-details"\s+open>', thin.data.decode())
    assert not services.calls("POST", "sessions", override)
    reason = "Said they plan to harm themselves tonight; the crisis team must know."
    made = client.post(action, data={
        **form, "override_reason": f" {reason} ", "override_shares": ["name_and_contact", "reason_for_referral"]})
    assert made.headers["Location"] == f"/support/requests/{REQUEST_ID}?why=referrals#referral-{REFERRAL}"
    assert services.calls("POST", "sessions", override)[0].json == {
        "reason": reason, "shares": ["name_and_contact", "reason_for_referral"]}

    a_colleagues_case(services, status="made")
    assert "Make this referral for safeguarding" not in client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    a_colleagues_case(services, status="suggested", supporter_id=ME["id"])
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request(
        requester_id=COLLEAGUE, supporter_id=ME["id"], accepted_at="2026-12-01T09:00:00+00:00")))
    mine = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "Make this referral for safeguarding" not in mine  # their own case: not theirs to override


def test_the_colleague_sees_that_a_referral_was_made_for_safeguarding_why_and_what_went(signed_in, services):
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (200, [{
        "id": REFERRAL, "request_id": REQUEST_ID, "service": "urgent", "reason": "Not sleeping.", "status": "made",
        "urgent": True, "consent_shares": [], "requester_id": ME["id"], "supporter_id": SUPPORTER_ID,
        "safeguarding_override": True, "override_reason": "Said they plan to harm themselves tonight.",
        "passed_on": ["name_and_contact", "reason_for_referral"]}]))
    body = signed_in().get(f"/support/requests/{REQUEST_ID}").data.decode()
    said = re.sub(r"\s+", " ", body.split(f'id="safeguarding-{REFERRAL}"')[1].split("</div>")[0])
    assert "Made without consent, for safeguarding, by a coordinator: “Said they plan to harm themselves" in said
    assert "Passed on: Their name and how to contact them, why they are being referred." in said
    assert "Urgent or crisis support" in body and "alerted at once" not in body


COMPETENCE = "12341234-1234-4234-8234-123412341234"


def framework(retired: bool = False) -> list[dict]:
    return [{"level": 1, "title": "An Introduction to Psychological Wellbeing", "prerequisite": None,
             "competences": []},
            {"level": 2, "title": "Peer Supporter", "prerequisite": 1, "competences": [
                {"id": COMPETENCE, "level": 2, "code": "2.1", "title": "Active listening",
                 "description": "Reflects back.", "position": 1, "retired": retired}]},
            {"level": 3, "title": "Train the Trainer", "prerequisite": 2, "competences": []}]


def test_the_competence_framework_is_kept_a_competence_added_changed_and_retired(signed_in, services):
    services.on("GET", "training", "/api/v1/levels", (200, framework()))
    services.on("POST", "training", "/api/v1/levels/3/competences", (201, {}))
    services.on("PATCH", "training", f"/api/v1/competences/{COMPETENCE}", (200, {"code": "2.1", "level": 2}))
    client = signed_in(COORDINATOR)
    page = client.get("/coordinate/competences")
    body = page.data.decode()
    assert "2.1 Active listening" in body and "Retire 2.1" in body and body.count("No competences yet.") == 2
    token = csrf(page.data)
    untitled = client.post("/coordinate/competences/3", data={"csrf_token": token, "code": "3.1"})
    assert set(summary(untitled.data.decode())) == {"#title-3"} and 'value="3.1"' in untitled.data.decode()
    added = client.post("/coordinate/competences/3", data={"csrf_token": token, "code": " 3.1 ",
                                                           "title": "Running a session", "description": ""})
    assert added.headers["Location"].endswith("/coordinate/competences#level-3")
    assert services.calls("POST", "training", "/api/v1/levels/3/competences")[0].json == {
        "code": "3.1", "title": "Running a session"}  # no description: none sent
    assert client.post("/coordinate/competences/7", data={"csrf_token": token}).status_code == 404

    change = f"/coordinate/competences/change/{COMPETENCE}"
    client.post(change, data={"csrf_token": token, "title": "Listening", "description": "Reflects back, then asks."})
    client.post(change, data={"csrf_token": token, "retired": "yes"})
    assert [c.json for c in services.calls("PATCH", "training", f"/api/v1/competences/{COMPETENCE}")] == [
        {"title": "Listening", "description": "Reflects back, then asks."}, {"retired": True}]
    services.on("GET", "training", "/api/v1/levels", (200, framework(retired=True)))
    assert "Bring back 2.1" in client.get("/coordinate/competences").data.decode()
    blank = client.post(change, data={"csrf_token": token, "title": " ", "description": ""})
    assert set(summary(blank.data.decode())) == {f"#title-{COMPETENCE}"}
    assert len(services.calls("PATCH", "training", f"/api/v1/competences/{COMPETENCE}")) == 2


def test_wellbeing_and_feedback_show_the_network_s_figures_with_small_counts_suppressed(signed_in, services):
    services.on("GET", "sessions", "/api/v1/reports/feedback", (200, {
        "responses": 12, "supporters_rated": "<5", "average_rating": 4.25,
        "by_rating": {"1": 0, "2": "<5", "3": "<5", "4": 5, "5": 6},
        "helped": {"yes": 9, "partly": "<5", "no": 0}}))
    services.on("GET", "sessions", "/api/v1/reports/wellbeing-reviews", (200, {
        "since": "2025-12-03T00:00:00+00:00", "overall": {"staff": 40, "reviewed": 10, "share": 0.25},
        "services": [{"service": "Emergency Department", "staff": 40, "reviewed": 10, "share": 0.25}],
        "teams": [{"team_id": "t1", "team": "Resus", "service": "Emergency Department", "staff": 8,
                   "reviewed": "<5", "share": None},
                  {"team_id": "t2", "team": "Theatres", "service": "Surgery", "staff": "withheld", "reviewed": "<5",
                   "share": None},
                  {"team_id": None, "team": None, "service": None, "staff": "<5", "reviewed": "<5", "share": None}]}))
    assert signed_in(["staff", "line_manager"]).get("/coordinate/wellbeing").status_code == 403
    body = signed_in(COORDINATOR).get("/coordinate/wellbeing").data.decode()
    assert "4.2" in body and "6, 5, fewer than 5, fewer than 5, 0" in body and "9, fewer than 5, 0" in body
    teams = body.split('id="reviews-team"')[1]
    assert "25% (10 of 40)" in body and "fewer than 5 of 8" in teams and "No team" in teams and "None" not in teams
    assert "fewer than 5 (the total is not shown: it would give the count away)" in teams
    assert " of not shown" not in teams
    assert "since 3 December 2025:" in body


def test_a_person_s_page_shows_their_training_and_a_coordinator_records_their_level_1(signed_in, services):
    services.on("GET", "identity", f"/api/v1/staff/{COLLEAGUE}", (200, {
        "id": COLLEAGUE, "name": "Casey Candidate", "job_title": "Staff nurse", "team_id": None,
        "email": "casey@psn.test", "status": "active", "roles": ["staff"]}))
    services.on("GET", "identity", f"/api/v1/staff/{COLLEAGUE}/roles", (200, []))
    client = signed_in(COORDINATOR)
    assert "Not yet known to training" in client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    services.on("GET", "training", f"/api/v1/people/{COLLEAGUE}", (200, {
        "completions": [], "certificates": [], "nominations": []}))
    page = client.get(f"/coordinate/people/{COLLEAGUE}")
    assert "No level completed yet" in page.data.decode() and "Record their Level 1" in page.data.decode()
    form = {"csrf_token": csrf(page.data), "level-1-on[day]": "31", "level-1-on[month]": "2",
            "level-1-on[year]": "2026"}  # no 31 February
    wrong = client.post(f"/coordinate/people/{COLLEAGUE}/level-1", data=form)
    assert set(summary(wrong.data.decode())) == {"#level-1-on", "#level-1-source"}
    services.on("POST", "training", "/api/v1/level1-completions", (201, {}))
    done = client.post(f"/coordinate/people/{COLLEAGUE}/level-1", data={**form, "level-1-on[day]": "28",
                                                                          "source": "local_authority"})
    assert done.status_code == 302 and services.calls("POST", "training", "/api/v1/level1-completions")[0].json == {
        "staff_id": COLLEAGUE, "completed_on": "2026-02-28", "source": "local_authority"}
    services.on("GET", "training", f"/api/v1/people/{COLLEAGUE}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-02-28", "expires_on": None}],
        "certificates": [{"id": "c", "level": 2, "status": "lapsed", "expires_on": "2026-06-01"}], "nominations": []}))
    body = client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    assert "completed 28 February 2026" in body and "lapsed on 1 June 2026" in body
    assert "Record their Level 1" not in body


def delivery(**changes) -> dict:
    return {"id": "d1", "event_id": "e1", "recipient_id": COLLEAGUE, "recipient_name": "Casey Jones",
            "channel": "email", "address": "casey@psn.test",
            "status": "failed", "kind": "allocated", "category": "support", "critical": False, "chain_id": None,
            "step": None, "held_until": None, "attempts": 5, "last_error": "550 mailbox unavailable",
            "created_at": "2026-12-01T09:30:00+00:00", "next_attempt_at": "2026-12-01T09:30:00+00:00",
            "sent_at": None, "attempt_log": [], **changes}


def test_the_delivery_log_shows_what_failed_and_why_and_narrows_to_one_person(signed_in, services):
    services.on("GET", "notifications", "/api/v1/deliveries", (200, {"items": [
        delivery(), delivery(id="d2", status="sent", attempts=1, last_error=None, channel="sms", address="07700 900123",
                             sent_at="2026-12-01T09:31:00+00:00")], "total": 2, "limit": 50, "offset": 0}))
    assert signed_in(["staff"]).get("/coordinate/deliveries").status_code == 403
    client = signed_in(COORDINATOR)
    body = client.get("/coordinate/deliveries?status=failed").data.decode()
    assert "550 mailbox unavailable" in body and "5 attempts" in body and "Sent Tuesday 1 December 2026, 9:31am" in body
    assert services.calls("GET", "notifications", "/api/v1/deliveries")[-1].params == {
        "status": "failed", "limit": 50, "offset": 0}
    assert f'href="/coordinate/deliveries?recipient_id={COLLEAGUE}">Casey Jones</a>' in body
    assert "casey@psn.test" in body
    assert "Messages to" not in body
    one = client.get(f"/coordinate/deliveries?recipient_id={COLLEAGUE}&status=everything").data.decode()
    assert "Messages to Casey Jones." in one
    assert services.calls("GET", "notifications", "/api/v1/deliveries")[-1].params == {
        "recipient_id": COLLEAGUE, "limit": 50, "offset": 0}
    assert client.get("/coordinate/deliveries?recipient_id=nobody").status_code == 404


def test_the_delivery_log_says_when_notifications_does_not_know_whom_a_message_was_for(signed_in, services):
    services.on("GET", "notifications", "/api/v1/deliveries", (200, {"items": [delivery(recipient_name=None)],
                                                                     "total": 1, "limit": 50, "offset": 0}))
    body = signed_in(COORDINATOR).get(f"/coordinate/deliveries?recipient_id={COLLEAGUE}").data.decode()
    assert "Someone not known here" in body and "Messages to one person." in body


def test_the_logs_take_the_page_s_whole_width_and_other_pages_two_thirds(signed_in, services):
    services.on("GET", "notifications", "/api/v1/deliveries", (200, {"items": [], "total": 0, "limit": 50,
                                                                     "offset": 0}))
    client = signed_in(COORDINATOR)
    assert 'class="nhsuk-grid-column-full"' in client.get("/coordinate/deliveries").data.decode()
    assert 'class="nhsuk-grid-column-two-thirds"' in client.get("/coordinate").data.decode()


def test_a_coordinator_reading_a_request_sees_the_times_offered_and_no_choice_that_is_the_pair_s(signed_in, services):
    a_colleagues_case(services)
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": [{
        "id": "c1", "status": "proposed", "proposed_by": SUPPORTER_ID, "mode": "phone", "starts_at": None,
        "ends_at": None, "slots": [
            {"starts_at": "2099-03-30T10:00:00+01:00", "ends_at": "2099-03-30T11:00:00+01:00"},
            {"starts_at": "2099-03-31T10:00:00+01:00", "ends_at": "2099-03-31T11:00:00+01:00"}]}]}))
    body = signed_in(COORDINATOR).get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "2 times offered, not yet chosen" in body and "Monday 30 March 2099, 10:00am" in body
    assert "Accept this time" not in body and "Send these times" not in body

