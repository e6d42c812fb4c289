"""The pages of supporters, managers, trainers and coordinators against faked APIs: what each sends, and
how refusals are shown."""

from __future__ import annotations

import dataclasses
import re

import pytest

from services.web.tests.unit.conftest import ME, csrf
from services.web.tests.unit.fakes import REPORTS_URL, problem
from services.web.tests.unit.test_pages import REQUEST_ID, group_session, summary, support_request
from web.app import create_app

COLLEAGUE = "77777777-7777-4777-8777-777777777777"
SUPPORTER_ROLES = ["staff", "peer_supporter"]
WINDOW = "88888888-8888-4888-8888-888888888888"
LEAVE = "99999999-9999-4999-8999-999999999999"
REFERRAL = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
COHORT = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
COMPETENCES = ["cccccccc-cccc-4ccc-8ccc-cccccccccc01", "cccccccc-cccc-4ccc-8ccc-cccccccccc02"]
BOOKED_CONVERSATION = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"


def profile(**changes) -> dict:
    return {"staff_id": ME["id"], "name": ME["name"], "allocatable": True, "paused": False, "open_cases": 1,
            "open_allocations": 1, "monthly_capacity": 4, "cool_down_until": None, "team_id": None, **changes}


@pytest.fixture
def supporter(signed_in, services):
    services.on("GET", "sessions", f"/api/v1/supporters/{ME['id']}", (200, profile()))
    return signed_in(SUPPORTER_ROLES)


def as_supporter(**changes) -> dict:
    """A case I support: the colleague asked, I am their supporter."""
    return support_request(requester_id=COLLEAGUE, supporter_id=ME["id"],
                           contact={"staff_id": COLLEAGUE, "name": "Riley Requester", "email": None, "phone": None},
                           **changes)


# --- supporters -----------------------------------------------------------------------------------
def test_my_cases_lists_those_i_support_and_pausing_is_sent_once(supporter, services):
    services.on("GET", "sessions", "/api/v1/support-requests", (200, {"total": 2, "limit": 50, "offset": 0, "items": [
        as_supporter(), support_request(status="waiting", supporter_id=None, contact=None)]}))
    services.on("POST", "sessions", f"/api/v1/supporters/{ME['id']}/pause", (200, profile(paused=True)))
    page = supporter.get("/supporting")
    body = page.data.decode()
    assert page.status_code == 200 and "Riley Requester" in body
    assert "1 of the 4 you can take (an hour a month each)" in body
    assert body.count(f"/support/requests/{REQUEST_ID}") == 1  # my own waiting request is not a case of mine
    key = re.search(r'name="idempotency_key" value="([^"]+)"', body).group(1)
    response = supporter.post("/supporting/pause", data={"csrf_token": csrf(page.data), "idempotency_key": key})
    assert response.status_code == 302
    assert services.calls("POST", "sessions", f"/api/v1/supporters/{ME['id']}/pause")[0].headers[
        "Idempotency-Key"] == key


def test_my_cases_say_when_i_was_last_supervised_and_when_next_is_due(supporter, services):
    services.on("GET", "sessions", "/api/v1/support-requests", (200, {"total": 0, "limit": 50, "offset": 0,
                                                                      "items": []}))
    assert "Last supervision" not in supporter.get("/supporting").data.decode()  # sessions did not answer
    services.on("GET", "sessions", f"/api/v1/supporters/{ME['id']}/supervision", (200, {
        "staff_id": ME["id"], "name": ME["name"], "last_supervised_at": None,
        "due_at": "2026-11-20T00:00:00+00:00", "overdue": True, "reminded_at": None}))
    body = supporter.get("/supporting").data.decode()
    assert "None recorded yet" in body and "Friday 20 November 2026" in body and "Overdue" in body
    assert "Book a reflective session for peer supporters" in body


def test_my_cases_show_what_colleagues_said_only_once_five_have_answered(supporter, services):
    services.on("GET", "sessions", "/api/v1/support-requests", (200, {"total": 0, "limit": 50, "offset": 0,
                                                                      "items": []}))
    feedback = f"/api/v1/supporters/{ME['id']}/feedback"
    assert "What colleagues said" not in supporter.get("/supporting").data.decode()  # sessions did not answer
    services.on("GET", "sessions", feedback, (200, {"staff_id": ME["id"], "responses": "<5", "average_rating": None,
                                                    "helped": None, "comments": []}))
    body = supporter.get("/supporting").data.decode()
    assert "once 5 of them have given it" in body and "(fewer than 5 so far)" in body
    services.on("GET", "sessions", feedback, (200, {
        "staff_id": ME["id"], "responses": 6, "average_rating": 4.5, "helped": {"yes": 4, "partly": 2, "no": 0},
        "comments": ["Kind and calm.", "Listened."]}))
    body = supporter.get("/supporting").data.decode()
    assert "4.5 out of 5" in body and "Yes 4, partly 2, no 0" in body and "Kind and calm." in body
    assert "New answers are added 5 at a time" in body


def test_someone_who_is_not_a_supporter_is_refused_the_supporter_pages(signed_in, services):
    services.on("GET", "sessions", f"/api/v1/supporters/{ME['id']}", problem(404, "Not Found"))
    client = signed_in()
    assert client.get("/supporting").status_code == 403
    assert client.get("/supporting/availability").status_code == 403


def _availability(services, windows=None, leave=None) -> None:
    services.on("GET", "sessions", f"/api/v1/supporters/{ME['id']}/availability", (200, {
        "staff_id": ME["id"], "time_zone": "Europe/London",
        "windows": windows if windows is not None else [
            {"id": WINDOW, "weekday": "mon", "starts": "09:00", "ends": "12:00", "label": "Monday 09:00-12:00"}],
        "leave": leave or []}, {"ETag": '"week-1"'}))


def test_a_weekly_window_is_added_to_those_held_and_a_bad_time_sends_nothing(supporter, services):
    _availability(services)
    services.on("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/availability", (200, {}))
    page = supporter.get("/supporting/availability")
    assert b"Monday" in page.data and b"09:00" in page.data
    bad = supporter.post("/supporting/availability/windows", data={
        "csrf_token": csrf(page.data), "weekday": "tue", "starts": "14:00", "ends": "13:00"})
    assert bad.status_code == 422 and set(summary(bad.data.decode())) == {"#window-ends"}
    assert services.calls("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/availability") == []
    good = supporter.post("/supporting/availability/windows", data={
        "csrf_token": csrf(page.data), "weekday": "tue", "starts": "1400", "ends": "16.30"})
    assert good.status_code == 302
    [sent] = services.calls("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/availability")
    assert sent.json == {"windows": [{"weekday": "mon", "starts": "09:00", "ends": "12:00"},
                                     {"weekday": "tue", "starts": "14:00", "ends": "16:30"}]}
    assert sent.headers["If-Match"] == '"week-1"'  # the week as read: a change made meanwhile is not lost


def test_removing_a_window_sends_the_others_and_an_overlap_the_api_refuses_is_shown(supporter, services):
    _availability(services)
    services.on("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/availability", problem(
        422, "Unprocessable Content", [{"field": "windows", "message": "windows overlap on Monday"}]))
    page = supporter.get("/supporting/availability")
    refused = supporter.post("/supporting/availability/windows", data={
        "csrf_token": csrf(page.data), "weekday": "mon", "starts": "11:00", "ends": "13:00"})
    assert refused.status_code == 422
    assert summary(refused.data.decode()) == {"#window-starts": "Windows overlap on Monday"}
    services.on("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/availability", (200, {}))
    assert supporter.post(f"/supporting/availability/windows/{WINDOW}/remove",
                          data={"csrf_token": csrf(page.data)}).status_code == 302
    assert services.calls("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/availability")[-1].json == {"windows": []}


def test_leave_is_checked_then_added_and_removed(supporter, services):
    _availability(services, leave=[{"id": LEAVE, "first_day": "2027-01-04", "last_day": "2027-01-08"}])
    services.on("POST", "sessions", f"/api/v1/supporters/{ME['id']}/leave", (201, {}))
    services.on("DELETE", "sessions", f"/api/v1/supporters/{ME['id']}/leave/{LEAVE}", (204, None))
    page = supporter.get("/supporting/availability")
    assert b"4 January 2027 to 8 January 2027" in page.data
    token = csrf(page.data)
    bad = supporter.post("/supporting/leave", data={
        "csrf_token": token, "first-day[day]": "31", "first-day[month]": "2", "first-day[year]": "2027",
        "last-day[day]": "", "last-day[month]": "", "last-day[year]": ""})
    assert bad.status_code == 422 and set(summary(bad.data.decode())) == {"#first-day", "#last-day"}
    backwards = supporter.post("/supporting/leave", data={
        "csrf_token": token, "first-day[day]": "10", "first-day[month]": "2", "first-day[year]": "2027",
        "last-day[day]": "9", "last-day[month]": "2", "last-day[year]": "2027"})
    assert backwards.status_code == 422 and set(summary(backwards.data.decode())) == {"#last-day"}
    assert services.calls("POST", "sessions", f"/api/v1/supporters/{ME['id']}/leave") == []
    added = supporter.post("/supporting/leave", data={
        "csrf_token": token, "first-day[day]": "10", "first-day[month]": "2", "first-day[year]": "2027",
        "last-day[day]": "12", "last-day[month]": "2", "last-day[year]": "2027"})
    assert added.status_code == 302
    assert services.calls("POST", "sessions", f"/api/v1/supporters/{ME['id']}/leave")[0].json == {
        "first_day": "2027-02-10", "last_day": "2027-02-12"}
    assert supporter.post(f"/supporting/leave/{LEAVE}/remove", data={"csrf_token": token}).status_code == 302
    assert len(services.calls("DELETE", "sessions", f"/api/v1/supporters/{ME['id']}/leave/{LEAVE}")) == 1


def test_preferences_are_replaced_with_the_modes_ticked_and_a_place_a_line(supporter, services):
    services.on("GET", "sessions", f"/api/v1/supporters/{ME['id']}/preferences", (200, {
        "staff_id": ME["id"], "modes": ["video", "phone", "in_person"], "places": []}))
    services.on("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/preferences", (200, {}))
    page = supporter.get("/supporting/preferences")
    assert page.data.count(b"checked") == 3
    none = supporter.post("/supporting/preferences", data={"csrf_token": csrf(page.data)})
    assert none.status_code == 422 and set(summary(none.data.decode())) == {"#modes"}
    saved = supporter.post("/supporting/preferences", data={
        "csrf_token": csrf(page.data), "modes": ["phone", "in_person"], "places": "Gartnavel General\n\n  Stobhill \n"})
    assert saved.status_code == 302
    assert services.calls("PUT", "sessions", f"/api/v1/supporters/{ME['id']}/preferences")[0].json == {
        "modes": ["phone", "in_person"], "places": ["Gartnavel General", "Stobhill"]}


def _case(services, conversations=(), referrals=()) -> None:
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, as_supporter(accepted_at="x")))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations",
                (200, {"items": list(conversations)}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (200, list(referrals)))


def booked(starts_at: str) -> dict:
    return {"id": BOOKED_CONVERSATION, "status": "booked", "proposed_by": COLLEAGUE, "mode": "phone",
            "starts_at": starts_at, "ends_at": starts_at, "slots": [], "link": None, "room": None}


def test_the_outcome_is_asked_only_once_a_booked_conversation_has_started(supporter, services):
    _case(services, [booked("2099-01-01T10:00:00+00:00")])
    assert b"take place?" not in supporter.get(f"/support/requests/{REQUEST_ID}").data
    _case(services, [booked("2026-01-01T10:00:00+00:00")])
    services.on("POST", "sessions", f"/api/v1/conversations/{BOOKED_CONVERSATION}/outcome", (200, {}))
    page = supporter.get(f"/support/requests/{REQUEST_ID}")
    assert b"take place?" in page.data
    unanswered = supporter.post(f"/support/conversations/{BOOKED_CONVERSATION}/outcome",
                                data={"csrf_token": csrf(page.data), "request_id": REQUEST_ID})
    assert unanswered.status_code == 422 and f"#outcome-{BOOKED_CONVERSATION}" in summary(unanswered.data.decode())
    done = supporter.post(f"/support/conversations/{BOOKED_CONVERSATION}/outcome",
                          data={"csrf_token": csrf(page.data), "request_id": REQUEST_ID, "outcome": "no_show"})
    assert done.status_code == 302
    assert services.calls("POST", "sessions", f"/api/v1/conversations/{BOOKED_CONVERSATION}/outcome")[0].json == {
        "outcome": "no_show"}


def test_the_times_a_supporter_offered_say_the_colleague_was_told(supporter, services):
    offered = {"id": BOOKED_CONVERSATION, "status": "proposed", "proposed_by": ME["id"], "mode": "phone",
               "slots": [{"starts_at": "2099-01-01T10:00:00+00:00", "ends_at": "2099-01-01T11:00:00+00:00"}],
               "starts_at": None, "ends_at": None, "link": None, "room": None}
    _case(services, [offered])
    page = supporter.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "You offered 1 time. We have told the colleague you support, and will tell you when one is chosen." in page
    assert 'name="slot" type="radio"' not in page  # the colleague chooses, not the one who offered


def test_a_case_is_closed_heavy_or_not(supporter, services):
    _case(services)
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/close", (200, {}))
    page = supporter.get(f"/support/requests/{REQUEST_ID}")
    assert b"Close this case" in page.data
    supporter.post(f"/support/requests/{REQUEST_ID}/close", data={"csrf_token": csrf(page.data), "heavy": "yes"})
    supporter.post(f"/support/requests/{REQUEST_ID}/close", data={"csrf_token": csrf(page.data)})
    assert [c.json for c in services.calls("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/close")] == [
        {"heavy": True}, {"heavy": False}]


def test_a_case_is_handed_back_with_a_reason_for_the_coordinator(supporter, services):
    _case(services)
    page = supporter.get(f"/support/requests/{REQUEST_ID}")
    assert b"Hand this case back" in page.data and b"Ask for someone else" not in page.data
    blank = supporter.post(f"/support/requests/{REQUEST_ID}/hand-back",
                           data={"csrf_token": csrf(page.data), "hand_back_reason": "  ", "hand_back_heavy": "yes"})
    assert blank.status_code == 422
    assert summary(blank.data.decode()) == {"#hand-back-reason": "Enter why you are handing this case back"}
    assert b'value="yes" checked' in blank.data  # the answer given is kept
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/hand-back", (200, {}))
    done = supporter.post(f"/support/requests/{REQUEST_ID}/hand-back", data={
        "csrf_token": csrf(page.data), "hand_back_reason": " We know each other outside work. ",
        "hand_back_heavy": "yes"})
    assert done.status_code == 302 and done.headers["Location"] == "/supporting"
    assert [c.json for c in services.calls("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/hand-back")
            ] == [{"reason": "We know each other outside work.", "heavy": True}]


def referral(**changes) -> dict:
    return {"id": REFERRAL, "request_id": REQUEST_ID, "service": "occupational_health", "reason": "Back pain at work.",
            "status": "suggested", "urgent": False, "consent_shares": [], "requester_id": ME["id"],
            "supporter_id": COLLEAGUE, **changes}


def test_a_supporter_suggests_a_referral_and_makes_it_once_consented(supporter, services):
    help_source = {"name": "OH self-referral", "url": "https://oh.example/", "hours": "9 to 5"}
    _case(services, referrals=[referral(status="consented", consent_shares=["job_and_team"],
                                        sources_of_help=[help_source])])
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (201, referral()))
    services.on("POST", "sessions", f"/api/v1/referrals/{REFERRAL}/make", (200, referral(status="made")))
    page = supporter.get(f"/support/requests/{REQUEST_ID}")
    body = page.data.decode()
    assert "Agreed, not yet made" in body and "my job and team" in body
    assert "https://oh.example/" in body and "9 to 5" in body  # the sources of help that fit the referral
    blank = supporter.post(f"/support/requests/{REQUEST_ID}/referrals", data={"csrf_token": csrf(page.data)})
    assert blank.status_code == 422 and set(summary(blank.data.decode())) == {"#referral-service", "#referral-reason"}
    assert supporter.post(f"/support/requests/{REQUEST_ID}/referrals", data={
        "csrf_token": csrf(page.data), "service": "chaplaincy", "reason": " Asked about faith support. "}
    ).status_code == 302
    assert services.calls("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals")[0].json == {
        "service": "chaplaincy", "reason": "Asked about faith support."}
    assert supporter.post(f"/support/referrals/{REFERRAL}/make", data={
        "csrf_token": csrf(page.data), "request_id": REQUEST_ID}).status_code == 302
    assert len(services.calls("POST", "sessions", f"/api/v1/referrals/{REFERRAL}/make")) == 1


def test_the_colleague_consents_saying_what_may_be_shared(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (200, [referral()]))
    services.on("PUT", "sessions", f"/api/v1/referrals/{REFERRAL}/consent", (200, referral(status="consented")))
    page = client.get(f"/support/requests/{REQUEST_ID}")
    assert b"Do you agree to this referral?" in page.data and b"Suggest a referral" not in page.data
    nothing_shared = client.post(f"/support/referrals/{REFERRAL}/consent", data={
        "csrf_token": csrf(page.data), "request_id": REQUEST_ID, "referral_id": REFERRAL, "given": "yes"})
    assert nothing_shared.status_code == 422 and set(summary(nothing_shared.data.decode())) == {f"#shares-{REFERRAL}"}
    assert client.post(f"/support/referrals/{REFERRAL}/consent", data={
        "csrf_token": csrf(page.data), "request_id": REQUEST_ID, "referral_id": REFERRAL, "given": "yes",
        "shares": ["name_and_contact", "reason_for_referral"]}).status_code == 302
    assert services.calls("PUT", "sessions", f"/api/v1/referrals/{REFERRAL}/consent")[0].json == {
        "given": True, "shares": ["name_and_contact", "reason_for_referral"]}


def test_a_referral_made_is_followed_to_the_service_s_answer_and_closed(supporter, services):
    _case(services, referrals=[referral(status="made")])
    page = supporter.get(f"/support/requests/{REQUEST_ID}")
    body = page.data.decode()
    assert "What did the service answer?" in body and "Close this referral" in body
    outcome = f"/api/v1/referrals/{REFERRAL}/outcome"
    services.on("POST", "sessions", outcome, (200, referral(status="accepted")))
    unanswered = supporter.post(f"/support/referrals/{REFERRAL}/outcome", data={
        "csrf_token": csrf(page.data), "request_id": REQUEST_ID})
    assert unanswered.status_code == 422 and list(summary(unanswered.data.decode())) == [f"#service-answer-{REFERRAL}"]
    assert services.calls("POST", "sessions", outcome) == []
    answered = supporter.post(f"/support/referrals/{REFERRAL}/outcome", data={
        "csrf_token": csrf(page.data), "request_id": REQUEST_ID, "outcome": "declined"})
    assert answered.headers["Location"] == f"/support/requests/{REQUEST_ID}#referral-{REFERRAL}"
    assert services.calls("POST", "sessions", outcome)[0].json == {"outcome": "declined"}
    closing = f"/api/v1/referrals/{REFERRAL}/close"
    services.on("POST", "sessions", closing, problem(409, "Conflict", detail="This referral is already closed."))
    refused = supporter.post(f"/support/referrals/{REFERRAL}/close", data={
        "csrf_token": csrf(page.data), "request_id": REQUEST_ID})
    assert refused.status_code == 422 and "This referral is already closed." in refused.data.decode()
    _case(services, referrals=[referral(status="closed")])
    closed = supporter.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "Closed" in closed and "Close this referral" not in closed


def test_the_colleague_follows_their_referral_but_does_not_record_the_service_s_answer(signed_in, services):
    client = signed_in()
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": []}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals",
                (200, [referral(status="made")]))
    body = client.get(f"/support/requests/{REQUEST_ID}").data.decode()
    assert "Made" in body and "What did the service answer?" not in body and "Close this referral" not in body


# --- managers -------------------------------------------------------------------------------------
def test_my_teams_coverage_joins_training_and_champions_by_team(signed_in, services):
    team = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
    services.on("GET", "training", "/api/v1/reports/my-teams/level-1-coverage", (200, {
        "overall": {"share": 0.5, "staff": 10, "with_level_1": 5}, "services": [],
        "teams": [{"team_id": team, "team_name": "Ward 7", "service": "Acute", "share": 0.5, "staff": 10,
                   "with_level_1": 5}]}))
    services.on("GET", "identity", "/api/v1/reports/champion-coverage", (200, {
        "overall": {}, "organisations": [], "services": [],
        "teams": [{"team_id": team, "team": "Ward 7", "service": "Acute", "champions": 0, "peer_supporters": 2,
                   "organisation": "NHS", "organisation_id": None, "service_id": None}]}))
    services.on("GET", "identity", "/api/v1/me/reports", (200, []))
    body = signed_in(["staff", "line_manager"]).get("/coverage").data.decode()
    assert "Appoint a wellbeing champion" not in body  # nobody to appoint
    row = body.split("Ward 7", 1)[1].split("</tr>", 1)[0]
    assert "50% (5 of 10)" in row and re.search(r">\s*None\s*<", row) and row.count("Ward 7") == 0
    assert "support-requests" not in " ".join(s.path for s in services.sent)  # never anyone's use of support


def test_a_coordinator_sees_every_team_s_coverage_the_gaps_and_the_training_pipeline(signed_in, services):
    teams = {"eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee": "Ward 7", "ffffffff-ffff-4fff-8fff-ffffffffffff": "Ward 9"}
    services.on("GET", "training", "/api/v1/reports/level-1-coverage", (200, {
        "overall": {"share": 0.25, "staff": 40, "with_level_1": 10}, "services": [],
        "teams": [{"team_id": t, "team_name": name, "service": "Acute", "share": 0.25, "staff": 20, "with_level_1": 5}
                  for t, name in teams.items()]}))
    services.on("GET", "identity", "/api/v1/reports/champion-coverage", (200, {
        "overall": {}, "organisations": [], "services": [],
        "teams": [{"team_id": t, "team": name, "service": "Acute", "champions": 1 if name == "Ward 9" else 0,
                   "peer_supporters": 0, "organisation": "NHS", "organisation_id": None, "service_id": None}
                  for t, name in teams.items()]}))
    services.on("GET", "training", "/api/v1/reports/pipeline", (200, [
        {"level": 2, "nominated": 12, "approved": 9, "waiting": "<5", "booked": 6, "completed": 30, "lapsed": 0},
        {"level": 3, "nominated": "<5", "approved": "<5", "waiting": 0, "booked": "<5", "completed": 5,
         "lapsed": 0}]))
    services.on("GET", "identity", "/api/v1/me/reports", (200, []))
    client = signed_in(["staff", "coordinator", "line_manager"])
    body = client.get("/coverage").data.decode()
    assert "Coverage of the network" in body and "Across the network, 25% of staff have Level 1" in body
    assert "1 team without a wellbeing champion, 2 without a peer supporter" in body
    pipeline = body.split("The training pipeline", 1)[1]
    assert re.findall(r'<td class="nhsuk-table__cell">([^<]*)</td>', pipeline)[:6] == [
        "12", "9", "fewer than 5", "6", "30", "0"]
    nav = body.split("</header>", 1)[0]
    # The page is reached from "Run the network", which the header marks as where the coordinator is.
    assert "My teams" not in nav
    assert re.search(r'navigation-item--current[^>]*>\s*<a[^>]*href="/coordinate"', nav)
    assert not services.calls("GET", "training", "/api/v1/reports/my-teams/level-1-coverage")


def test_staff_in_no_team_are_a_row_of_their_own_last_with_no_champion_or_supporter_to_count(signed_in, services):
    team = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
    services.on("GET", "training", "/api/v1/reports/level-1-coverage", (200, {
        "overall": {"share": None, "staff": 12, "with_level_1": "<5"}, "services": [], "teams": [
            {"team_id": None, "team_name": None, "service": None, "share": None, "staff": "<5", "with_level_1": "<5"},
            {"team_id": team, "team_name": "Ward 7", "service": "Acute", "share": None, "staff": 9,
             "with_level_1": "<5"}]}))
    services.on("GET", "identity", "/api/v1/reports/champion-coverage", (200, {
        "overall": {}, "organisations": [], "services": [],
        "teams": [{"team_id": team, "team": "Ward 7", "service": "Acute", "champions": 2, "peer_supporters": 1,
                   "organisation": "NHS", "organisation_id": None, "service_id": None}]}))
    services.on("GET", "training", "/api/v1/reports/pipeline", (200, []))
    services.on("GET", "identity", "/api/v1/me/reports", (200, []))
    body = signed_in(["staff", "coordinator"]).get("/coverage").data.decode()
    rows = re.findall(r'<th scope="row" class="nhsuk-table__cell">(.*?)</tr>', body, re.S)
    assert [re.sub(r"<[^>]+>", "|", row).split("|")[0] for row in rows] == ["Ward 7", "No team"]
    assert rows[1].count("Not in a team") == 2 and "Not known yet" not in rows[1]
    assert "A team" not in body


def test_a_manager_appoints_one_of_their_reports_a_wellbeing_champion_for_their_team(signed_in, services):
    team = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
    services.on("GET", "training", "/api/v1/reports/my-teams/level-1-coverage", (200, {
        "overall": {"share": None}, "services": [], "teams": []}))
    services.on("GET", "identity", "/api/v1/reports/champion-coverage", (200, {
        "overall": {}, "organisations": [], "services": [], "teams": []}))
    services.on("GET", "identity", "/api/v1/me/reports", (200, [
        {"id": COLLEAGUE, "name": "Casey Candidate", "team_id": team, "job_title": "Staff nurse", "roles": ["staff"]},
        {"id": LEAVE, "name": "Cham Pion", "team_id": team, "job_title": None,
         "roles": ["staff", "wellbeing_champion"]},
        {"id": WINDOW, "name": "No Team", "team_id": None, "job_title": None, "roles": ["staff"]}]))
    client = signed_in(["staff", "line_manager"])
    page = client.get("/coverage")
    body = page.data.decode()
    assert "Casey Candidate" in body and "Cham Pion" not in body and "No Team" not in body
    appointing = f"/api/v1/teams/{team}/champions"
    services.on("POST", "identity", appointing, (201, {}))
    blank = client.post("/coverage/champions", data={"csrf_token": csrf(page.data), "staff_id": LEAVE})
    assert blank.status_code == 422 and set(summary(blank.data.decode())) == {"#champion", "#champion-reason"}
    assert services.calls("POST", "identity", appointing) == []
    done = client.post("/coverage/champions", data={"csrf_token": csrf(page.data), "staff_id": COLLEAGUE,
                                                    "reason": " Volunteered at the huddle "})
    assert done.status_code == 302
    assert services.calls("POST", "identity", appointing)[0].json == {"staff_id": COLLEAGUE,
                                                                     "reason": "Volunteered at the huddle"}
    assert "Casey Candidate is a wellbeing champion" in client.get("/coverage").data.decode()


# --- trainers -------------------------------------------------------------------------------------
def _cohort(services, *, attendance=(), signed=(), state="running", completed=False) -> None:
    services.on("GET", "training", "/api/v1/cohorts", (200, {"total": 2, "limit": 500, "offset": 0, "items": [
        {"id": COHORT, "name": "Level 2 spring", "level": 2, "kind": "course", "state": state, "capacity": 12,
         "booked_count": 1, "waiting_count": 0, "trainer_ids": [ME["id"]],
         "days": [{"date": "2026-03-02"}]},
        {"id": REQUEST_ID, "name": "Someone else's", "level": 2, "kind": "course", "state": "open", "capacity": 12,
         "booked_count": 0, "waiting_count": 0, "trainer_ids": [], "days": []}]}))
    services.on("GET", "training", f"/api/v1/cohorts/{COHORT}", (200, {
        "id": COHORT, "name": "Level 2 spring", "level": 2, "state": state, "capacity": 12, "booked_count": 1,
        "waiting_count": 0, "trainer_ids": [ME["id"]],
        "days": [{"date": "2026-03-02", "starts_at": "2026-03-02T09:30:00+00:00"},
                 {"date": "2099-03-03", "starts_at": "2099-03-03T09:30:00+00:00"}]}))
    services.on("GET", "training", f"/api/v1/cohorts/{COHORT}/places", (200, [{
        "staff_id": COLLEAGUE, "name": "Casey Candidate", "nomination_id": REFERRAL, "status": "booked",
        "placed_at": "2026-01-01T00:00:00+00:00", "attendance": list(attendance), "completed": completed,
        "sign_offs": [{"competence_id": c} for c in signed]}]))
    services.on("GET", "training", "/api/v1/levels", (200, [{"level": 2, "prerequisite": 1, "competences": [
        {"id": COMPETENCES[0], "code": "L2.1", "title": "Active listening", "retired": False, "level": 2,
         "position": 1, "description": "Listens without judging and reflects back what was said."},
        {"id": COMPETENCES[1], "code": "L2.2", "title": "Signposting", "description": "", "retired": False,
         "level": 2, "position": 2}]}]))


def test_the_register_says_when_and_where_each_day_is_and_who_waits_in_order(signed_in, services):
    _cohort(services)
    services.on("GET", "training", f"/api/v1/cohorts/{COHORT}", (200, {
        "id": COHORT, "name": "Level 2 spring", "level": 2, "state": "open", "capacity": 1, "booked_count": 1,
        "waiting_count": 2, "trainer_ids": [ME["id"]],
        "days": [{"date": "2099-03-03", "starts_at": "2099-03-03T09:30:00+00:00", "start_time": "09:30:00",
                  "end_time": "16:30:00", "location": "Room <4>", "virtual_link": None}]}))
    waiting = {"nomination_id": REFERRAL, "status": "waiting", "attendance": [], "sign_offs": [], "completed": False}
    services.on("GET", "training", f"/api/v1/cohorts/{COHORT}/places", (200, [
        {**waiting, "staff_id": ME["id"], "name": "Wyn Second", "placed_at": "2026-01-03T10:00:00+00:00"},
        {**waiting, "staff_id": COLLEAGUE, "name": "Ann First", "placed_at": "2026-01-02T10:00:00+00:00"}]))
    body = signed_in(["staff", "trainer"]).get(f"/cohorts/{COHORT}").data.decode()
    assert "3 March 2099, 9:30am to 4:30pm, at Room &lt;4&gt;" in body
    listed = body.split('id="waiting-list"')[1]
    assert listed.index("Ann First, waiting since") < listed.index("Wyn Second, waiting since")


def test_the_cohort_page_offers_its_days_for_the_trainers_calendar(signed_in, services):
    _cohort(services)
    body = signed_in(["staff", "trainer"]).get(f"/cohorts/{COHORT}").data.decode()
    assert f'<a href="/training/courses/{COHORT}.ics" download>Add the course days to your calendar (.ics)</a>' in body


def test_a_trainer_sees_the_cohorts_they_teach_and_others_are_refused(signed_in, services):
    _cohort(services)
    assert signed_in(["staff"]).get("/cohorts").status_code == 403
    body = signed_in(["staff", "trainer"]).get("/cohorts").data.decode()
    assert "Level 2 spring" in body and "Someone else&#39;s" not in body
    assert "Someone else&#39;s" in signed_in(["staff", "coordinator"]).get("/cohorts").data.decode()


def test_the_register_sends_only_the_days_that_change_and_signs_off_what_is_ticked(signed_in, services):
    _cohort(services, attendance=[{"date": "2026-03-02", "attended": False}])
    services.on("PUT", "training", f"/api/v1/cohorts/{COHORT}/attendance", (200, {}))
    services.on("POST", "training", f"/api/v1/cohorts/{COHORT}/sign-offs", (200, {}))
    client = signed_in(["staff", "trainer"])
    page = client.get(f"/cohorts/{COHORT}")
    body = page.data.decode()
    assert "Casey Candidate" in body and "(not started yet)" in body and "Complete the course" not in body
    # Each competence by its code and title, with what it means where the framework says.
    assert "L2.1 Active listening" in body and "Listens without judging" in body and "L2.2 Signposting" in body
    form = {"csrf_token": csrf(page.data), "staff_id": COLLEAGUE, "shown": ["2026-03-02"], "was": ["2026-03-02=no"]}
    client.post(f"/cohorts/{COHORT}/attendance", data=form)  # nothing ticked, nothing changed
    assert services.calls("PUT", "training", f"/api/v1/cohorts/{COHORT}/attendance") == []
    client.post(f"/cohorts/{COHORT}/attendance", data={**form, "attended": ["2026-03-02"]})
    assert [c.json for c in services.calls("PUT", "training", f"/api/v1/cohorts/{COHORT}/attendance")] == [
        {"staff_id": COLLEAGUE, "date": "2026-03-02", "attended": True}]
    none = client.post(f"/cohorts/{COHORT}/sign-offs", data={"csrf_token": csrf(page.data), "staff_id": COLLEAGUE})
    assert none.status_code == 422 and set(summary(none.data.decode())) == {f"#competences-{COLLEAGUE}"}
    client.post(f"/cohorts/{COHORT}/sign-offs", data={"csrf_token": csrf(page.data), "staff_id": COLLEAGUE,
                                                      "competences": COMPETENCES})
    assert [c.json["competence_id"] for c in services.calls("POST", "training", f"/api/v1/cohorts/{COHORT}/sign-offs")
            ] == COMPETENCES


def test_a_trainer_undoes_a_sign_off_made_by_mistake_until_the_course_is_completed(signed_in, services):
    _cohort(services, signed=COMPETENCES)
    one = f"/api/v1/cohorts/{COHORT}/sign-offs/{COLLEAGUE}/{COMPETENCES[1]}"
    services.on("DELETE", "training", one, (200, {}))
    client = signed_in(["staff", "trainer"])
    page = client.get(f"/cohorts/{COHORT}")
    body = page.data.decode()
    assert "Undo a sign-off made by mistake" in body and f'id="withdraw-{COLLEAGUE}-2"' in body
    form = {"csrf_token": csrf(page.data), "staff_id": COLLEAGUE}
    none = client.post(f"/cohorts/{COHORT}/sign-offs/withdrawals", data=form)
    assert summary(none.data.decode()) == {f"#withdraw-{COLLEAGUE}": "Select the sign-offs to undo"}
    undone = client.post(f"/cohorts/{COHORT}/sign-offs/withdrawals", data={**form, "competences": [COMPETENCES[1]]})
    assert undone.status_code == 302 and undone.headers["Location"] == f"/cohorts/{COHORT}#person-{COLLEAGUE}"
    assert len(services.calls("DELETE", "training", one)) == 1
    assert "1 sign-off undone" in client.get(f"/cohorts/{COHORT}").data.decode()
    services.on("DELETE", "training", one, problem(409, "Conflict", [
        {"field": "competence_id", "message": "the course is completed: its sign-offs stand"}]))
    refused = client.post(f"/cohorts/{COHORT}/sign-offs/withdrawals", data={**form, "competences": [COMPETENCES[1]]})
    assert refused.status_code == 422 and summary(refused.data.decode()) == {
        f"#withdraw-{COLLEAGUE}": "The course is completed: its sign-offs stand"}
    assert '<details class="nhsuk-details" open>' in refused.data.decode()
    _cohort(services, signed=COMPETENCES, completed=True)
    assert "Undo a sign-off made by mistake" not in client.get(f"/cohorts/{COHORT}").data.decode()
    _cohort(services)
    assert "Undo a sign-off made by mistake" not in client.get(f"/cohorts/{COHORT}").data.decode()  # none to undo


def test_the_course_is_completed_once_every_day_is_attended_and_every_competence_signed(signed_in, services):
    days = [{"date": "2026-03-02", "attended": True}, {"date": "2099-03-03", "attended": True}]
    _cohort(services, attendance=days, signed=COMPETENCES)
    services.on("POST", "training", f"/api/v1/cohorts/{COHORT}/completions", problem(
        409, "Conflict", detail="this person has already completed the course"))
    client = signed_in(["staff", "trainer"])
    page = client.get(f"/cohorts/{COHORT}")
    assert b"Complete the course for Casey Candidate" in page.data
    refused = client.post(f"/cohorts/{COHORT}/completions", data={"csrf_token": csrf(page.data), "staff_id": COLLEAGUE})
    assert refused.status_code == 422 and b"This person has already completed the course" in refused.data
    assert services.calls("POST", "training", f"/api/v1/cohorts/{COHORT}/completions")[0].json == {
        "staff_id": COLLEAGUE}
    _cohort(services, attendance=days, signed=COMPETENCES, completed=True)
    done = client.get(f"/cohorts/{COHORT}").data
    assert b"Complete the course for" not in done and b"Completed" in done


# --- coordinators ---------------------------------------------------------------------------------
WARD_5, THEATRES = "66666666-6666-4666-8666-666666666665", "66666666-6666-4666-8666-666666666666"
SUPPORTERS = [profile(staff_id=COLLEAGUE, name="Casey Candidate", open_cases=3, monthly_capacity=4, team_id=WARD_5),
              profile(staff_id=REFERRAL, name="Avery Able", open_cases=0, team_id=THEATRES),
              profile(staff_id=COHORT, name="Pat Paused", paused=True, allocatable=False)]


def test_a_coordinator_allocates_a_waiting_request_to_a_named_supporter(signed_in, services):
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request(
        status="waiting", supporter_id=None, contact=None, waiting_reason="every supporter in the team is full")))
    services.on("GET", "sessions", "/api/v1/supporters", (200, SUPPORTERS))
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/reallocate", problem(
        422, "Unprocessable Content", [{"field": "supporter_id", "message": "they are at their monthly cap"}]))
    assert signed_in(["staff"]).get(f"/coordinate/waiting/{REQUEST_ID}/allocate").status_code == 403
    client = signed_in(["staff", "coordinator"])
    page = client.get(f"/coordinate/waiting/{REQUEST_ID}/allocate")
    names = re.findall(r'for="supporter[^"]*"\s*>\s*(.*?)\s*</label>', page.data.decode())
    assert names == ["Avery Able", "Casey Candidate", "Pat Paused"]  # free now and least loaded first
    assert "Their team" in page.data.decode() and "Not known" in page.data.decode()  # identity away: still allocates
    services.on("GET", "identity", "/api/v1/teams", (200, [{"id": WARD_5, "name": "Ward 5 Nursing"},
                                                           {"id": THEATRES, "name": "Theatres"}]))
    services.on("GET", "identity", f"/api/v1/staff/{ME['id']}", (200, {"id": ME["id"], "team_id": WARD_5}))
    shown = client.get(f"/coordinate/waiting/{REQUEST_ID}/allocate").data.decode()
    hints = re.findall(r'id="supporter[^"]*-item-hint"\s*>\s*(.*?)\s*</div>', shown, re.S)
    assert hints == ["Theatres: 0 open of the 4 they can take", "Ward 5 Nursing: 3 open of the 4 they can take",
                     "1 open of the 4 they can take, paused, not taking anyone now"]
    assert re.search(r"Their team\s*</dt>\s*<dd[^>]*>\s*Ward 5 Nursing", shown)
    assert re.search(r"Who with\s*</dt>\s*<dd[^>]*>\s*Someone in their own team", shown)
    assert client.get(f"/coordinate/waiting/{REQUEST_ID}/allocate?name=cas").data.count(b'name="supporter_id"') == 1
    refused = client.post(f"/coordinate/waiting/{REQUEST_ID}/allocate",
                          data={"csrf_token": csrf(page.data), "supporter_id": COLLEAGUE})
    assert refused.status_code == 422
    assert summary(refused.data.decode()) == {"#supporter": "They are at their monthly cap"}
    services.on("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/reallocate", (200, support_request()))
    done = client.post(f"/coordinate/waiting/{REQUEST_ID}/allocate",
                       data={"csrf_token": csrf(page.data), "supporter_id": REFERRAL})
    assert done.status_code == 302 and done.headers["Location"] == "/coordinate/waiting"
    assert services.calls("POST", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/reallocate")[-1].json == {
        "supporter_id": REFERRAL}
    assert services.calls("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}")[0].params["reason"]


def test_supporters_and_their_load(signed_in, services):
    services.on("GET", "sessions", "/api/v1/supporters", (200, SUPPORTERS))
    body = signed_in(["staff", "coordinator"]).get("/coordinate/supporters").data.decode()
    assert "3 peer supporters: 2 taking colleagues now, 1 paused." in body
    assert body.index("Avery Able") < body.index("Casey Candidate") < body.index("Pat Paused")
    assert "Demand against capacity" not in body  # the list shows without the report
    services.on("GET", "sessions", "/api/v1/reports/demand", (200, {
        "requests": {"waiting": "<5", "allocated": 12, "closed": 40}, "supporters": {"allocatable": 6},
        "capacity": {"monthly_hours": 24, "allocated_this_month": 7}}))
    services.on("GET", "identity", "/api/v1/teams", (200, [{"id": WARD_5, "name": "Ward 5 Nursing"}]))
    page = signed_in(["staff", "coordinator"]).get("/coordinate/supporters").data.decode()
    demand = re.findall(r'"nhsuk-summary-list__key"\s*>\s*(.*?)\s*</dt>\s*<dd class="nhsuk-summary-list__value"\s*>'
                        r"\s*(.*?)\s*</dd>", page)
    assert "Overdue for supervision" not in page
    assert demand == [("Requests waiting now", "fewer than 5"), ("Colleagues being supported", "12"),
                      ("Matched this month", "7"), ("Supporters taking colleagues", "6"),
                      ("Hours a month they offer", "24")]
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">\s*<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>",
                      signed_in(["staff", "coordinator"]).get("/coordinate/supporters").data.decode())
    assert rows == [("Avery Able", "Not known"), ("Casey Candidate", "Ward 5 Nursing"), ("Pat Paused", "Not known")]
    services.on("GET", "sessions", "/api/v1/supervision/overdue", (200, {"interval_days": 90, "items": [
        {"staff_id": COLLEAGUE, "name": "Pat Paused", "last_supervised_at": None, "due_at": "2026-11-20T00:00:00Z",
         "overdue": True, "reminded_at": None}]}))
    page = signed_in(["staff", "coordinator"]).get("/coordinate/supporters").data.decode()
    assert "no supervision in the last 90 days" in page and "Never" in page and "Friday 20 November 2026" in page


def test_the_board_report_shows_each_part_with_charts_and_a_bad_quarter_as_an_error(signed_in, services):
    def part(source: str) -> tuple[int, dict]:
        return 200, {"source": source, "quarter": "2026Q4", "starts_at": "", "ends_at": "", "measures": [
            {"measure": "requests", "label": "Requests for support", "group": "all", "unit": "count", "value": 12},
            {"measure": "requests", "label": "Requests for support", "group": "video", "unit": "count", "value": 8},
            {"measure": "requests", "label": "Requests for support", "group": "phone", "unit": "count", "value": "<5"},
            {"measure": "level_1_share", "label": "Level 1", "group": None, "unit": "share", "value": 0.25}]}

    for source in ("identity", "training", "sessions"):
        services.on("GET", source, f"/api/v1/reports/board/{source}", part(source))
    client = signed_in(["staff", "coordinator"])
    body = client.get("/coordinate/report?quarter=2026q4").data.decode()
    assert body.count('<figure class="psn-chart">') == 3 and "video 8; phone fewer than 5" in body and "25%" in body
    assert services.calls("GET", "training", "/api/v1/reports/board/training")[0].params == {"quarter": "2026Q4"}
    services.on("GET", "identity", "/api/v1/reports/board/identity", problem(
        422, "Unprocessable Content", [{"field": "quarter", "message": "a quarter is written like 2026Q4"}]))
    bad = client.get("/coordinate/report?quarter=soon")
    assert bad.status_code == 422 and set(summary(bad.data.decode())) == {"#quarter"}


def test_the_assembled_board_report_is_downloaded_through_the_web_front_end_where_the_reports_app_is(
        settings, services, signed_in):
    for source in ("identity", "training", "sessions"):
        services.on("GET", source, f"/api/v1/reports/board/{source}", (200, {"source": source, "measures": []}))
    without = signed_in(["staff", "coordinator"])
    assert b"/coordinate/report/2026Q4.pdf" not in without.get("/coordinate/report?quarter=2026Q4").data
    assert without.get("/coordinate/report/2026Q4.pdf").status_code == 404

    served = dataclasses.replace(settings, service_urls={**settings.service_urls, "reports": REPORTS_URL})
    client = create_app(served, http=services).test_client()
    page = client.get("/sign-in").data
    client.post("/sign-in", data={"email": "cora@psn.test", "password": "pw", "csrf_token": csrf(page)})
    assert b"/coordinate/report/2026Q4.pdf" in client.get("/coordinate/report?quarter=2026Q4").data
    services.on("GET", "reports", "/api/v1/reports/board", (200, b"%PDF-1.7 board"))
    pdf = client.get("/coordinate/report/2026q4.pdf")
    assert (pdf.status_code, pdf.mimetype, pdf.data) == (200, "application/pdf", b"%PDF-1.7 board")
    sent = services.calls("GET", "reports", "/api/v1/reports/board")[0]
    assert sent.params == {"quarter": "2026Q4", "format": "pdf"} and sent.headers["Authorization"].startswith("Bearer")
    assert client.get("/coordinate/report/2026Q4.docx").status_code == 404


def test_the_governance_group_and_the_administrator_read_the_board_report_and_find_it(signed_in, services):
    for source in ("identity", "training", "sessions"):
        services.on("GET", source, f"/api/v1/reports/board/{source}", (200, {"source": source, "measures": []}))
    governance = signed_in(["staff", "governance"])
    page = governance.get("/coordinate/report?quarter=2026Q4")
    assert page.status_code == 200 and "Board report, 2026Q4" in page.data.decode()
    nav = governance.get("/").data.decode().split("</header>", 1)[0]
    assert 'href="/coordinate/report"' in nav and 'href="/coordinate"' not in nav
    assert 'href="/coordinate/report"' in governance.get("/").data.decode().split("</header>", 1)[1]
    assert governance.get("/coordinate/waiting").status_code == 403  # the report, and nothing else of the running
    admin = signed_in(["staff", "admin"])
    assert admin.get("/coordinate/report?quarter=2026Q4").status_code == 200
    assert 'href="/coordinate/report"' in admin.get("/coordinate").data.decode().split("</header>", 1)[1]
    assert signed_in(["staff", "line_manager"]).get("/coordinate/report").status_code == 403


def test_a_coordinator_records_or_rejects_level_1_claims_with_a_reason(signed_in, services):
    claim = {"id": REFERRAL, "staff_id": COLLEAGUE, "completed_on": "2026-10-05", "evidence": "Council LMS cert 4471",
             "submitted_at": "2026-11-02T09:00:00+00:00", "status": "pending", "decided_by": None,
             "decided_at": None, "rejection_reason": None, "name": "Casey Candidate"}
    services.on("GET", "training", "/api/v1/level1-claims", (200, {"items": [claim], "total": 1, "limit": 20,
                                                                   "offset": 0}))
    assert signed_in(["staff"]).get("/coordinate/level-1-claims").status_code == 403
    client = signed_in(["staff", "coordinator"])
    page = client.get("/coordinate/level-1-claims")
    body = page.data.decode()
    assert "Casey Candidate" in body and "5 October 2026" in body and "Council LMS cert 4471" in body
    assert services.calls("GET", "training", "/api/v1/level1-claims")[0].params["status"] == "pending"
    decide = f"/api/v1/level1-claims/{REFERRAL}/decision"
    unreasoned = client.post(f"/coordinate/level-1-claims/{REFERRAL}/decision",
                             data={"csrf_token": csrf(page.data), "decision": "reject"})
    assert summary(unreasoned.data.decode()) == {f"#reason-{REFERRAL}": "Enter why the claim is rejected"}
    services.on("POST", "training", decide, (200, {**claim, "status": "verified"}))
    for form, sent in (({"decision": "verify"}, {"decision": "verify"}),
                       ({"decision": "reject", "reason": " No such course. "},
                        {"decision": "reject", "reason": "No such course."})):
        done = client.post(f"/coordinate/level-1-claims/{REFERRAL}/decision",
                           data={"csrf_token": csrf(page.data), **form})
        assert done.status_code == 302 and services.calls("POST", "training", decide)[-1].json == sent


def test_a_facilitator_arranges_a_session_sees_who_comes_takes_the_register_and_cancels(signed_in, services):
    under_way = group_session(id=REFERRAL, facilitator_id=ME["id"], starts_at="2020-01-01T10:00:00+00:00",
                              places_left=6)
    coming = group_session(facilitator_id=ME["id"], places_left=7, waiting=1)
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [under_way, coming, group_session(
        id=COHORT, theme="Someone else's")], "total": 3, "limit": 100, "offset": 0}))
    people = [{"staff_id": COLLEAGUE, "name": "Casey Candidate", "status": "booked", "booked_at": "",
               "waiting_place": None, "attended": None},
              {"staff_id": COHORT, "name": "Avery Able", "status": "waiting", "booked_at": "", "waiting_place": 1,
               "attended": None}]
    services.on("GET", "sessions", "/api/v1/group-sessions/attendees", (200, {"items": [
        {"session_id": session_id, "items": people} for session_id in (REFERRAL, coming["id"])]}))
    services.on("GET", "sessions", "/api/v1/group-series", (200, {"items": []}))
    assert signed_in(["staff"]).get("/facilitating").status_code == 403
    client = signed_in(["staff", "facilitator"])
    page = client.get("/facilitating")
    body = page.data.decode()
    assert "Someone else's" not in body and "Avery Able (waiting list, number 1)" in body
    assert "Who came?" in body and "Cancel this session" in body
    # Mine, and those that ended in the last fortnight: a register is as often taken after a session as during it.
    assert {k: v for k, v in services.calls("GET", "sessions", "/api/v1/group-sessions")[0].params.items()
            if k in ("mine", "past_days")} == {"mine": "true", "past_days": 14}
    # Who comes to each of my sessions, in one read: someone else's session is not asked about.
    assert [c.params for c in services.calls("GET", "sessions", "/api/v1/group-sessions/attendees")] == [
        {"session_id": [REFERRAL, coming["id"]]}]

    register = f"/api/v1/group-sessions/{REFERRAL}/attendance"
    services.on("PUT", "sessions", register, (200, {"items": people}))
    saved = client.post(f"/facilitating/{REFERRAL}/attendance", data={"csrf_token": csrf(page.data),
                                                                      "attended": [COLLEAGUE]})
    assert saved.status_code == 302
    assert services.calls("PUT", "sessions", register)[-1].json == {"attended": [COLLEAGUE]}

    blank = client.post("/facilitating", data={"csrf_token": csrf(page.data)})
    assert set(summary(blank.data.decode())) == {"#theme", "#session-day", "#session-time", "#session-length",
                                                 "#capacity", "#audience", "#session-how"}
    services.on("POST", "sessions", "/api/v1/group-sessions", (201, coming))
    arranged = client.post("/facilitating", data={
        "csrf_token": csrf(page.data), "theme": " After a hard shift ", "session-day[day]": "12",
        "session-day[month]": "1", "session-day[year]": "2027", "session-time": "12:00", "session-length": "90",
        "capacity": "8", "audience": "middle_managers", "session-how": "video", "session-link": "https://meet.example/x"})
    assert arranged.status_code == 302
    assert services.calls("POST", "sessions", "/api/v1/group-sessions")[-1].json == {
        "theme": "After a hard shift", "link": "https://meet.example/x", "starts_at": "2027-01-12T12:00:00+00:00",
        "ends_at": "2027-01-12T13:30:00+00:00", "capacity": 8, "audience": "middle_managers"}

    cancel = f"/api/v1/group-sessions/{coming['id']}/cancel"
    services.on("POST", "sessions", cancel, (200, {**coming, "status": "cancelled"}))
    assert client.post(f"/facilitating/{coming['id']}/cancel", data={"csrf_token": csrf(page.data)}).status_code == 302
    assert len(services.calls("POST", "sessions", cancel)) == 1


def test_a_facilitator_moves_a_session_or_changes_its_places(signed_in, services):
    coming = group_session(facilitator_id=ME["id"], places_left=7, waiting=1)
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [coming], "total": 1, "limit": 100,
                                                                    "offset": 0}))
    services.on("GET", "sessions", "/api/v1/group-sessions/attendees", (200, {"items": []}))
    services.on("GET", "sessions", "/api/v1/group-series", (200, {"items": []}))
    client = signed_in(["staff", "facilitator"])
    page = client.get("/facilitating")
    body = page.data.decode()
    prefix, url = f"move-{coming['id']}", f"/api/v1/group-sessions/{coming['id']}"
    assert "Move it or change its places" in body
    assert f'id="{prefix}-time" name="{prefix}-time" type="text" value="12:00"' in body
    assert f'name="capacity-{coming["id"]}" type="text" value="8"' in body
    services.on("PATCH", "sessions", url, (200, {**coming, "capacity": 10}))
    as_it_is = {"csrf_token": csrf(page.data), f"{prefix}-day[day]": "12", f"{prefix}-day[month]": "1",
                f"{prefix}-day[year]": "2027", f"{prefix}-time": "12:00", f"{prefix}-length": "90",
                "length-now": "90", f"capacity-{coming['id']}": "10"}
    changed = client.post(f"/facilitating/{coming['id']}/change", data=as_it_is)
    assert changed.status_code == 302 and changed.headers["Location"].endswith(f"#session-{coming['id']}")
    assert services.calls("PATCH", "sessions", url)[-1].json == {
        "starts_at": "2027-01-12T12:00:00+00:00", "ends_at": "2027-01-12T13:30:00+00:00", "capacity": 10}
    none = client.post(f"/facilitating/{coming['id']}/change", data={**as_it_is, f"capacity-{coming['id']}": "0"})
    assert none.status_code == 422 and set(summary(none.data.decode())) == {f"#capacity-{coming['id']}"}
    services.on("PATCH", "sessions", url, problem(422, "Invalid input", [
        {"field": "capacity", "message": "2 people are booked: capacity cannot go below that"}]))
    refused = client.post(f"/facilitating/{coming['id']}/change", data={**as_it_is, f"capacity-{coming['id']}": "1"})
    assert summary(refused.data.decode()) == {
        f"#capacity-{coming['id']}": "2 people are booked: capacity cannot go below that"}
    assert len(services.calls("PATCH", "sessions", url)) == 2


DELEGATIONS_URL = f"/api/v1/staff/{ME['id']}/delegations"
DELEGATION = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"


def delegation(**changes) -> dict:
    return {"id": DELEGATION, "manager_id": ME["id"], "delegate_id": COLLEAGUE, "delegate_name": "Dana Deputy",
            "starts_on": "2026-01-05", "ends_on": "2099-01-09", "reason": "annual leave", "created_by": ME["id"],
            "ended_at": None, "ended_by": None, "end_reason": None, **changes}


def test_a_manager_names_a_colleague_found_by_name_to_stand_in_for_a_period(signed_in, services):
    assert signed_in(["staff"]).get("/delegations").status_code == 403
    client = signed_in(["staff", "line_manager"])
    services.on("GET", "identity", DELEGATIONS_URL, (200, [
        delegation(), delegation(id=LEAVE, delegate_name="Old Deputy", ends_on="2025-01-09")]))
    services.on("GET", "identity", "/api/v1/colleagues", (200, [
        {"id": ME["id"], "name": ME["name"], "preferred_name": None, "job_title": None, "team_id": None},
        {"id": COLLEAGUE, "name": "Dana Deputy", "preferred_name": None, "job_title": "Ward manager",
         "team_id": COHORT}]))
    services.on("GET", "identity", "/api/v1/teams", (200, [{"id": COHORT, "name": "Ward 7"}]))
    services.on("POST", "identity", DELEGATIONS_URL, (201, delegation()))
    page = client.get("/delegations?name=da")
    body = page.data.decode()
    assert "Standing in now" in body and "As planned" in body and "Old Deputy" in body
    assert "Ward manager, Ward 7" in body and f'value="{ME["id"]}"' not in body  # nobody stands in for themselves
    assert services.calls("GET", "identity", "/api/v1/colleagues")[-1].params == {"q": "da"}
    form = {"csrf_token": csrf(page.data), "name": "da", "delegate_id": COLLEAGUE, "starts-on[day]": "5",
            "starts-on[month]": "1", "starts-on[year]": "2027", "ends-on[day]": "31", "ends-on[month]": "2",
            "ends-on[year]": "2027", "reason": ""}
    refused = client.post("/delegations", data=form)
    assert refused.status_code == 422 and 'href="#ends-on"' in refused.data.decode()
    assert 'href="#reason"' in refused.data.decode() and services.calls("POST", "identity", DELEGATIONS_URL) == []
    done = client.post("/delegations", data={**form, "ends-on[day]": "9", "reason": "annual leave"})
    assert done.status_code == 302
    [sent] = services.calls("POST", "identity", DELEGATIONS_URL)
    assert sent.json == {"delegate_id": COLLEAGUE, "starts_on": "2027-01-05", "ends_on": "2027-02-09",
                         "reason": "annual leave"}


def test_a_delegation_is_ended_early_with_a_reason_and_a_refusal_is_shown(signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    services.on("GET", "identity", DELEGATIONS_URL, (200, [delegation()]))
    ending = f"{DELEGATIONS_URL}/{DELEGATION}/ending"
    services.on("POST", "identity", ending, problem(409, "Conflict", detail="This delegation is already over."))
    page = client.get("/delegations")
    assert "End it now" in page.data.decode()
    missing = client.post(f"/delegations/{DELEGATION}/ending", data={"csrf_token": csrf(page.data), "reason": ""})
    assert missing.status_code == 422 and "Enter why it ends early" in missing.data.decode()
    assert services.calls("POST", "identity", ending) == []
    refused = client.post(f"/delegations/{DELEGATION}/ending", data={"csrf_token": csrf(page.data), "reason": "back"})
    assert refused.status_code == 422 and "This delegation is already over." in refused.data.decode()
    assert services.calls("POST", "identity", ending)[0].json == {"reason": "back"}


SERIES = "ffffffff-ffff-4fff-8fff-ffffffffffff"


def test_a_facilitator_arranges_a_monthly_series_on_the_first_day_s_weekday_and_ends_it(signed_in, services):
    services.on("GET", "sessions", "/api/v1/group-sessions", (200, {"items": [], "total": 0, "limit": 100,
                                                                    "offset": 0}))
    mine = {"id": SERIES, "facilitator_id": ME["id"], "theme": "Managing through winter",
            "rule": "FREQ=MONTHLY;BYDAY=-1FR", "timezone": "Europe/London", "ended_at": None,
            "first_starts_at": "2027-01-29T12:00:00+00:00", "duration_minutes": 90, "capacity": 10,
            "audience": "middle_managers", "link": None, "room": "Seminar room 2", "generated_until": None}
    services.on("GET", "sessions", "/api/v1/group-series", (200, {"items": [
        mine, {**mine, "id": COHORT, "facilitator_id": COLLEAGUE, "theme": "Someone else's"},
        {**mine, "id": LEAVE, "theme": "Ended long ago", "ended_at": "2026-01-01T00:00:00+00:00"}]}))
    services.on("POST", "sessions", "/api/v1/group-series", (201, mine))
    client = signed_in(["staff", "trainer"])
    page = client.get("/facilitating")
    body = page.data.decode()
    assert "Every month, on the last Friday" in body
    assert "Someone else's" not in body and "Ended long ago" not in body
    form = {"csrf_token": csrf(page.data), "theme": "Managing through winter", "session-day[day]": "2",
            "session-day[month]": "2", "session-day[year]": "2027", "session-time": "12:00", "session-length": "90",
            "capacity": "10", "audience": "middle_managers", "session-how": "in_person",
            "session-room": "Seminar room 2", "repeat": "yearly"}
    odd = client.post("/facilitating", data=form)
    assert odd.status_code == 422 and list(summary(odd.data.decode())) == ["#repeat"]
    assert client.post("/facilitating", data={**form, "repeat": "monthly"}).status_code == 302
    assert services.calls("POST", "sessions", "/api/v1/group-series")[-1].json == {
        "theme": "Managing through winter", "audience": "middle_managers", "capacity": 10, "room": "Seminar room 2",
        "rule": "FREQ=MONTHLY;BYDAY=1TU", "timezone": "Europe/London", "first_starts_at": "2027-02-02T12:00:00+00:00",
        "duration_minutes": 90}
    assert services.calls("POST", "sessions", "/api/v1/group-sessions") == []
    services.on("POST", "sessions", f"/api/v1/group-series/{SERIES}/end", (200, {**mine, "ended_at": "x"}))
    assert client.post(f"/facilitating/series/{SERIES}/end", data={"csrf_token": csrf(page.data)}).status_code == 302
    assert len(services.calls("POST", "sessions", f"/api/v1/group-series/{SERIES}/end")) == 1


@pytest.mark.parametrize(("repeat", "first", "rule", "said"), [
    ("monthly", "2027-02-02T12:00", "FREQ=MONTHLY;BYDAY=1TU", "Every month, on the first Tuesday"),
    ("monthly", "2027-03-17T09:30", "FREQ=MONTHLY;BYDAY=3WE", "Every month, on the third Wednesday"),
    ("monthly", "2027-03-29T09:30", "FREQ=MONTHLY;BYDAY=-1MO", "Every month, on the last Monday"),
    ("weekly", "2027-03-29T09:30", "FREQ=WEEKLY", "Every week"),
    ("fortnightly", "2027-03-29T09:30", "FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks"),
])
def test_a_series_rule_is_made_from_its_first_day_and_said_back_in_words(repeat, first, rule, said):
    from datetime import datetime

    from web.views.facilitating import described, rule_for
    assert rule_for(repeat, datetime.fromisoformat(first)) == rule
    assert described(rule) == said
    assert described("FREQ=DAILY;COUNT=3") == "FREQ=DAILY;COUNT=3"


def staff_record(**changes) -> dict:
    return {"id": COLLEAGUE, "name": "Casey Candidate", "job_title": "Staff nurse", "team_id": None,
            "email": "casey@psn.test", "status": "active", "roles": ["staff", "peer_supporter"], **changes}


def grant(role: str, **changes) -> dict:
    return {"id": LEAVE, "role": role, "reason": "Level 2 Peer Supporter completed",
            "granted_at": "2026-10-01T09:00:00+00:00", "granted_by": None, "monthly_hours": 4, "revoked_at": None,
            "revoked_by": None, "revoke_reason": None, "ending": None, "team_id": None, **changes}


def test_a_coordinator_finds_people_by_name_and_sees_their_roles(signed_in, services):
    assert signed_in(["staff", "line_manager"]).get("/coordinate/people").status_code == 403
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [
        staff_record(), staff_record(id=LEAVE, name="Lee Left", status="left", roles=["staff"])],
        "total": 41, "limit": 20, "offset": 20}))
    body = signed_in(["staff", "coordinator"]).get("/coordinate/people?name=ca&page=2").data.decode()
    assert services.calls("GET", "identity", "/api/v1/staff")[-1].params == {"q": "ca", "limit": 20, "offset": 20}
    assert "Peer supporter" in body and "Left" in body and "Page 3 of 3" in body
    assert f'href="/coordinate/people/{COLLEAGUE}"' in body


def test_a_person_s_page_names_their_managers_as_the_directory_has_them(signed_in, services):
    services.on("GET", "identity", f"/api/v1/staff/{COLLEAGUE}", (200, staff_record(line_manager_id=LEAVE)))
    services.on("GET", "identity", f"/api/v1/staff/{LEAVE}", (200, staff_record(id=LEAVE, name="Lee Line")))
    services.on("GET", "identity", f"/api/v1/staff/{COLLEAGUE}/roles", (200, []))
    body = signed_in(["staff", "coordinator"]).get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    line = body.split("Line manager", 1)[1].split("</div>", 1)[0]
    assert f'href="/coordinate/people/{LEAVE}">Lee Line</a>' in line
    assert "None recorded" in body.split("Senior manager", 1)[1].split("</div>", 1)[0]


def test_a_coordinator_gives_a_role_suspends_one_and_lifts_the_suspension(signed_in, services):
    client = signed_in(["staff", "coordinator"])
    record, roles = f"/api/v1/staff/{COLLEAGUE}", f"/api/v1/staff/{COLLEAGUE}/roles"
    services.on("GET", "identity", record, (200, staff_record()))
    services.on("GET", "identity", roles, (200, [grant("peer_supporter")]))
    page = client.get(f"/coordinate/people/{COLLEAGUE}")
    body = page.data.decode()
    assert "Facilitator" in body and "Wellbeing champion" in body and "lift the suspension" not in body
    assert "Suspend or withdraw: Peer supporter" in body and "Held now" in body
    services.on("POST", "identity", roles, (201, grant("facilitator")))
    blank = client.post(f"/coordinate/people/{COLLEAGUE}/roles", data={"csrf_token": csrf(page.data),
                                                                      "role": "facilitator"})
    assert blank.status_code == 422 and list(summary(blank.data.decode())) == ["#give-reason"]
    given = client.post(f"/coordinate/people/{COLLEAGUE}/roles", data={
        "csrf_token": csrf(page.data), "role": "facilitator", "reason": "Runs the night-shift group"})
    assert given.status_code == 302
    assert services.calls("POST", "identity", roles)[-1].json == {"role": "facilitator",
                                                                  "reason": "Runs the night-shift group"}
    ending = f"{roles}/peer_supporter/revocations"
    services.on("POST", "identity", ending, problem(403, "Forbidden", detail="You may not change this role."))
    refused = client.post(f"/coordinate/people/{COLLEAGUE}/roles/peer_supporter/end", data={
        "csrf_token": csrf(page.data), "ending": "suspended", "reason": "Under review"})
    assert refused.status_code == 422 and "You may not change this role." in refused.data.decode()
    assert services.calls("POST", "identity", ending)[-1].json == {"ending": "suspended", "reason": "Under review"}
    assert client.post(f"/coordinate/people/{COLLEAGUE}/roles/coordinator/end", data={
        "csrf_token": csrf(page.data), "ending": "withdrawn", "reason": "x"}).status_code == 404  # not from here

    services.on("GET", "identity", record, (200, staff_record(roles=["staff"])))
    services.on("GET", "identity", roles, (200, [grant("peer_supporter", revoked_at="2026-11-01T09:00:00+00:00",
                                                       ending="suspended", revoke_reason="Under review")]))
    body = client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    assert "Peer supporter: lift the suspension" in body and "Suspended, Sunday 1 November 2026" in body
    assert 'value="coordinator"' not in body  # an administrator's to give


def test_someone_who_has_not_chosen_a_password_is_sent_the_welcome_again_from_their_page(signed_in, services):
    client = signed_in(["staff", "coordinator"])
    record, welcome = f"/api/v1/staff/{COLLEAGUE}", f"/api/v1/staff/{COLLEAGUE}/welcome"
    services.on("GET", "identity", f"{record}/roles", (200, []))
    action = f'action="/coordinate/people/{COLLEAGUE}/welcome"'
    for shown_without_it in (staff_record(has_password=True), staff_record(), staff_record(has_password=False,
                                                                                            status="left")):
        services.on("GET", "identity", record, (200, shown_without_it))
        assert action not in client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    services.on("GET", "identity", record, (200, staff_record(has_password=False)))
    page = client.get(f"/coordinate/people/{COLLEAGUE}")
    form = page.data.decode().split(action, 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in form and "Send the welcome email again" in form
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    assert client.post(f"/coordinate/people/{COLLEAGUE}/welcome", data={"idempotency_key": key}).status_code == 400
    assert services.calls("POST", "identity", welcome) == []

    services.on("POST", "identity", welcome, (200, staff_record(has_password=False)))
    sent = client.post(f"/coordinate/people/{COLLEAGUE}/welcome", data={"csrf_token": csrf(page.data),
                                                                         "idempotency_key": key})
    assert sent.status_code == 302 and sent.headers["Location"] == f"/coordinate/people/{COLLEAGUE}"
    assert services.calls("POST", "identity", welcome)[-1].headers["Idempotency-Key"] == key
    told = client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    assert "The welcome email is on its way to casey@psn.test, with a new link" in told

    services.on("POST", "identity", welcome, problem(409, "Conflict", detail=(
        "Casey Candidate already has a password; if they have forgotten it, they can set a new one with Forgotten "
        "your password")))
    refused = client.post(f"/coordinate/people/{COLLEAGUE}/welcome", data={"csrf_token": csrf(page.data)})
    assert refused.status_code == 422 and "Casey Candidate already has a password" in refused.data.decode()
    manager = signed_in(["staff", "line_manager"])
    assert manager.post(f"/coordinate/people/{COLLEAGUE}/welcome", data={
        "csrf_token": csrf(manager.get("/support/ask").data)}).status_code == 403
    assert len(services.calls("POST", "identity", welcome)) == 2


def test_a_coordinator_records_a_refresher_and_corrects_a_certificate_from_its_holder_s_page(signed_in, services):
    certificate, renewals = f"/api/v1/certificates/{REFERRAL}", f"/api/v1/certificates/{REFERRAL}/renewals"
    held = {"id": REFERRAL, "staff_id": COLLEAGUE, "level": 2, "issued_on": "2025-01-10", "expires_on": "2027-01-10",
            "renewed_on": None, "status": "valid", "verification_code": "ABCD2345"}
    services.on("GET", "identity", f"/api/v1/staff/{COLLEAGUE}", (200, staff_record()))
    services.on("GET", "identity", f"/api/v1/staff/{COLLEAGUE}/roles", (200, []))
    services.on("GET", "training", f"/api/v1/people/{COLLEAGUE}", (200, {
        "completions": [], "nominations": [], "certificates": [held]}))
    services.on("GET", "training", certificate, (200, held))
    page_of = f"/coordinate/people/{COLLEAGUE}/certificates/{REFERRAL}"
    assert signed_in(["staff", "trainer"]).get(page_of).status_code == 403
    client = signed_in(["staff", "coordinator"])
    assert f'href="{page_of}"' in client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    page = client.get(page_of)
    body = page.data.decode()
    assert page.status_code == 200 and "Casey Candidate" in body and "Record a refresher" in body
    assert "Correct when it runs out" in body
    blank = client.post(f"{page_of}/renewals", data={"csrf_token": csrf(page.data)})
    assert summary(blank.data.decode()) == {"#completed-on": "Enter the day the refresher was taken"}
    services.on("POST", "training", renewals, problem(422, "Unprocessable Entity", [
        {"field": "completed_on", "message": "a refresher cannot be in the future"}]))
    taken = {"csrf_token": csrf(page.data), "completed-on[day]": "3", "completed-on[month]": "12",
             "completed-on[year]": "2099"}
    refused = client.post(f"{page_of}/renewals", data=taken)
    assert refused.status_code == 422
    assert summary(refused.data.decode()) == {"#completed-on": "A refresher cannot be in the future"}
    assert 'name="completed-on[year]" type="text" value="2099"' in refused.data.decode()
    assert services.calls("POST", "training", renewals)[-1].json == {"completed_on": "2099-12-03"}
    services.on("POST", "training", renewals, (200, {**held, "renewed_on": "2026-11-30"}))
    done = client.post(f"{page_of}/renewals", data={**taken, "completed-on[year]": "2026", "completed-on[month]": "11",
                                                    "completed-on[day]": "30"})
    assert done.status_code == 302 and done.headers["Location"] == f"/coordinate/people/{COLLEAGUE}#training"
    services.on("PATCH", "training", certificate, problem(422, "Unprocessable Entity", [
        {"field": "expires_on", "message": "a certificate cannot expire before it was issued"}]))
    corrected = {"csrf_token": csrf(page.data), "expires-on[day]": "1", "expires-on[month]": "1",
                 "expires-on[year]": "2024"}
    refused = client.post(f"{page_of}/expiry", data=corrected)
    assert summary(refused.data.decode()) == {"#expires-on": "A certificate cannot expire before it was issued"}
    assert services.calls("PATCH", "training", certificate)[-1].json == {"expires_on": "2024-01-01"}
    services.on("PATCH", "training", certificate, (200, {**held, "expires_on": "2027-03-01"}))
    assert client.post(f"{page_of}/expiry", data={**corrected, "expires-on[year]": "2027"}).status_code == 302
    services.on("GET", "training", certificate, (200, {**held, "status": "lapsed"}))
    assert "Correct when it runs out" not in client.get(page_of).data.decode()  # training renews a lapsed one only
    services.on("GET", "training", certificate, (200, {**held, "staff_id": LEAVE}))
    assert client.get(page_of).status_code == 404  # not this person's


def test_the_administrator_appoints_coordinators_and_trainers_and_nobody_changes_their_own_roles(
        signed_in, services):
    client = signed_in(["staff", "admin"])
    record, roles = f"/api/v1/staff/{COLLEAGUE}", f"/api/v1/staff/{COLLEAGUE}/roles"
    services.on("GET", "identity", record, (200, staff_record(roles=["staff", "governance"])))
    services.on("GET", "identity", roles, (200, [grant("governance")]))
    page = client.get(f"/coordinate/people/{COLLEAGUE}")
    body = page.data.decode()
    assert all(f'value="{role}"' in body for role in ("coordinator", "trainer", "admin", "facilitator"))
    assert "Suspend or withdraw: Governance group" in body
    services.on("POST", "identity", roles, (201, grant("coordinator")))
    given = client.post(f"/coordinate/people/{COLLEAGUE}/roles", data={
        "csrf_token": csrf(page.data), "role": "coordinator", "reason": "Runs the network for the west"})
    assert given.status_code == 302 and services.calls("POST", "identity", roles)[-1].json["role"] == "coordinator"

    mine = staff_record(id=ME["id"], roles=["staff", "admin"])
    services.on("GET", "identity", f"/api/v1/staff/{ME['id']}", (200, mine))
    services.on("GET", "identity", f"/api/v1/staff/{ME['id']}/roles", (200, [grant("admin")]))
    own = client.get(f"/coordinate/people/{ME['id']}").data.decode()
    assert "Give a role" not in own and "Suspend or withdraw" not in own


TEAM = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"


def directory_of_teams(services) -> None:
    services.on("GET", "identity", "/api/v1/teams", (200, [
        {"id": TEAM, "name": "Ward 7", "service": "Acute medicine", "organisation": "Health board",
         "service_id": None, "organisation_id": None}]))
    services.on("GET", "identity", "/api/v1/organisations", (200, [{"id": WINDOW, "name": "Health board",
                                                                     "kind": "health_board"}]))


def options(body: str, select_id: str) -> dict[str, str]:
    """A select's options, value -> text, the one marked chosen with a * (none marked: the first is shown)."""
    drawn = body.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return {value: ("*" if chosen else "") + text.strip()
            for value, chosen, text in re.findall(r'<option value="([^"]*)"( selected)?\s*>([^<]*)<', drawn)}


def test_the_administrator_registers_someone_with_a_team_and_a_line_manager_found_by_name(signed_in, services):
    assert signed_in(["staff", "line_manager"]).get("/coordinate/people/new").status_code == 403
    directory_of_teams(services)
    client = signed_in(["staff", "admin"])
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [], "total": 0, "limit": 20, "offset": 0}))
    assert 'href="/coordinate/people/new"' in client.get("/coordinate/people").data.decode()
    page = client.get("/coordinate/people/new")
    assert page.status_code == 200 and "Ward 7 (Acute medicine, Health board)" in page.data.decode()
    blank = client.post("/coordinate/people/new", data={"csrf_token": csrf(page.data), "team_id": "nonsense",
                                                        "person-start-date[day]": "31", "person-start-date[month]": "2",
                                                        "person-start-date[year]": "2027"})
    assert blank.status_code == 422 and list(summary(blank.data.decode())) == [
        "#person-name", "#person-employee-number", "#person-email", "#person-team", "#person-start-date"]

    services.on("GET", "identity", "/api/v1/colleagues", (200, [
        {"id": LEAVE, "name": "Lee Line", "preferred_name": None, "job_title": "Ward manager", "team_id": TEAM}]))
    services.on("GET", "identity", f"/api/v1/staff/{LEAVE}", (200, staff_record(id=LEAVE, name="Lee Line")))
    form = {"csrf_token": csrf(page.data), "name": "Noor New", "employee_number": "E1234", "email": "noor@psn.test",
            "team_id": TEAM, "line_manager-name": "le"}
    found = client.post("/coordinate/people/new", data={**form, "find": "line_manager"})
    body = found.data.decode()
    assert found.status_code == 200
    assert services.calls("GET", "identity", "/api/v1/colleagues")[-1].params == {"q": "le"}
    assert options(body, "person-line-manager") == {"": "No line manager", LEAVE: "Lee Line, Ward manager"}
    assert 'value="Noor New"' in body
    assert not services.calls("POST", "identity", "/api/v1/staff")  # finding saves nothing
    one_letter = client.post("/coordinate/people/new", data={**form, "find": "line_manager", "line_manager-name": "l"})
    assert summary(one_letter.data.decode()) == {"#person-line-manager-name": "Enter at least 2 letters of their name"}

    services.on("POST", "identity", "/api/v1/staff", problem(409, "Conflict", [
        {"field": "email", "message": "a member of staff with this email already exists"}]))
    taken = client.post("/coordinate/people/new", data={**form, "line_manager_id": LEAVE})
    assert taken.status_code == 422
    assert summary(taken.data.decode()) == {"#person-email": "A member of staff with this email already exists"}
    assert options(taken.data.decode(), "person-line-manager")[LEAVE] == "*Lee Line"  # still chosen

    services.on("POST", "identity", "/api/v1/staff", (201, staff_record(id=COLLEAGUE, name="Noor New")))
    done = client.post("/coordinate/people/new", data={**form, "line_manager_id": LEAVE})
    assert done.status_code == 302 and done.headers["Location"] == f"/coordinate/people/{COLLEAGUE}"
    sent = services.calls("POST", "identity", "/api/v1/staff")[-1]
    assert sent.json == {"name": "Noor New", "employee_number": "E1234", "email": "noor@psn.test", "job_title": None,
                         "grade": None, "team_id": TEAM, "organisation_id": None, "line_manager_id": LEAVE,
                         "senior_manager_id": None, "start_date": None}
    assert sent.headers["Idempotency-Key"]


def test_a_coordinator_changes_someone_s_manager_with_the_version_read_and_identity_s_refusals_at_their_field(
        signed_in, services):
    directory_of_teams(services)
    client = signed_in(["staff", "coordinator"])
    record = f"/api/v1/staff/{COLLEAGUE}"
    services.on("GET", "identity", record, (200, staff_record(employee_number="E77", grade="Band 5", team_id=TEAM,
                                                              organisation_id=WINDOW, start_date="2024-04-01"),
                                            {"ETag": '"s1"'}))
    page = client.get(f"/coordinate/people/{COLLEAGUE}/details")
    body = page.data.decode()
    assert 'value="Casey Candidate"' in body and 'value="Band 5"' in body and 'name="etag" value="&#34;s1&#34;"' in body
    assert options(body, "person-team")[TEAM] == "*Ward 7 (Acute medicine, Health board)"
    assert not any(text.startswith("*") for text in options(body, "person-organisation").values())  # their team's
    assert 'name="person-start-date[month]" type="text" value="4"' in body
    form = {"csrf_token": csrf(page.data), "etag": '"s1"', "name": "Casey Candidate", "employee_number": "E77",
            "email": "casey@psn.test", "grade": "Band 5", "team_id": TEAM, "line_manager_id": LEAVE}
    services.on("GET", "identity", f"/api/v1/staff/{LEAVE}", (200, staff_record(id=LEAVE, name="Lee Line")))
    services.on("PATCH", "identity", record, problem(422, "Unprocessable Entity", [
        {"field": "line_manager_id", "message": "this line manager would close a loop of line management"}]))
    loop = client.post(f"/coordinate/people/{COLLEAGUE}/details", data=form)
    assert loop.status_code == 422 and summary(loop.data.decode()) == {
        "#person-line-manager": "This line manager would close a loop of line management"}
    sent = services.calls("PATCH", "identity", record)[-1]
    assert sent.headers["If-Match"] == '"s1"' and sent.json["line_manager_id"] == LEAVE
    assert sent.json["organisation_id"] is None  # their team's

    services.on("PATCH", "identity", record, problem(412, "Precondition Failed"))
    stale = client.post(f"/coordinate/people/{COLLEAGUE}/details", data=form)
    assert stale.status_code == 409 and "Their record was changed meanwhile" in stale.data.decode()

    services.on("PATCH", "identity", record, (200, staff_record(line_manager_id=LEAVE)))
    done = client.post(f"/coordinate/people/{COLLEAGUE}/details", data=form)
    assert done.status_code == 302 and done.headers["Location"] == f"/coordinate/people/{COLLEAGUE}"
    bad = client.post(f"/coordinate/people/{COLLEAGUE}/details", data={**form, "line_manager_id": "x'><b>"})
    assert bad.status_code == 422 and list(summary(bad.data.decode())) == ["#person-line-manager"]
    assert len(services.calls("PATCH", "identity", record)) == 3  # the bad choice was never sent
    assert client.get("/coordinate/people/nonsense/details").status_code == 404


def test_moving_a_wellbeing_champion_to_another_team_is_warned_of_and_said_once_done(signed_in, services):
    directory_of_teams(services)
    client = signed_in(["staff", "coordinator"])
    record = f"/api/v1/staff/{COLLEAGUE}"
    services.on("GET", "identity", record, (200, staff_record(team_id=TEAM, roles=["staff", "wellbeing_champion"]),
                                            {"ETag": '"s1"'}))
    page = client.get(f"/coordinate/people/{COLLEAGUE}/details")
    assert "They are this team's wellbeing champion: moving them to another team ends that" in page.data.decode()
    form = {"csrf_token": csrf(page.data), "etag": '"s1"', "name": "Casey Candidate", "employee_number": "E77",
            "email": "casey@psn.test", "team_id": TEAM, "champion_of": TEAM}
    services.on("PATCH", "identity", record, (200, staff_record()))

    def said_after(answers: dict[str, str]) -> str:
        assert client.post(f"/coordinate/people/{COLLEAGUE}/details", data=answers).status_code == 302
        with client.session_transaction() as browser:
            return browser["_flashes"][-1][1]

    assert said_after(form) == "Casey Candidate's details are changed"
    assert said_after({**form, "team_id": ""}) == (
        "Casey Candidate's details are changed. They are no longer their old team's wellbeing champion, and are "
        "told so")
    services.on("GET", "identity", record, (200, staff_record(team_id=TEAM), {"ETag": '"s2"'}))
    plain = client.get(f"/coordinate/people/{COLLEAGUE}/details").data.decode()
    assert "this team's wellbeing champion" not in plain and 'name="champion_of"' not in plain


def test_a_coordinator_schedules_a_cohort_with_its_days_in_a_room_or_online(signed_in, services):
    assert signed_in(["staff", "trainer"]).get("/cohorts/new").status_code == 403
    client = signed_in(["staff", "coordinator"])
    page = client.get("/cohorts/new")
    assert page.status_code == 200 and "Day 4" in page.data.decode()
    blank = client.post("/cohorts/new", data={"csrf_token": csrf(page.data), "day-2[day]": "3", "day-2[month]": "3",
                                              "day-2[year]": "2027"})
    assert blank.status_code == 422
    assert set(summary(blank.data.decode())) == {"#name", "#level", "#kind", "#capacity", "#opening", "#day-2-place"}
    services.on("POST", "training", "/api/v1/cohorts", (201, {"id": COHORT}))
    form = {"csrf_token": csrf(page.data), "name": "Level 2, spring, Newport", "level": "2", "kind": "course",
            "capacity": "16", "opening": "open", "day-1[day]": "2", "day-1[month]": "3", "day-1[year]": "2027",
            "day-1-starts": "09:00", "day-1-ends": "16:00", "day-1-place": "Education Centre, Royal Gwent",
            "day-2[day]": "9", "day-2[month]": "3", "day-2[year]": "2027", "day-2-place": "https://meet.example/l2"}
    made = client.post("/cohorts/new", data=form)
    assert made.status_code == 302 and made.headers["Location"] == f"/cohorts/{COHORT}"
    assert services.calls("POST", "training", "/api/v1/cohorts")[-1].json == {
        "name": "Level 2, spring, Newport", "state": "open", "kind": "course", "level": 2, "capacity": 16,
        "days": [{"date": "2027-03-02", "start_time": "09:00", "end_time": "16:00",
                  "location": "Education Centre, Royal Gwent"},
                 {"date": "2027-03-09", "start_time": "09:30", "end_time": "16:30",
                  "virtual_link": "https://meet.example/l2"}]}
    services.on("POST", "training", "/api/v1/cohorts", problem(422, "Unprocessable Entity", [
        {"field": "days.1.end_time", "message": "a course day ends after it starts"}]))
    second_row_empty = {**{k.replace("day-2", "day-3"): v for k, v in form.items()},
                        **{k: "" for k in form if k.startswith("day-2")}}
    refused = client.post("/cohorts/new", data=second_row_empty)
    assert refused.status_code == 422 and summary(refused.data.decode()) == {
        "#day-3-ends": "A course day ends after it starts"}  # the second day sent was the form's third row


def test_a_coordinator_opens_starts_or_cancels_a_cohort_and_chooses_its_trainers(signed_in, services):
    _cohort(services, state="planned")
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [
        {"id": ME["id"], "name": "Tia Trainer"}, {"id": COLLEAGUE, "name": "Tom Trainer"}], "total": 2,
        "limit": 200, "offset": 0}))
    trainer_view = signed_in(["staff", "trainer"]).get(f"/cohorts/{COHORT}").data.decode()
    assert "Open it for booking" not in trainer_view and "Who teaches it?" not in trainer_view
    client = signed_in(["staff", "coordinator"])
    page = client.get(f"/cohorts/{COHORT}")
    body = page.data.decode()
    assert "Open it for booking" in body and "Cancel the cohort" in body and "Start the cohort" not in body
    assert services.calls("GET", "identity", "/api/v1/staff")[-1].params == {
        "role": "trainer", "status": "active", "limit": 200}
    state = f"/api/v1/cohorts/{COHORT}/state"
    services.on("POST", "training", state, (200, {}))
    opened = client.post(f"/cohorts/{COHORT}/state", data={"csrf_token": csrf(page.data), "state": "open"})
    assert opened.status_code == 302 and services.calls("POST", "training", state)[-1].json == {"state": "open"}
    assert client.post(f"/cohorts/{COHORT}/state", data={"csrf_token": csrf(page.data),
                                                         "state": "anything"}).status_code == 404
    services.on("POST", "training", state, problem(409, "Conflict", detail="A planned cohort cannot become running."))
    refused = client.post(f"/cohorts/{COHORT}/state", data={"csrf_token": csrf(page.data), "state": "running"})
    assert refused.status_code == 422 and "A planned cohort cannot become running." in refused.data.decode()
    trainers = f"/api/v1/cohorts/{COHORT}/trainers"
    services.on("PUT", "training", trainers, (200, {}))
    saved = client.post(f"/cohorts/{COHORT}/trainers", data={"csrf_token": csrf(page.data),
                                                             "trainer_ids": [ME["id"], COLLEAGUE]})
    assert saved.status_code == 302
    assert services.calls("PUT", "training", trainers)[-1].json == {"trainer_ids": [ME["id"], COLLEAGUE]}


def test_a_coordinator_changes_an_open_cohort_s_places_with_the_version_read(signed_in, services):
    _cohort(services, state="open")
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [], "total": 0, "limit": 200, "offset": 0}))
    services.on("GET", "training", "/api/v1/nominations/general-list", (200, []))
    record = f"/api/v1/cohorts/{COHORT}"
    cohort = services.answers[("GET", "training", record)][1]
    services.on("GET", "training", record, (200, cohort, {"ETag": '"c1"'}))
    assert "Change the number of places" not in signed_in(["staff", "trainer"]).get(f"/cohorts/{COHORT}").data.decode()
    client = signed_in(["staff", "coordinator"])
    page = client.get(f"/cohorts/{COHORT}")
    assert "Change the number of places" in page.data.decode()
    form = {"csrf_token": csrf(page.data), "etag": '"c1"'}
    for wrong in ("", "0", "twelve", "201"):
        refused = client.post(f"/cohorts/{COHORT}/capacity", data={**form, "capacity": wrong})
        assert refused.status_code == 422 and list(summary(refused.data.decode())) == ["#new-capacity"]
    assert not services.calls("PATCH", "training", record)
    services.on("PATCH", "training", record, problem(409, "Conflict", [
        {"field": "capacity", "message": "3 places are booked; the capacity cannot go below that"}]))
    below = client.post(f"/cohorts/{COHORT}/capacity", data={**form, "capacity": "2"})
    assert summary(below.data.decode()) == {"#new-capacity": "3 places are booked; the capacity cannot go below that"}
    assert 'id="new-capacity" name="capacity" type="text" value="2"' in below.data.decode()  # as typed
    sent = services.calls("PATCH", "training", record)[-1]
    assert sent.json == {"capacity": 2} and sent.headers["If-Match"] == '"c1"'
    services.on("PATCH", "training", record, problem(412, "Precondition Failed"))
    stale = client.post(f"/cohorts/{COHORT}/capacity", data={**form, "capacity": "14"})
    assert stale.status_code == 409 and "The cohort was changed meanwhile" in stale.data.decode()
    services.on("PATCH", "training", record, (200, {**cohort, "capacity": 14}))
    done = client.post(f"/cohorts/{COHORT}/capacity", data={**form, "capacity": "14"})
    assert done.status_code == 302 and services.calls("PATCH", "training", record)[-1].json == {"capacity": 14}
    _cohort(services, state="running")
    assert "Change the number of places" not in client.get(f"/cohorts/{COHORT}").data.decode()


def test_a_coordinator_changes_a_cohort_s_days_shown_as_they_are_and_training_s_refusal_at_its_row(
        signed_in, services):
    _cohort(services, state="planned")
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [], "total": 0, "limit": 200, "offset": 0}))
    record = f"/api/v1/cohorts/{COHORT}"
    cohort = {**services.answers[("GET", "training", record)][1], "days": [
        {"date": "2099-03-02", "start_time": "09:30:00", "end_time": "16:30:00", "starts_at": "2099-03-02T09:30:00Z",
         "location": "Room 4", "virtual_link": None},
        {"date": "2099-03-09", "start_time": "10:00:00", "end_time": "15:00:00", "starts_at": "2099-03-09T10:00:00Z",
         "location": None, "virtual_link": "https://meet.example/l2"}]}
    services.on("GET", "training", record, (200, cohort, {"ETag": '"c1"'}))
    client = signed_in(["staff", "coordinator"])
    page = client.get(f"/cohorts/{COHORT}")
    body = page.data.decode()
    assert "Change the days" in body
    assert 'id="day-2-place" name="day-2-place" type="text" value="https://meet.example/l2"' in body
    assert 'id="day-2-starts" name="day-2-starts" type="text" value="10:00"' in body and 'value="Room 4"' in body
    form = {"csrf_token": csrf(page.data), "etag": '"c1"',
            "day-1[day]": "2", "day-1[month]": "3", "day-1[year]": "2099",
            "day-1-starts": "09:30", "day-1-ends": "16:30", "day-1-place": "Room 5",
            "day-2[day]": "31", "day-2[month]": "2", "day-2[year]": "2099", "day-2-place": "Room 5"}
    unreal = client.post(f"/cohorts/{COHORT}/days", data=form)
    assert unreal.status_code == 422 and list(summary(unreal.data.decode())) == ["#day-2"]
    assert not services.calls("PATCH", "training", record)
    form |= {"day-2[day]": "9", "day-2[month]": "3"}
    services.on("PATCH", "training", record, problem(422, "Unprocessable Entity", [
        {"field": "days.1.end_time", "message": "a course day ends after it starts"}]))
    refused = client.post(f"/cohorts/{COHORT}/days", data={**form, "day-2-starts": "16:00", "day-2-ends": "10:00"})
    assert summary(refused.data.decode()) == {"#day-2-ends": "A course day ends after it starts"}
    assert "<details class=\"nhsuk-details\" open>" in refused.data.decode()
    sent = services.calls("PATCH", "training", record)[-1]
    assert sent.headers["If-Match"] == '"c1"' and sent.json == {"days": [
        {"date": "2099-03-02", "start_time": "09:30", "end_time": "16:30", "location": "Room 5"},
        {"date": "2099-03-09", "start_time": "16:00", "end_time": "10:00", "location": "Room 5"}]}
    services.on("PATCH", "training", record, (200, cohort))
    assert client.post(f"/cohorts/{COHORT}/days", data=form).status_code == 302


def test_a_cohort_of_more_than_four_days_is_scheduled_by_adding_a_day_at_a_time_without_javascript(signed_in,
                                                                                                  services):
    client = signed_in(["staff", "coordinator"])
    page = client.get("/cohorts/new")
    assert 'name="day_rows" value="4"' in page.data.decode() and "Day 5" not in page.data.decode()
    form = {"csrf_token": csrf(page.data), "name": "Level 3, five days", "level": "3", "kind": "course",
            "capacity": "10", "opening": "planned", "day_rows": "4"}
    for n in range(1, 6):
        form |= {f"day-{n}[day]": str(n), f"day-{n}[month]": "4", f"day-{n}[year]": "2027", f"day-{n}-place": "Room 2"}
    added = client.post("/cohorts/new", data={**form, "add_day": "yes"})
    body = added.data.decode()
    assert added.status_code == 200 and "Day 5" in body and 'name="day_rows" value="5"' in body
    assert 'id="day-4-place" name="day-4-place" type="text" value="Room 2"' in body  # what was typed is kept
    assert not services.calls("POST", "training", "/api/v1/cohorts")  # adding a row sends nothing
    services.on("POST", "training", "/api/v1/cohorts", problem(422, "Unprocessable Entity", [
        {"field": "days.4.location", "message": "Longer than maximum length 200."}]))
    refused = client.post("/cohorts/new", data={**form, "day_rows": "5"})
    assert summary(refused.data.decode()) == {"#day-5-place": "Enter 200 characters or fewer"}
    assert [d["date"] for d in services.calls("POST", "training", "/api/v1/cohorts")[-1].json["days"]] == [
        f"2027-04-0{n}" for n in range(1, 6)]
    most = client.post("/cohorts/new", data={**form, "day_rows": "30", "add_day": "yes"}).data.decode()
    assert "Day 30" in most and "Day 31" not in most and "Add another day" not in most  # training's most


def test_a_cohort_s_days_beyond_four_are_all_shown_to_change_and_another_can_be_added(signed_in, services):
    _cohort(services, state="open")
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [], "total": 0, "limit": 200, "offset": 0}))
    services.on("GET", "training", "/api/v1/nominations/general-list", (200, []))
    record = f"/api/v1/cohorts/{COHORT}"
    cohort = {**services.answers[("GET", "training", record)][1], "days": [
        {"date": f"2099-05-0{n}", "start_time": "09:30:00", "end_time": "16:30:00",
         "starts_at": f"2099-05-0{n}T08:30:00Z", "location": f"Room {n}", "virtual_link": None} for n in range(1, 7)]}
    services.on("GET", "training", record, (200, cohort, {"ETag": '"c1"'}))
    assert "Add another day" not in signed_in(["staff", "trainer"]).get(f"/cohorts/{COHORT}").data.decode()
    client = signed_in(["staff", "coordinator"])
    page = client.get(f"/cohorts/{COHORT}")
    body = page.data.decode()
    assert 'value="Room 6"' in body and "Day 7" not in body and 'name="day_rows" value="6"' in body
    form = {"csrf_token": csrf(page.data), "etag": '"c1"', "day_rows": "6"}
    for n in range(1, 7):
        form |= {f"day-{n}[day]": str(n), f"day-{n}[month]": "5", f"day-{n}[year]": "2099", f"day-{n}-place": "Room 9"}
    added = client.post(f"/cohorts/{COHORT}/days", data={**form, "add_day": "yes"}).data.decode()
    assert "Day 7" in added and '<details class="nhsuk-details" open>' in added
    assert not services.calls("PATCH", "training", record)
    form |= {"day_rows": "7", "day-7[day]": "7", "day-7[month]": "5", "day-7[year]": "2099", "day-7-place": "Room 9"}
    services.on("PATCH", "training", record, (200, cohort))
    assert client.post(f"/cohorts/{COHORT}/days", data=form).status_code == 302
    assert len(services.calls("PATCH", "training", record)[-1].json["days"]) == 7


def test_a_coordinator_books_nominees_from_the_general_list_onto_an_open_cohort(signed_in, services):
    _cohort(services, state="open")
    services.on("GET", "identity", "/api/v1/staff", (200, {"items": [], "total": 0, "limit": 200, "offset": 0}))
    listed = [{"nomination": {"id": n, "nominee_id": who, "level": 2, "status": "approved", "cohort_id": None,
                              "awaiting_since": "2026-11-02T09:00:00+00:00", "monthly_hours": 4},
               "nominee_name": name}
              for n, who, name in ((REFERRAL, COLLEAGUE, "Casey Candidate"), (LEAVE, WINDOW, "Nia Nominee"))]
    services.on("GET", "training", "/api/v1/nominations/general-list", (200, listed))
    client = signed_in(["staff", "coordinator"])
    page = client.get(f"/cohorts/{COHORT}")
    body = page.data.decode()
    assert "Book from the general list" in body and "Both managers agreed 2 November 2026, 4 hours a month" in body
    assert services.calls("GET", "training", "/api/v1/nominations/general-list")[-1].params == {"level": 2}
    none = client.post(f"/cohorts/{COHORT}/general-list", data={"csrf_token": csrf(page.data)})
    assert none.status_code == 422 and list(summary(none.data.decode())) == ["#general-list"]
    services.on("POST", "training", f"/api/v1/nominations/{REFERRAL}/booking", (200, {"status": "booked"}))
    services.on("POST", "training", f"/api/v1/nominations/{LEAVE}/booking", problem(
        409, "Conflict", detail="Their days clash with another course they are booked on."))
    partly = client.post(f"/cohorts/{COHORT}/general-list", data={"csrf_token": csrf(page.data),
                                                                  "nomination_ids": [REFERRAL, LEAVE]})
    said = partly.data.decode()
    assert partly.status_code == 422 and "Their days clash with another course" in said
    assert "1 booked, 0 on the waiting list" in said  # the one refused does not undo the other
    assert services.calls("POST", "training", f"/api/v1/nominations/{REFERRAL}/booking")[-1].json == {
        "cohort_id": COHORT}
    _cohort(services, state="running")
    assert "Book from the general list" not in client.get(f"/cohorts/{COHORT}").data.decode()


def test_a_coordinator_records_a_leaver_with_a_reason_and_reinstates_them(signed_in, services):
    client = signed_in(["staff", "coordinator"])
    record = f"/api/v1/staff/{COLLEAGUE}"
    services.on("GET", "identity", record, (200, staff_record()))
    services.on("GET", "identity", f"{record}/roles", (200, [grant("peer_supporter")]))
    page = client.get(f"/coordinate/people/{COLLEAGUE}")
    assert "They have left the board" in page.data.decode()
    leaving = f"{record}/leave"
    services.on("POST", "identity", leaving, (200, staff_record(status="left")))
    blank = client.post(f"/coordinate/people/{COLLEAGUE}/leaver", data={"csrf_token": csrf(page.data),
                                                                       "left-on[day]": "31", "left-on[month]": "2",
                                                                       "left-on[year]": "2027"})
    assert blank.status_code == 422 and set(summary(blank.data.decode())) == {"#left-on", "#leaver-reason"}
    assert services.calls("POST", "identity", leaving) == []
    left = client.post(f"/coordinate/people/{COLLEAGUE}/leaver", data={"csrf_token": csrf(page.data),
                                                                      "reason": "Moved to another board"})
    assert left.status_code == 302
    assert services.calls("POST", "identity", leaving)[-1].json == {"reason": "Moved to another board"}

    services.on("GET", "identity", record, (200, staff_record(status="left", left_on="2026-12-01", roles=["staff"])))
    body = client.get(f"/coordinate/people/{COLLEAGUE}").data.decode()
    assert "They left on 1 December 2026" in body and "Reinstate them" in body and "Give a role" not in body
    services.on("POST", "identity", f"{record}/reinstate", (200, staff_record()))
    assert client.post(f"/coordinate/people/{COLLEAGUE}/reinstatement",
                       data={"csrf_token": csrf(page.data)}).status_code == 302
    assert len(services.calls("POST", "identity", f"{record}/reinstate")) == 1


def help_source(**changes) -> dict:
    return {"id": SERIES, "name": "Occupational Health", "kind": "occupational_health", "description": None,
            "for_whom": "All health board staff", "how_to_reach": None, "phone": "01633 234234", "email": None,
            "url": None, "hours": "9 to 5, weekdays", "organisation_id": None, "region": None, "active": True,
            "updated_at": "2026-11-01T09:00:00+00:00", **changes}


def test_a_coordinator_adds_a_source_of_help_and_needs_one_way_to_reach_it(signed_in, services):
    assert signed_in(["staff"]).get("/coordinate/help-sources").status_code == 403
    services.on("GET", "identity", "/api/v1/organisations", (200, []))
    client = signed_in(["staff", "coordinator"])
    services.on("GET", "identity", "/api/v1/help-sources", (200, {"items": [help_source(active=False)], "total": 1,
                                                                   "limit": 20, "offset": 0}))
    listing = client.get("/coordinate/help-sources?q=health").data.decode()
    assert "Occupational Health" in listing and "Withdrawn" in listing
    assert services.calls("GET", "identity", "/api/v1/help-sources")[-1].params == {
        "q": "health", "include_withdrawn": "true", "limit": 20, "offset": 0}
    page = client.get("/coordinate/help-sources/new")
    form = {"csrf_token": csrf(page.data), "name": "Samaritans", "kind": "crisis_line",
            "for_whom": "Anyone", "hours": "24 hours, every day"}
    unreachable = client.post("/coordinate/help-sources/new", data=form)
    assert unreachable.status_code == 422 and list(summary(unreachable.data.decode())) == ["#source-phone"]
    services.on("POST", "identity", "/api/v1/help-sources", (201, help_source()))
    added = client.post("/coordinate/help-sources/new", data={**form, "phone": "116 123"})
    assert added.status_code == 302
    assert services.calls("POST", "identity", "/api/v1/help-sources")[-1].json == {
        "name": "Samaritans", "kind": "crisis_line", "for_whom": "Anyone", "description": None, "how_to_reach": None,
        "phone": "116 123", "email": None, "url": None, "hours": "24 hours, every day", "organisation_id": None,
        "region": None}


def test_a_source_of_help_serves_one_organisation_s_staff_or_one_region_s(signed_in, services):
    services.on("GET", "identity", "/api/v1/organisations", (200, [
        {"id": SERIES, "name": "Anytown Council", "kind": "local_authority"}]))
    client = signed_in(["staff", "coordinator"])
    page = client.get("/coordinate/help-sources/new")
    assert f'<option value="{SERIES}"' in page.data.decode()
    form = {"csrf_token": csrf(page.data), "name": "Council EAP", "kind": "employee_assistance_programme",
            "for_whom": "Council staff", "hours": "24 hours, every day", "phone": "0800 123 456",
            "organisation_id": SERIES, "region": "Gwent"}
    both = client.post("/coordinate/help-sources/new", data=form)
    assert both.status_code == 422 and list(summary(both.data.decode())) == ["#source-region"]
    assert not services.calls("POST", "identity", "/api/v1/help-sources")
    services.on("POST", "identity", "/api/v1/help-sources", (201, help_source()))
    assert client.post("/coordinate/help-sources/new", data={**form, "region": " "}).status_code == 302
    sent = services.calls("POST", "identity", "/api/v1/help-sources")[-1].json
    assert (sent["organisation_id"], sent["region"]) == (SERIES, None)
    services.on("GET", "identity", f"/api/v1/help-sources/{SERIES}", (200, help_source(organisation_id=SERIES),
                                                                       {"ETag": '"h1"'}))
    shown = client.get(f"/coordinate/help-sources/{SERIES}").data.decode()
    assert re.search(rf'<option value="{SERIES}" selected', shown)


def test_a_source_of_help_is_changed_with_the_version_read_and_withdrawn(signed_in, services):
    services.on("GET", "identity", "/api/v1/organisations", (200, []))
    client = signed_in(["staff", "coordinator"])
    one = f"/api/v1/help-sources/{SERIES}"
    services.on("GET", "identity", one, (200, help_source(), {"ETag": '"h1"'}))
    page = client.get(f"/coordinate/help-sources/{SERIES}")
    body = page.data.decode()
    assert 'value="01633 234234"' in body and 'name="etag" value="&#34;h1&#34;"' in body and "Withdraw it" in body
    services.on("PATCH", "identity", one, problem(412, "Precondition Failed",
                                                  detail="Someone changed this source since you read it."))
    form = {"csrf_token": csrf(page.data), "etag": '"h1"', "name": "Occupational Health Service",
            "kind": "occupational_health", "for_whom": "All staff", "hours": "9 to 5", "phone": "01633 234234"}
    stale = client.post(f"/coordinate/help-sources/{SERIES}", data=form)
    assert stale.status_code == 422 and "Someone changed this source since you read it." in stale.data.decode()
    sent = services.calls("PATCH", "identity", one)[-1]
    assert sent.headers["If-Match"] == '"h1"' and sent.json["name"] == "Occupational Health Service"
    services.on("PATCH", "identity", one, (200, help_source(active=False)))
    withdrawn = client.post(f"/coordinate/help-sources/{SERIES}/active", data={
        "csrf_token": csrf(page.data), "etag": '"h1"', "active": "no"})
    assert withdrawn.status_code == 302 and services.calls("PATCH", "identity", one)[-1].json == {"active": False}
