"""The pages against faked APIs: what each sends, and how the APIs' problems are shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from services.web.tests.unit.conftest import ME, csrf
from services.web.tests.unit.fakes import problem

REQUEST_ID = "22222222-2222-4222-8222-222222222222"
SUPPORTER_ID = "33333333-3333-4333-8333-333333333333"
NOMINATION_ID = "44444444-4444-4444-8444-444444444444"
CONVERSATION_ID = "55555555-5555-4555-8555-555555555555"


@pytest.fixture(autouse=True)
def _no_referrals(services) -> None:
    """A request's page also reads its referrals: none, unless a test says otherwise."""
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (200, []))


def summary(body: str) -> dict[str, str]:
    """The error summary's links: input anchor -> message."""
    listed = body.split("nhsuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return dict(re.findall(r'<a href="(#[^"]+)"\s*>\s*(.*?)\s*</a>', listed, re.S))


def support_request(**changes) -> dict:
    return {"id": REQUEST_ID, "requester_id": ME["id"], "supporter_id": SUPPORTER_ID, "status": "allocated",
            "mode": "video", "scope": "within_team", "urgency": "soon", "details": "A hard week.", "location": None,
            "created_at": "2026-12-02T09:00:00+00:00", "accepted_at": None, "waiting_reason": None,
            "waiting_since": None,
            "contact": {"staff_id": SUPPORTER_ID, "name": "Casey Candidate", "email": "casey@psn.test",
                        "phone": "0141 000 0000"}, **changes}


def test_asking_for_support_sends_the_three_answers_once(signed_in, services):
    client = signed_in()
    services.on("POST", "sessions", "/api/v1/support-requests", (201, support_request()))
    page = client.get("/support/ask").data
    key = re.search(rb'name="idempotency_key" value="([^"]+)"', page).group(1).decode()
    response = client.post("/support/ask", data={
        "csrf_token": csrf(page), "idempotency_key": key, "mode": "video", "scope": "within_team",
        "urgency": "soon", "details": "  A hard week.  ", "location": "ignored unless in person"})
    assert response.status_code == 302 and response.headers["Location"] == f"/support/requests/{REQUEST_ID}"
    [sent] = services.calls("POST", "sessions", "/api/v1/support-requests")
    assert sent.json == {"mode": "video", "scope": "within_team", "urgency": "soon", "details": "A hard week."}
    assert sent.headers["Idempotency-Key"] == key


def test_unanswered_questions_are_listed_and_nothing_is_sent(signed_in, services):
    client = signed_in()
    page = client.get("/support/ask").data
    response = client.post("/support/ask", data={"csrf_token": csrf(page), "mode": "in_person"})
    body = response.data.decode()
    assert response.status_code == 422
    assert list(summary(body)) == ["#location", "#scope", "#urgency", "#details"]  # in the page's order
    assert "Enter where you would like to meet" in body and 'id="location-error"' in body
    assert services.calls("POST", "sessions", "/api/v1/support-requests") == []


def test_the_apis_field_problems_become_field_errors(signed_in, services):
    client = signed_in()
    services.on("POST", "sessions", "/api/v1/support-requests", problem(
        422, "Unprocessable Content", [{"field": "details", "message": "must not be blank"}]))
    page = client.get("/support/ask").data
    response = client.post("/support/ask", data={"csrf_token": csrf(page), "mode": "video", "scope": "any",
                                                 "urgency": "routine", "details": "x"})
    body = response.data.decode()
    assert response.status_code == 422
    assert summary(body) == {"#details": "Must not be blank"} and 'id="details-error"' in body
    assert 'value="any" checked' in body  # the answers given are kept


@pytest.mark.parametrize("said, shown", [
    ("Longer than maximum length 2000.", "Enter 2000 characters or fewer"),
    ("Shorter than minimum length 1.", "Enter an answer"),
    ("Length must be between 1 and 200.", "Enter between 1 and 200 characters"),
    ("Not a valid URL.", "Enter a web address starting https://"),
    ("Missing data for required field.", "Answer this question"),
    ("Must be one of: video, phone, in_person.", "Choose one of the options"),
    ("Must be greater than or equal to 1 and less than or equal to 5.", "Enter a number from 1 to 5"),
    ("the link must start https://", "The link must start https://"),
])
def test_the_validators_words_are_said_as_a_person_would_correct_them(signed_in, services, said, shown):
    client = signed_in()
    services.on("POST", "sessions", "/api/v1/support-requests", problem(
        422, "Unprocessable Content", [{"field": "details", "message": said}]))
    page = client.get("/support/ask").data
    response = client.post("/support/ask", data={"csrf_token": csrf(page), "mode": "video", "scope": "any",
                                                 "urgency": "routine", "details": "x"})
    assert summary(response.data.decode()) == {"#details": shown}


def test_my_request_shows_my_supporter_and_their_contact(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    body = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "Your supporter" in body and "Casey Candidate" in body and "mailto:casey@psn.test" in body
    assert "Accept Casey Candidate as my supporter" in body and "Suggest times to talk" in body


def test_the_requester_asks_for_someone_else_or_closes_their_request(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    page = client.get(f"/support/requests/{REQUEST_ID}").data
    body = page.decode()
    assert "Ask for someone else" in body and "Close my request" in body and "Hand this case back" not in body
    another = f"/api/v1/support-requests/{REQUEST_ID}/another-supporter"
    services.on("POST", "sessions", another, (200, support_request(supporter_id=None, status="waiting")))
    moved = client.post(f"/support/requests/{REQUEST_ID}/another", data={"csrf_token": csrf(page)})
    assert moved.status_code == 302 and moved.headers["Location"] == f"/support/requests/{REQUEST_ID}"
    assert len(services.calls("POST", "sessions", another)) == 1
    close = f"/api/v1/support-requests/{REQUEST_ID}/close"
    services.on("POST", "sessions", close, problem(409, "Conflict", detail="this request is already closed"))
    refused = client.post(f"/support/requests/{REQUEST_ID}/withdraw", data={"csrf_token": csrf(page)})
    assert refused.status_code == 422 and "This request is already closed" in refused.data.decode()
    services.on("POST", "sessions", close, (200, support_request(status="closed")))
    closed = client.post(f"/support/requests/{REQUEST_ID}/withdraw", data={"csrf_token": csrf(page)})
    assert closed.status_code == 302 and closed.headers["Location"] == "/support/requests"
    assert services.calls("POST", "sessions", close)[-1].json == {"heavy": False}
    # Waiting: nobody to ask to change, but the request can still be closed.
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request(
        status="waiting", supporter_id=None, contact=None)))
    waiting = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "Ask for someone else" not in waiting and "Close my request" in waiting


def test_a_request_that_is_not_mine_is_not_found(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", problem(404, "Not Found"))
    assert client.get(f"/support/requests/{REQUEST_ID}").status_code == 404
    assert client.get("/support/requests/not-a-uuid").status_code == 404


@pytest.mark.parametrize("method, path, status", [("GET", "/no-such-page", 404), ("POST", "/inbox", 405),
                                                  ("POST", "/support/referrals//consent", 404)])
def test_an_address_that_is_no_page_is_answered_as_such_when_signed_in(signed_in, method, path, status):
    response = signed_in().open(path, method=method)
    assert response.status_code == status
    assert "Page not found" in response.data.decode() and "My support" in response.data.decode()


def test_times_offered_are_sent_in_london_time_with_its_offset(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (201, {}))
    page = client.get(f"/support/requests/{REQUEST_ID}").data
    response = client.post(f"/support/requests/{REQUEST_ID}/times", data={
        "csrf_token": csrf(page), "slot-0[day]": "30", "slot-0[month]": "3", "slot-0[year]": "2027",
        "slot-0-time": "10:00", "slot-0-length": "45", "talk_mode": "phone"})
    assert response.status_code == 302
    [sent] = services.calls("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations")
    assert sent.json == {"mode": "phone", "slots": [
        {"starts_at": "2027-03-30T10:00:00+01:00", "ends_at": "2027-03-30T10:45:00+01:00"}]}


def test_a_clash_the_api_reports_is_shown_on_the_time(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", problem(
        409, "Conflict", [{"field": "slots.0", "message": "you are busy then"}]))
    page = client.get(f"/support/requests/{REQUEST_ID}").data
    response = client.post(f"/support/requests/{REQUEST_ID}/times", data={
        "csrf_token": csrf(page), "slot-0[day]": "30", "slot-0[month]": "3", "slot-0[year]": "2027",
        "slot-0-time": "10:00", "talk_mode": "video", "link": ""})
    body = response.data.decode()
    assert response.status_code == 422 and "Enter the video call link" in body
    assert services.calls("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations") == []
    response = client.post(f"/support/requests/{REQUEST_ID}/times", data={
        "csrf_token": csrf(page), "slot-0[day]": "30", "slot-0[month]": "3", "slot-0[year]": "2027",
        "slot-0-time": "10:00", "talk_mode": "video", "link": "https://meet.example/x"})
    assert summary(response.data.decode()) == {"#slot-0-day": "You are busy then"}


def test_the_other_persons_times_can_be_accepted(signed_in, services):
    client = signed_in()
    proposal = {"id": CONVERSATION_ID, "status": "proposed", "proposed_by": SUPPORTER_ID, "mode": "phone",
                "slots": [{"starts_at": "2027-03-30T10:00:00+01:00", "ends_at": "2027-03-30T11:00:00+01:00"},
                          {"starts_at": "2027-03-31T14:30:00+01:00", "ends_at": "2027-03-31T15:30:00+01:00"}]}
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations",
                (200, {"items": [proposal]}))
    services.on("POST", "sessions", f"/api/v1/conversations/{CONVERSATION_ID}/accept", (200, {}))
    page = client.get(f"/support/requests/{REQUEST_ID}").data
    radios = re.findall(rb'name="slot" type="radio" value="(\d)"', page)
    assert radios == [b"0", b"1"] and b"Wednesday 31 March 2027, 2:30pm" in page
    response = client.post(f"/support/conversations/{CONVERSATION_ID}/accept",
                           data={"csrf_token": csrf(page), "request_id": REQUEST_ID})
    assert response.status_code == 422 and b'href="#slot-choice"' in response.data
    response = client.post(f"/support/conversations/{CONVERSATION_ID}/accept",
                           data={"csrf_token": csrf(page), "request_id": REQUEST_ID, "slot": "1"})
    assert response.status_code == 302
    assert services.calls("POST", "sessions", f"/api/v1/conversations/{CONVERSATION_ID}/accept")[0].json == {"slot": 1}


def test_the_times_i_offered_say_my_supporter_was_told(signed_in, services):
    client = signed_in()
    mine = {"id": CONVERSATION_ID, "status": "proposed", "proposed_by": ME["id"], "mode": "phone",
            "slots": [{"starts_at": "2027-03-30T10:00:00+01:00", "ends_at": "2027-03-30T11:00:00+01:00"},
                      {"starts_at": "2027-03-31T14:30:00+01:00", "ends_at": "2027-03-31T15:30:00+01:00"}]}
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": [mine]}))
    page = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "You offered 2 times. We have told your supporter, and will tell you when one is chosen." in page


def _awaiting(services) -> None:
    services.on("GET", "training", "/api/v1/nominations/awaiting-my-decision", (200, [{
        "nomination": {"id": NOMINATION_ID, "nominee_id": SUPPORTER_ID, "level": 2, "approvals": [],
                       "nominated_at": "2026-12-01T09:00:00+00:00", "status": "awaiting_line_manager"},
        "team_supporters": 0, "many_supporters_in_team": False, "nominee_name": "Casey Candidate",
        "standing_in_for": None}]))


def test_a_stand_in_sees_whose_nomination_it_is_for_whom_they_decide_and_the_course_s_days(signed_in, services):
    client = signed_in(["staff"])
    course = "12121212-1212-4121-8121-121212121212"
    services.on("GET", "training", "/api/v1/nominations/awaiting-my-decision", (200, [{
        "nomination": {"id": NOMINATION_ID, "nominee_id": SUPPORTER_ID, "level": 2, "cohort_id": course,
                       "approvals": [{"monthly_hours": 6}], "nominated_at": "2026-12-01T09:00:00+00:00",
                       "status": "awaiting_senior_manager"},
        "team_supporters": 0, "many_supporters_in_team": False, "nominee_name": "Casey Candidate",
        "standing_in_for": "Sam Senior"}]))
    services.on("GET", "training", f"/api/v1/cohorts/{course}", (200, {
        "id": course, "name": "Level 2 winter, Newport", "kind": "course", "capacity": 12, "booked_count": 3,
        "days": [{"date": "2026-12-11", "start_time": "09:30:00", "end_time": "16:30:00", "location": None,
                  "virtual_link": "https://meet.example.org/l2"},
                 {"date": "2026-12-10", "start_time": "09:30:00", "end_time": "16:30:00",
                  "location": "Room 2, Royal Gwent", "virtual_link": None}]}))
    body = client.get("/nominations").data.decode()
    # The stand-in may not read the nominee's record in the directory: the name comes from training.
    assert not services.calls("GET", "identity", f"/api/v1/staff/{SUPPORTER_ID}")
    assert "Casey Candidate" in body and "A member of your team" not in body
    assert "You decide in place of Sam Senior, their senior manager, who named you to stand in." in body
    assert "For the course Level 2 winter, Newport" in body
    assert body.index("10 December 2026, 9:30am to 4:30pm, at Room 2, Royal Gwent") < body.index(
        "11 December 2026, 9:30am to 4:30pm, online")


def test_a_manager_approves_a_nomination_with_monthly_hours(signed_in, services):
    client = signed_in(["staff", "line_manager"])
    _awaiting(services)
    services.on("POST", "training", f"/api/v1/nominations/{NOMINATION_ID}/approvals", (200, {}))
    page = client.get("/nominations")
    assert b"Casey Candidate" in page.data and b"Level 2: Peer Supporter" in page.data
    response = client.post(f"/nominations/{NOMINATION_ID}/decision",
                           data={"csrf_token": csrf(page.data), "decision": "approve", "monthly_hours": "41"})
    assert response.status_code == 422 and f'href="#hours-{NOMINATION_ID}"'.encode() in response.data
    response = client.post(f"/nominations/{NOMINATION_ID}/decision",
                           data={"csrf_token": csrf(page.data), "decision": "approve", "monthly_hours": "4"})
    assert response.status_code == 302
    [sent] = services.calls("POST", "training", f"/api/v1/nominations/{NOMINATION_ID}/approvals")
    assert sent.json == {"decision": "approve", "monthly_hours": 4}
    assert b"Your decision has been recorded" in client.get("/nominations").data


def test_a_manager_refuses_with_a_reason(signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    _awaiting(services)
    services.on("POST", "training", f"/api/v1/nominations/{NOMINATION_ID}/approvals", problem(
        409, "Conflict", detail="This nomination was already decided."))
    page = client.get("/nominations")
    response = client.post(f"/nominations/{NOMINATION_ID}/decision",
                           data={"csrf_token": csrf(page.data), "decision": "refuse", "reason": "Short-staffed."})
    assert response.status_code == 422 and b"This nomination was already decided." in response.data
    [sent] = services.calls("POST", "training", f"/api/v1/nominations/{NOMINATION_ID}/approvals")
    assert sent.json == {"decision": "refuse", "reason": "Short-staffed."}


def test_only_a_coordinator_sees_the_waiting_list_with_reasons(signed_in, services):
    services.on("GET", "sessions", "/api/v1/support-requests", (200, {"total": 1, "limit": 50, "offset": 0, "items": [
        support_request(status="waiting", supporter_id=None, contact=None,
                        waiting_reason="no supporter offers video support at Ysbyty Gwynedd, Bangor",
                        waiting_since="2026-12-02T09:10:00+00:00")]}))
    client = signed_in(["staff"])
    assert client.get("/coordinate/waiting").status_code == 403
    client = signed_in(["staff", "coordinator"])
    body = client.get("/coordinate/waiting").data.decode()
    assert "No supporter offers video support at Ysbyty Gwynedd, Bangor" in body and "1 request waiting" in body
    assert "Wednesday 2 December 2026, 9:10am" in body and "Asked Wednesday 2 December 2026, 9:00am" in body
    assert services.calls("GET", "sessions", "/api/v1/support-requests")[-1].params == {
        "status": "waiting", "limit": 50, "offset": 0}
    # Opened from here, the read says why in the audit the colleague and the administrator read.
    assert f'href="/support/requests/{REQUEST_ID}?why=waiting"' in body
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request(
        status="waiting", supporter_id=None, contact=None)))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    client.get(f"/support/requests/{REQUEST_ID}?why=waiting")
    assert services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}")[-1].params == {
        "reason": "a waiting request, from the coordinators' waiting list"}
    client.get(f"/support/requests/{REQUEST_ID}?why=urgent")  # the link in an urgent referral's alert
    assert services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}")[-1].params == {
        "reason": "an urgent alert to the coordinators"}


def test_the_inbox_shows_the_unread_count_and_marks_read(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", "/api/v1/inbox", (200, {"total": 1, "unread": 1, "limit": 20, "offset": 0,
                                                                "items": [{"id": REQUEST_ID, "subject": "Matched",
                                                                           "body": "Casey will be in touch.",
                                                                           "read": False, "kind": "allocated",
                                                                           "created_at": "2026-12-02T09:00:00Z"}]}))
    services.on("POST", "notifications", "/api/v1/inbox/read-all", (200, {"marked": 1, "unread": 0}))
    page = client.get("/inbox")
    assert b"You have 1 unread message." in page.data and b"Casey will be in touch." in page.data
    assert client.post("/inbox/read-all", data={"csrf_token": csrf(page.data)}).status_code == 302
    assert len(services.calls("POST", "notifications", "/api/v1/inbox/read-all")) == 1


def test_web_addresses_in_a_message_are_links_and_marking_read_keeps_the_page(signed_in, services):
    client = signed_in()
    body = ("It is here, once you sign in: https://psn.test/support/requests/1?why=waiting&x=1.\n"
            "Join by video call: https://meet.test/a<b>, or <script>alert(1)</script>")
    services.on("GET", "notifications", "/api/v1/inbox", (200, {"total": 45, "unread": 1, "limit": 20, "offset": 20,
                                                                "items": [{"id": REQUEST_ID, "subject": "An item",
                                                                           "body": body, "read": False, "kind": "x",
                                                                           "created_at": "2026-12-02T09:00:00Z"}]}))
    services.on("POST", "notifications", f"/api/v1/inbox/{REQUEST_ID}/read", (200, {}))
    page = client.get("/inbox?page=2")
    html = page.data.decode()
    assert services.calls("GET", "notifications", "/api/v1/inbox")[-1].params["offset"] == 20
    assert ('<a href="https://psn.test/support/requests/1?why=waiting&amp;x=1">'
            "https://psn.test/support/requests/1?why=waiting&amp;x=1</a>.") in html
    assert '<a href="https://meet.test/a">https://meet.test/a</a>&lt;b&gt;' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    marked = client.post(f"/inbox/{REQUEST_ID}/read?page=2", data={"csrf_token": csrf(page.data)})
    assert marked.headers["Location"] == f"/inbox?page=2#entry-{REQUEST_ID}"
    assert f'action="/inbox/{REQUEST_ID}/read?page=2"' in html


def test_a_page_past_the_end_of_a_list_goes_to_its_last_page(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", "/api/v1/inbox", (200, {"total": 45, "unread": 0, "limit": 20, "offset": 1960,
                                                                "items": []}))
    past = client.get("/inbox?page=99")
    assert past.status_code == 302 and past.headers["Location"] == "/inbox?page=3"
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [], "total": 0, "limit": 50,
                                                                    "offset": 100}))
    assert client.get("/reflective?page=3").headers["Location"] == "/reflective?page=1"


def test_my_training_record_and_certificate_download(signed_in, services):
    client = signed_in()
    certificate = "66666666-6666-4666-8666-666666666666"
    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01"}, {"level": 2, "completed_on": "2026-11-20"}],
        "certificates": [{"id": certificate, "level": 2, "status": "valid", "expires_on": "2029-11-20"}],
        "nominations": []}))
    services.on("GET", "training", f"/api/v1/people/{ME['id']}/level-3-eligibility", (200, {"eligible": False,
                                                                                          "reasons": ["not yet"]}))
    services.on("GET", "training", f"/api/v1/certificates/{certificate}/pdf", (200, b"%PDF-1.7 test"))
    body = client.get("/training").data.decode()
    assert "1 November 2026" in body and f"/training/certificates/{certificate}.pdf" in body
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r'<tr class="nhsuk-table__row">(.*?)</tr>', body, re.S)]
    # Level 1 does not expire; Level 2 holds as long as its certificate.
    assert rows[0].endswith("1 November 2026 Does not expire") and rows[1].endswith("20 November 2026 20 November 2029")
    pdf = client.get(f"/training/certificates/{certificate}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data == b"%PDF-1.7 test"


GROUP_SESSION = "77777777-7777-4777-8777-777777777777"
MANAGERS_SESSION = "77777777-7777-4777-8777-777777777778"
SESSION_I_RUN = "77777777-7777-4777-8777-777777777779"


def group_session(**changes) -> dict:
    return {"id": GROUP_SESSION, "series_id": None, "facilitator_id": SUPPORTER_ID, "theme": "After a hard shift",
            "starts_at": "2027-01-12T12:00:00+00:00", "ends_at": "2027-01-12T13:30:00+00:00", "capacity": 8,
            "places_left": 3, "waiting": 0, "audience": "everyone", "open_to_you": True,
            "link": "https://meet.example/room", "room": None, "status": "scheduled", "moved": False, "sequence": 0,
            "your_booking": None, **changes}


def test_reflective_sessions_are_booked_and_cancelled_and_a_full_one_offers_the_waiting_list(signed_in, services):
    client = signed_in()
    booking = f"/api/v1/group-sessions/{GROUP_SESSION}/booking"
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [
        group_session(), group_session(id=SUPPORTER_ID, places_left=0, waiting=2, theme="Managing a team",
                                       link=None)],  # sessions gives the link only to those with a place
        "total": 2, "limit": 50, "offset": 0}))
    page = client.get("/reflective")
    body = page.data.decode()
    assert "After a hard shift" in body and "Tuesday 12 January 2027, 12:00pm to 1:30pm" in body
    assert body.count("Online, the link is shown once you have a place") == 2 and "None" not in body
    assert "3 of 8 left" in body and "Full, 2 on the waiting list" in body
    assert "Book a place" in body and "Join the waiting list" in body
    assert "https://meet.example/room" not in body  # the link is for those with a place
    services.on("POST", "sessions", booking, (201, group_session(your_booking={"status": "booked"})))
    booked = client.post(f"/reflective/{GROUP_SESSION}/book", data={"csrf_token": csrf(page.data)})
    assert booked.status_code == 302 and booked.headers["Location"] == f"/reflective#session-{GROUP_SESSION}"
    assert "You have a place" in client.get("/reflective").data.decode()  # the flash
    services.on("POST", "sessions", booking, problem(403, "Forbidden", detail="this session is for middle managers"))
    refused = client.post(f"/reflective/{GROUP_SESSION}/book", data={"csrf_token": csrf(page.data)})
    assert refused.status_code == 422 and "This session is for middle managers" in refused.data.decode()
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [
        group_session(your_booking={"status": "booked", "waiting_place": None, "attended": None})],
        "total": 1, "limit": 50, "offset": 0}))
    mine = client.get("/reflective").data.decode()
    assert "Cancel my place" in mine and "https://meet.example/room" in mine
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [
        group_session(status="cancelled"), group_session(id=SUPPORTER_ID, starts_at="2020-01-01T10:00:00+00:00")],
        "total": 2, "limit": 50, "offset": 0}))
    neither = client.get("/reflective").data.decode()
    assert "This session will not take place" in neither and "Under way" in neither and "Book a place" not in neither
    services.on("DELETE", "sessions", booking, (200, group_session()))
    cancelled = client.post(f"/reflective/{GROUP_SESSION}/cancel", data={"csrf_token": csrf(page.data)})
    assert cancelled.status_code == 302 and len(services.calls("DELETE", "sessions", booking)) == 1


def test_a_cancelled_reflective_session_says_so_and_offers_no_place(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [group_session(
        status="cancelled", your_booking={"status": "booked", "waiting_place": None, "attended": None})],
        "total": 1, "limit": 50, "offset": 0}))
    body = client.get("/reflective").data.decode()
    assert "None: the session is cancelled" in body and "3 of 8 left" not in body
    assert "You have a place" not in body and "https://meet.example/room" not in body
    assert "Cancel my place" not in body and "Book a place" not in body


def test_a_reflective_session_not_open_to_me_says_so_instead_of_offering_a_booking(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [
        group_session(audience="peer_supporters", open_to_you=False),
        group_session(id=MANAGERS_SESSION, audience="middle_managers", open_to_you=False, places_left=0, waiting=1),
        group_session(id=SESSION_I_RUN, facilitator_id=ME["id"])],
        "total": 3, "limit": 50, "offset": 0}))
    body = client.get("/reflective").data.decode()
    assert "This session is for peer supporters, so you cannot book it." in body
    assert "This session is for middle managers (people who line-manage someone), so you cannot book it." in body
    assert "You facilitate this session." in body
    assert "Book a place" not in body and "Join the waiting list" not in body
    assert f"/reflective/{GROUP_SESSION}/book" not in body


def test_a_booking_i_hold_can_be_cancelled_though_the_session_is_no_longer_open_to_me(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [group_session(
        audience="peer_supporters", open_to_you=False,
        your_booking={"status": "waiting", "waiting_place": 1, "attended": None})],
        "total": 1, "limit": 50, "offset": 0}))
    body = client.get("/reflective").data.decode()
    assert "Leave the waiting list" in body and "you cannot book it" not in body


def test_reflective_sessions_are_listed_a_page_at_a_time_and_a_booking_returns_to_its_page(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [group_session()], "total": 120,
                                                                    "limit": 50, "offset": 50}))
    page = client.get("/reflective?page=2")
    body = page.data.decode()
    assert services.calls("GET", "sessions", "/api/v1/group-sessions")[-1].params == {"limit": 50, "offset": 50}
    assert "Page 1 of 3" in body and "Page 3 of 3" in body
    assert f'action="/reflective/{GROUP_SESSION}/book?page=2"' in body
    services.on("POST", "sessions", f"/api/v1/group-sessions/{GROUP_SESSION}/booking", (201, group_session(
        your_booking={"status": "waiting", "waiting_place": 3})))
    booked = client.post(f"/reflective/{GROUP_SESSION}/book?page=2", data={"csrf_token": csrf(page.data)})
    assert booked.headers["Location"] == f"/reflective?page=2#session-{GROUP_SESSION}"


REVIEW = "88888888-8888-4888-8888-888888888888"
REPORT = "99999999-9999-4999-8999-999999999999"


def review(**changes) -> dict:
    return {"id": REVIEW, "staff_id": ME["id"], "reviewer_id": SUPPORTER_ID, "starts_at": "2027-02-03T14:30:00+00:00",
            "ends_at": "2027-02-03T15:30:00+00:00", "link": None, "room": "Room 4", "status": "scheduled",
            "held_at": None, "sequence": 0, **changes}


def test_a_wellbeing_review_is_arranged_in_london_time_and_cancelled(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews", (200, {"items": [review()]}))
    page = client.get("/wellbeing-reviews")
    body = page.data.decode()
    assert "Wednesday 3 February 2027, 2:30pm" in body and "Room 4" in body and "Cancel it" in body
    assert "Your team's reviews" not in body  # not a line manager
    blank = client.post("/wellbeing-reviews", data={"csrf_token": csrf(page.data), "review-how": "in_person",
                                                    "review-length": "60"})
    assert blank.status_code == 422
    assert summary(blank.data.decode()) == {"#review-day": "Enter the date of the review",
                                            "#review-time": "Enter a start time, for example 14:30"}
    services.on("POST", "sessions", "/api/v1/wellbeing-reviews", (201, review()))
    arranged = client.post("/wellbeing-reviews", data={
        "csrf_token": csrf(page.data), "review-day[day]": "1", "review-day[month]": "7", "review-day[year]": "2027",
        "review-time": "9.30", "review-length": "45", "review-how": "video", "review-link": "https://meet.example/r"})
    assert arranged.status_code == 302
    assert services.calls("POST", "sessions", "/api/v1/wellbeing-reviews")[-1].json == {
        "starts_at": "2027-07-01T09:30:00+01:00", "ends_at": "2027-07-01T10:15:00+01:00",
        "link": "https://meet.example/r"}  # British Summer Time
    services.on("POST", "sessions", f"/api/v1/wellbeing-reviews/{REVIEW}/cancel", (200, review(status="cancelled")))
    cancelled = client.post(f"/wellbeing-reviews/{REVIEW}/cancel", data={"csrf_token": csrf(page.data)})
    assert cancelled.status_code == 302 and len(services.calls("POST", "sessions",
                                                                f"/api/v1/wellbeing-reviews/{REVIEW}/cancel")) == 1


def test_a_wellbeing_review_is_moved_before_it_starts_in_the_same_place(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews", (200, {"items": [
        review(), review(id=REPORT, starts_at="2020-01-01T10:00:00+00:00", ends_at="2020-01-01T11:00:00+00:00")]}))
    page = client.get("/wellbeing-reviews")
    body = page.data.decode()
    assert body.count("Move it") == 1  # the one begun is recorded, not moved
    moving = f"/api/v1/wellbeing-reviews/{REVIEW}/reschedule"
    services.on("POST", "sessions", moving, problem(409, "Conflict", detail="You are busy then."))
    bad = client.post(f"/wellbeing-reviews/{REVIEW}/move", data={"csrf_token": csrf(page.data),
                                                                  f"move-{REVIEW}-length": "60"})
    assert bad.status_code == 422 and f"#move-{REVIEW}-day" in summary(bad.data.decode())
    assert "<details class=\"nhsuk-details nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0\" open>" in bad.data.decode()
    assert services.calls("POST", "sessions", moving) == []
    form = {"csrf_token": csrf(page.data), f"move-{REVIEW}-day[day]": "4", f"move-{REVIEW}-day[month]": "2",
            f"move-{REVIEW}-day[year]": "2027", f"move-{REVIEW}-time": "10:00", f"move-{REVIEW}-length": "45"}
    busy = client.post(f"/wellbeing-reviews/{REVIEW}/move", data=form)
    assert busy.status_code == 422 and "You are busy then." in busy.data.decode()
    assert services.calls("POST", "sessions", moving)[-1].json == {
        "starts_at": "2027-02-04T10:00:00+00:00", "ends_at": "2027-02-04T10:45:00+00:00"}
    services.on("POST", "sessions", moving, (200, review()))
    assert client.post(f"/wellbeing-reviews/{REVIEW}/move", data=form).status_code == 302


def test_i_choose_whom_to_meet_for_my_review_my_line_manager_unless_i_say_otherwise(signed_in, services):
    services.on("GET", "identity", "/api/v1/me", (200, {**ME, "line_manager_id": SUPPORTER_ID}))
    client = signed_in()
    services.on("GET", "identity", "/api/v1/me/support-contacts", (200, {"team": None, "peer_supporters": [],
        "champions": [{"staff_id": REPORT, "name": "Chris Champion", "email": "c@psn.test", "phone": None}]}))
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews", (200, {"items": []}))
    page = client.get("/wellbeing-reviews")
    body = page.data.decode()
    assert "Who will you meet?" in body and "Chris Champion (wellbeing champion)" in body
    chosen = re.findall(r'<option value="([^"]*)" selected\s*>([^<]*)<', body)
    assert chosen[0] == (SUPPORTER_ID, "My line manager")  # before the review's length, chosen already
    services.on("POST", "sessions", "/api/v1/wellbeing-reviews", (201, review(reviewer_id=REPORT)))
    form = {"csrf_token": csrf(page.data), "review-day[day]": "1", "review-day[month]": "7", "review-day[year]": "2027",
            "review-time": "9:30", "review-length": "45", "review-how": "in_person", "review-room": "Room 4"}
    assert client.post("/wellbeing-reviews", data={**form, "review-with": REPORT}).status_code == 302
    assert services.calls("POST", "sessions", "/api/v1/wellbeing-reviews")[-1].json["reviewer_id"] == REPORT
    stranger = client.post("/wellbeing-reviews", data={**form, "review-with": REVIEW})
    assert stranger.status_code == 422
    assert summary(stranger.data.decode()) == {"#review-with": "Choose who you will meet"}
    assert len(services.calls("POST", "sessions", "/api/v1/wellbeing-reviews")) == 1


def test_a_colleague_chosen_to_hold_a_review_sees_it_and_can_move_cancel_or_record_it(signed_in, services):
    client = signed_in()  # manages nobody: chosen by a colleague who does not report to them
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews", (200, {"items": [
        review(staff_id=REPORT, reviewer_id=ME["id"])]}))
    body = client.get("/wellbeing-reviews").data.decode()
    assert "Reviews you hold" in body and "A colleague who chose you" in body
    assert "Wednesday 3 February 2027, 2:30pm" in body and "Cancel it" in body and "Move it" in body


def test_a_review_already_arranged_for_someone_is_not_offered_again(signed_in, services):
    client = signed_in(["staff", "line_manager"])
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews", (200, {"items": []}))
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews/due", (200, {"items": [
        {"staff_id": REPORT, "name": "Dana Due", "last_held_at": None, "arranged_for": "2027-02-03T14:30:00+00:00",
         "due": True},
        {"staff_id": REVIEW, "name": "Nat New", "last_held_at": None, "arranged_for": None, "due": True}]}))
    body = client.get("/wellbeing-reviews").data.decode()
    assert f"for={REPORT}" not in body and f"for={REVIEW}" in body


def test_a_line_manager_sees_whose_review_is_due_and_arranges_one_for_them(signed_in, services):
    client = signed_in(["staff", "line_manager"])
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews", (200, {"items": [
        review(staff_id=REPORT, reviewer_id=ME["id"], starts_at="2020-01-01T10:00:00+00:00")]}))
    services.on("GET", "sessions", "/api/v1/wellbeing-reviews/due", (200, {"items": [
        {"staff_id": REPORT, "name": "Dana Due", "last_held_at": None, "arranged_for": None, "due": True}]}))
    body = client.get("/wellbeing-reviews").data.decode()
    assert "Dana Due" in body and "Due" in body and "Never" in body
    assert "Record that it took place" in body  # the review they hold has begun
    page = client.get(f"/wellbeing-reviews?for={REPORT}")
    assert "Arrange a review for Dana Due" in page.data.decode()
    services.on("POST", "sessions", "/api/v1/wellbeing-reviews", problem(
        422, "Unprocessable Content", [{"field": "starts_at", "message": "the review must start in the future"}]))
    refused = client.post("/wellbeing-reviews", data={
        "csrf_token": csrf(page.data), "for": REPORT, "review-day[day]": "1", "review-day[month]": "1",
        "review-day[year]": "2027", "review-time": "10:00", "review-length": "60", "review-how": "in_person",
        "review-room": "Room 4"})
    assert refused.status_code == 422
    assert summary(refused.data.decode()) == {"#review-day": "The review must start in the future"}
    assert "Arrange a review for Dana Due" in refused.data.decode()  # still for them
    assert services.calls("POST", "sessions", "/api/v1/wellbeing-reviews")[-1].json["staff_id"] == REPORT


BOOKED = {"id": CONVERSATION_ID, "status": "booked", "proposed_by": SUPPORTER_ID, "mode": "phone",
          "starts_at": "2099-03-30T10:00:00+01:00", "ends_at": "2099-03-30T11:00:00+01:00", "slots": []}


def test_i_see_when_my_supporter_usually_offers_time_before_offering_mine(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/availability", (200, {
        "staff_id": SUPPORTER_ID, "time_zone": "Europe/London",
        "windows": [{"id": "w1", "weekday": "tue", "starts": "17:00", "ends": "19:00", "label": None},
                    {"id": "w2", "weekday": "sat", "starts": "09:00", "ends": "11:00", "label": None}],
        "leave": [{"id": "l1", "first_day": "2027-02-03", "last_day": "2027-02-05"}]}))
    body = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    free = body.split('id="supporter-free"')[1].split("</div>")[0]
    assert "Tuesdays 17:00 to 19:00, Saturdays 09:00 to 11:00" in free
    assert "away from 3 February 2027 to 5 February 2027" in free
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}",
                (200, support_request(status="waiting", supporter_id=None)))
    client.get(f"/support/requests/{REQUEST_ID}")
    assert len(services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/availability")) == 1


def _booked_time(services) -> None:
    """My request, allocated, with a time booked that has not begun."""
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": [BOOKED]}))


def test_a_booked_time_is_cancelled_with_a_reason_by_either_of_the_two(signed_in, services):
    client = signed_in()
    _booked_time(services)
    page = client.get(f"/support/requests/{REQUEST_ID}").data
    assert b"Cancel this time" in page
    cancel = f"/api/v1/conversations/{CONVERSATION_ID}/cancel"
    blank = client.post(f"/support/conversations/{CONVERSATION_ID}/cancel",
                        data={"csrf_token": csrf(page), "request_id": REQUEST_ID, "reason": " "})
    assert blank.status_code == 422 and b"<details class=\"nhsuk-details\" open>" in blank.data
    assert summary(blank.data.decode()) == {f"#cancel-reason-{CONVERSATION_ID}": "Enter why you are cancelling"}
    services.on("POST", "sessions", cancel, (200, {**BOOKED, "status": "cancelled"}))
    done = client.post(f"/support/conversations/{CONVERSATION_ID}/cancel",
                       data={"csrf_token": csrf(page), "request_id": REQUEST_ID, "reason": "A shift swap."})
    assert done.status_code == 302 and done.headers["Location"] == f"/support/requests/{REQUEST_ID}#times"
    assert services.calls("POST", "sessions", cancel)[-1].json == {"reason": "A shift swap."}


def test_the_request_page_says_why_a_time_was_moved_or_called_off_as_the_messages_promise(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": [
        {**BOOKED, "id": "c-moved", "reschedules": 1, "reschedule_reason": "Ward round overran"},
        {**BOOKED, "id": "c-off", "status": "cancelled", "cancelled_by": SUPPORTER_ID, "late_cancellation": True,
         "cancel_reason": "Called in to cover a shift"},
        {**BOOKED, "id": "c-mine", "status": "cancelled", "cancelled_by": ME["id"], "cancel_reason": "On leave"}]}))
    body = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "Moved to this time: “Ward round overran”" in body
    assert "Cancelled by Casey Candidate, late: “Called in to cover a shift”" in body
    assert "Cancelled by you: “On leave”" in body


COURSE = "12121212-1212-4121-8121-121212121212"
NOMINATION = "13131313-1313-4131-8131-131313131313"


def test_level_1_is_reported_with_evidence_and_level_2_nominated_and_withdrawn(signed_in, services):
    client = signed_in()
    record = f"/api/v1/people/{ME['id']}"
    services.on("GET", "training", record, (200, {"completions": [], "certificates": [], "nominations": []}))
    page = client.get("/training")
    body = page.data.decode()
    assert "Done Level 1 elsewhere?" in body and "Become a peer supporter" not in body
    blank = client.post("/training/level-1-claim", data={"csrf_token": csrf(page.data)})
    assert summary(blank.data.decode()) == {
        "#claim-day": "Enter the date you completed Level 1",
        "#evidence": "Enter your certificate&#39;s reference, a link to it, or where you took the course"}
    services.on("POST", "training", "/api/v1/level1-claims", (201, {}))
    claimed = client.post("/training/level-1-claim", data={
        "csrf_token": csrf(page.data), "claim-day[day]": "3", "claim-day[month]": "11", "claim-day[year]": "2026",
        "evidence": " LearnPro certificate 4471 "})
    assert claimed.status_code == 302
    assert services.calls("POST", "training", "/api/v1/level1-claims")[-1].json == {
        "completed_on": "2026-11-03", "evidence": "LearnPro certificate 4471"}

    services.on("GET", "training", record, (200, {"completions": [], "certificates": [], "nominations": [], "claims": [
        {"completed_on": "2026-11-03", "status": "pending", "rejection_reason": None},
        {"completed_on": "2026-10-01", "status": "rejected", "rejection_reason": "no such course"}]}))
    reported = client.get("/training").data.decode()
    assert "waiting for a coordinator to check it" in reported and "not recorded (no such course)" in reported
    assert "Done Level 1 elsewhere?" not in reported  # one is waiting to be checked

    services.on("GET", "training", record, (200, {"completions": [{"level": 1, "completed_on": "2026-11-01",
                                                                   "expires_on": None}],
                                                   "certificates": [], "nominations": []}))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [
        {"id": COURSE, "name": "Level 2, spring", "kind": "course", "capacity": 12, "booked_count": 4,
         "days": [{"date": "2027-03-02"}, {"date": "2027-03-09"}]},
        {"id": NOMINATION, "name": "Level 2 refresher", "kind": "refresher", "capacity": 12, "booked_count": 0,
         "days": [{"date": "2027-02-02"}]}], "total": 2, "limit": 20, "offset": 0}))
    page = client.get("/training")
    body = page.data.decode()
    assert "Level 2, spring, from 2 March 2027" in body and "2 days, 8 of 12 places left" in body
    assert "Level 2 refresher" not in body  # a refresher is for those holding the certificate
    assert "Done Level 1 elsewhere?" not in body
    services.on("POST", "training", "/api/v1/nominations", (201, {}))
    for course, sent in ((COURSE, {"cohort_id": COURSE}), ("next", {"level": 2})):
        done = client.post("/training/nominations", data={"csrf_token": csrf(page.data), "course": course})
        assert done.status_code == 302
        assert services.calls("POST", "training", "/api/v1/nominations")[-1].json == {"nominee_id": ME["id"], **sent}
    unchosen = client.post("/training/nominations", data={"csrf_token": csrf(page.data)})
    assert summary(unchosen.data.decode()) == {"#course": "Choose a course date, or the next one to be arranged"}

    services.on("GET", "training", record, (200, {"completions": [{"level": 1, "completed_on": "2026-11-01",
                                                                   "expires_on": None}], "certificates": [],
                                                   "nominations": [{"id": NOMINATION, "level": 2,
                                                                    "status": "awaiting_line_manager"}]}))
    page = client.get("/training")
    assert b"Become a peer supporter" not in page.data and b"Withdraw this nomination" in page.data
    services.on("POST", "training", f"/api/v1/nominations/{NOMINATION}/withdrawal", (200, {}))
    withdrawn = client.post(f"/training/nominations/{NOMINATION}/withdraw", data={"csrf_token": csrf(page.data)})
    assert withdrawn.status_code == 302
    assert len(services.calls("POST", "training", f"/api/v1/nominations/{NOMINATION}/withdrawal")) == 1


def test_my_training_says_which_course_a_nomination_is_for_when_and_where_and_each_course_offered_where(
        signed_in, services):
    client = signed_in()
    online = "16161616-1616-4161-8161-161616161616"
    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01", "expires_on": None}], "certificates": [],
        "nominations": [{"id": NOMINATION, "level": 2, "status": "booked", "cohort_id": COURSE, "monthly_hours": 4},
                        {"id": "17171717-1717-4171-8171-171717171717", "level": 2, "status": "withdrawn",
                         "cohort_id": online}]}))
    newport = {"id": COURSE, "name": "Level 2 winter, Newport", "kind": "course", "capacity": 1, "booked_count": 1,
               "days": [{"date": "2026-12-10", "start_time": "13:00:00", "end_time": "16:30:00",
                         "location": "Room 2, Royal Gwent", "virtual_link": None}]}
    services.on("GET", "training", f"/api/v1/cohorts/{COURSE}", (200, newport))
    body = client.get("/training").data.decode()
    assert "Your place: Level 2 winter, Newport" in body
    assert "10 December 2026, 1:00pm to 4:30pm, at Room 2, Royal Gwent" in body
    assert not services.calls("GET", "training", f"/api/v1/cohorts/{online}")  # a closed nomination's course

    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01", "expires_on": None}], "certificates": [],
        "nominations": []}))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [newport, {
        "id": online, "name": "Level 2 winter, online", "kind": "course", "capacity": 2, "booked_count": 0,
        "days": [{"date": "2026-12-17", "start_time": "09:30:00", "end_time": "16:30:00", "location": None,
                  "virtual_link": "https://meet.example.org/l2"}]}], "total": 2, "limit": 500, "offset": 0}))
    body = client.get("/training").data.decode()
    assert "1 day, full: you would join its waiting list; in person at Room 2, Royal Gwent" in body
    assert "1 day, 2 of 2 places left; online" in body


def test_a_booked_place_offers_its_course_days_for_a_calendar_downloaded_through_the_web_app(signed_in, services):
    client = signed_in()
    waiting = "18181818-1818-4181-8181-181818181818"
    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01", "expires_on": None}], "certificates": [],
        "nominations": [{"id": NOMINATION, "level": 2, "status": "booked", "cohort_id": COURSE, "monthly_hours": 4},
                        {"id": "17171717-1717-4171-8171-171717171717", "level": 3, "status": "waiting_list",
                         "cohort_id": waiting}]}))
    for cohort_id in (COURSE, waiting):
        services.on("GET", "training", f"/api/v1/cohorts/{cohort_id}", (200, {
            "id": cohort_id, "name": f"Course {cohort_id[:2]}", "kind": "course", "capacity": 1, "booked_count": 1,
            "days": [{"date": "2026-12-10", "start_time": "09:30:00", "end_time": "16:30:00", "location": "Room 2",
                      "virtual_link": None}]}))
    body = client.get("/training").data.decode()
    assert body.count("Add the course days to your calendar (.ics)") == 1  # the place booked, not the one waiting
    assert f'href="/training/courses/{COURSE}.ics"' in body and f"/training/courses/{waiting}.ics" not in body

    services.on("GET", "training", f"/api/v1/cohorts/{COURSE}/calendar", (200, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                                                         {"Content-Type": "text/calendar"}))
    download = client.get(f"/training/courses/{COURSE}.ics")
    assert (download.status_code, download.mimetype, download.data) == (
        200, "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert download.headers["Content-Disposition"] == f'attachment; filename="course-{COURSE}.ics"'
    (sent,) = services.calls("GET", "training", f"/api/v1/cohorts/{COURSE}/calendar")
    assert sent.headers["Authorization"].startswith("Bearer ")
    services.on("GET", "training", f"/api/v1/cohorts/{waiting}/calendar", problem(403, "Forbidden"))
    assert client.get(f"/training/courses/{waiting}.ics").status_code == 403
    assert client.get("/training/courses/not-a-course.ics").status_code == 404


def test_a_booked_place_moves_to_another_open_course_with_room_and_nobody_approves_it_again(signed_in, services):
    client = signed_in()
    online, full = "16161616-1616-4161-8161-161616161616", "18181818-1818-4181-8181-181818181818"
    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01", "expires_on": None}], "certificates": [],
        "nominations": [{"id": NOMINATION, "level": 2, "kind": "course", "status": "booked", "cohort_id": COURSE}]}))
    day = {"start_time": "09:30:00", "end_time": "16:30:00", "location": "Room 2", "virtual_link": None}
    services.on("GET", "training", f"/api/v1/cohorts/{COURSE}", (200, {
        "id": COURSE, "name": "Level 2 winter, Newport", "days": [{"date": "2026-12-10", **day}]}))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [
        {"id": COURSE, "name": "Level 2 winter, Newport", "kind": "course", "capacity": 1, "booked_count": 1,
         "days": [{"date": "2026-12-10", **day}]},
        {"id": full, "name": "Level 2 winter, Cardiff", "kind": "course", "capacity": 1, "booked_count": 1,
         "days": [{"date": "2026-12-12", **day}]},
        {"id": online, "name": "Level 2 winter, online", "kind": "course", "capacity": 2, "booked_count": 0,
         "days": [{"date": "2026-12-17", **day, "location": None, "virtual_link": "https://meet.example.org/l2"}]}],
        "total": 3, "limit": 500, "offset": 0}))
    page = client.get("/training")
    moving = page.data.decode().split("Move to another course")[1].split("</details>")[0]
    # Not its own course, nor a full one: a booked place moves only into a free place.
    assert "Level 2 winter, online" in moving and "Cardiff" not in moving and "Newport, from" not in moving
    assert "Your place on Level 2 winter, Newport goes to the first person waiting for it." in moving
    booking = f"/api/v1/nominations/{NOMINATION}/booking"
    unchosen = client.post(f"/training/nominations/{NOMINATION}/book", data={"csrf_token": csrf(page.data),
                                                                             "moving": "1"})
    assert summary(unchosen.data.decode()) == {f"#move-{NOMINATION}": "Choose a course"}
    services.on("POST", "training", booking, problem(409, "Conflict", detail="Level 2 winter, online is full",
                                                     errors=[{"field": "cohort_id", "message": "it is full"}]))
    refused = client.post(f"/training/nominations/{NOMINATION}/book", data={"csrf_token": csrf(page.data),
                                                                            "moving": "1", "cohort_id": online})
    assert refused.status_code == 422 and f'href="#move-{NOMINATION}"'.encode() in refused.data
    services.on("POST", "training", booking, (200, {"id": NOMINATION, "status": "booked", "cohort_id": online}))
    moved = client.post(f"/training/nominations/{NOMINATION}/book", data={"csrf_token": csrf(page.data),
                                                                          "moving": "1", "cohort_id": online})
    assert moved.status_code == 302 and services.calls("POST", "training", booking)[-1].json == {"cohort_id": online}
    assert "Your place has moved to the course you chose" in client.get("/training").data.decode()


def test_an_approved_nominee_on_the_general_list_books_an_open_course_or_its_waiting_list(signed_in, services):
    client = signed_in()
    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01", "expires_on": None}], "certificates": [],
        "nominations": [{"id": NOMINATION, "level": 2, "status": "approved", "cohort_id": None}]}))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [], "total": 0, "limit": 500, "offset": 0}))
    assert "No course is open for booking yet" in client.get("/training").data.decode()
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [
        {"id": COURSE, "name": "Level 2, spring", "kind": "course", "capacity": 12, "booked_count": 12,
         "days": [{"date": "2027-03-02"}]}], "total": 1, "limit": 500, "offset": 0}))
    page = client.get("/training")
    body = page.data.decode()
    assert "choose your course" in body and "full: you would join its waiting list" in body
    assert services.calls("GET", "training", "/api/v1/cohorts")[-1].params["level"] == 2
    booking = f"/api/v1/nominations/{NOMINATION}/booking"
    unchosen = client.post(f"/training/nominations/{NOMINATION}/book", data={"csrf_token": csrf(page.data)})
    assert summary(unchosen.data.decode()) == {f"#book-{NOMINATION}": "Choose a course"}
    services.on("POST", "training", booking, (200, {"id": NOMINATION, "status": "waiting_list"}))
    booked = client.post(f"/training/nominations/{NOMINATION}/book", data={"csrf_token": csrf(page.data),
                                                                           "cohort_id": COURSE})
    assert booked.status_code == 302 and services.calls("POST", "training", booking)[-1].json == {"cohort_id": COURSE}
    assert "you are on its waiting list" in client.get("/training").data.decode()


CERTIFICATE = "14141414-1414-4141-8141-141414141414"
REFRESHER = "15151515-1515-4151-8151-151515151515"


def peer_supporter_record(**certificate) -> dict:
    return {"completions": [{"level": 1, "completed_on": "2024-11-01", "expires_on": None},
                            {"level": 2, "completed_on": "2025-01-10", "expires_on": "2027-01-10"}],
            "certificates": [{"id": CERTIFICATE, "level": 2, "status": "valid", "expires_on": "2099-01-10",
                              **certificate}], "nominations": []}


def test_level_3_is_offered_once_training_finds_me_eligible_and_says_why_not_before(signed_in, services):
    client = signed_in()
    eligibility = f"/api/v1/people/{ME['id']}/level-3-eligibility"
    services.on("GET", "training", f"/api/v1/people/{ME['id']}", (200, peer_supporter_record()))
    services.on("GET", "training", eligibility, (200, {"eligible": False, "reasons": [
        "a peer supporter for 40 days; 180 are needed", "the grade Band 4 is below Band 5"]}))
    body = client.get("/training").data.decode()
    not_yet = body.split('id="level-3-not-yet"')[1].split("</ul>")[0]
    assert "A peer supporter for 40 days; 180 are needed" in not_yet and "The grade Band 4 is below Band 5" in not_yet
    assert "Nominate myself" not in body and "Become a peer supporter" not in body

    services.on("GET", "training", eligibility, (200, {"eligible": True, "reasons": []}))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [
        {"id": COURSE, "name": "Train the Trainer, summer", "kind": "course", "capacity": 8, "booked_count": 2,
         "days": [{"date": "2027-06-01"}]}], "total": 1, "limit": 500, "offset": 0}))
    page = client.get("/training")
    assert b"Train the trainers" in page.data and b"Train the Trainer, summer, from 1 June 2027" in page.data
    assert services.calls("GET", "training", "/api/v1/cohorts")[-1].params["level"] == 3
    services.on("POST", "training", "/api/v1/nominations", (201, {}))
    for course, sent in ((COURSE, {"cohort_id": COURSE}), ("next", {"level": 3})):
        assert client.post("/training/nominations", data={"csrf_token": csrf(page.data), "course": course,
                                                           "level": "3"}).status_code == 302
        assert services.calls("POST", "training", "/api/v1/nominations")[-1].json == {"nominee_id": ME["id"], **sent}


def test_a_refresher_is_booked_once_a_certificate_is_due_and_not_before(signed_in, services):
    client = signed_in()
    record = f"/api/v1/people/{ME['id']}"
    services.on("GET", "training", f"{record}/level-3-eligibility", (200, {"eligible": False, "reasons": ["x"]}))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [
        {"id": REFRESHER, "name": "Level 2 refresher, winter", "kind": "refresher", "capacity": 10, "booked_count": 3,
         "days": [{"date": "2027-01-05"}]}], "total": 1, "limit": 500, "offset": 0}))
    services.on("GET", "training", record, (200, peer_supporter_record()))
    assert "Level 2 refresher, winter" not in client.get("/training").data.decode()  # valid for years yet

    soon = (date.today() + timedelta(days=20)).isoformat()
    services.on("GET", "training", record, (200, peer_supporter_record(expires_on=soon)))
    page = client.get("/training")
    assert "A refresher keeps it valid" in page.data.decode() and "Level 2 refresher, winter" in page.data.decode()
    unchosen = client.post("/training/refreshers", data={"csrf_token": csrf(page.data), "certificate": CERTIFICATE})
    assert summary(unchosen.data.decode()) == {f"#refresher-{CERTIFICATE}": "Choose a refresher"}
    services.on("POST", "training", "/api/v1/nominations", (201, {"status": "booked"}))
    booked = client.post("/training/refreshers", data={"csrf_token": csrf(page.data), "certificate": CERTIFICATE,
                                                       "refresher": REFRESHER})
    assert booked.status_code == 302
    assert services.calls("POST", "training", "/api/v1/nominations")[-1].json == {"nominee_id": ME["id"],
                                                                                  "cohort_id": REFRESHER}
    services.on("GET", "training", record, (200, peer_supporter_record(status="lapsed", expires_on="2026-01-01")))
    services.on("GET", "training", "/api/v1/cohorts", (200, {"items": [], "total": 0, "limit": 500, "offset": 0}))
    lapsed = client.get("/training").data.decode()
    assert "lapsed on 1 January 2026" in lapsed and "None is open for booking yet" in lapsed


def test_a_booked_time_is_moved_with_a_reason_in_london_time(signed_in, services):
    client = signed_in()
    _booked_time(services)
    page = client.get(f"/support/requests/{REQUEST_ID}").data
    assert b"Move this time" in page
    move = f"/api/v1/conversations/{CONVERSATION_ID}/reschedule"
    prefix = f"move-{CONVERSATION_ID}"
    form = {"csrf_token": csrf(page), "request_id": REQUEST_ID, f"{prefix}-day[day]": "2",
            f"{prefix}-day[month]": "4", f"{prefix}-day[year]": "2099", f"{prefix}-time": "15:00",
            f"{prefix}-length": "45"}
    unreasoned = client.post(f"/support/conversations/{CONVERSATION_ID}/reschedule", data=form)
    assert unreasoned.status_code == 422
    assert summary(unreasoned.data.decode()) == {f"#move-reason-{CONVERSATION_ID}": "Enter why you are moving it"}
    assert 'value="15:00"' in unreasoned.data.decode()  # the answers given are kept
    services.on("POST", "sessions", move, (200, BOOKED))
    moved = client.post(f"/support/conversations/{CONVERSATION_ID}/reschedule",
                        data={**form, "move_reason": "Night shifts that week."})
    assert moved.status_code == 302
    assert services.calls("POST", "sessions", move)[-1].json == {
        "starts_at": "2099-04-02T15:00:00+01:00", "ends_at": "2099-04-02T15:45:00+01:00",
        "reason": "Night shifts that week."}
