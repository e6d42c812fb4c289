"""Everyone's pages against faked APIs: the password reset, find help, my wellbeing plan, how we contact
you (with If-Match), my calendar link, push on this device, and the manifest and service worker."""

from __future__ import annotations

import re

from services.web.tests.unit.conftest import ME, csrf
from services.web.tests.unit.fakes import problem
from services.web.tests.unit.test_pages import summary

LINE_MANAGER = "66666666-6666-4666-8666-666666666666"
CHAMPION = "77777777-7777-4777-8777-777777777777"
PLAN = "/api/v1/wellbeing-plans/mine"
PREFERENCES = "/api/v1/preferences"
FEED = "/api/v1/me/calendar-feed"


def key_of(page: bytes) -> str:
    return re.search(rb'name="idempotency_key" value="([^"]+)"', page).group(1).decode()


# --- the password reset, before signing in ---------------------------------------------------------------
def test_asking_for_a_reset_link_sends_the_address_once_and_gives_nobody_away(client, services):
    services.on("POST", "identity", "/api/v1/auth/password-resets", (202, None))
    page = client.get("/forgotten-password").data
    response = client.post("/forgotten-password", data={"csrf_token": csrf(page), "idempotency_key": key_of(page),
                                                        "email": " riley@psn.test "})
    assert response.status_code == 302 and response.headers["Location"] == "/forgotten-password/sent"
    [sent] = services.calls("POST", "identity", "/api/v1/auth/password-resets")
    assert sent.json == {"email": "riley@psn.test"} and sent.headers["Idempotency-Key"] == key_of(page)
    assert "Authorization" not in sent.headers
    assert b"If that address has an account" in client.get("/forgotten-password/sent").data


def test_a_reset_link_asked_for_without_an_address_sends_nothing(client, services):
    page = client.get("/forgotten-password").data
    response = client.post("/forgotten-password", data={"csrf_token": csrf(page), "email": ""})
    assert response.status_code == 422
    assert summary(response.data.decode()) == {"#email": "Enter your work email address"}
    assert services.calls("POST", "identity", "/api/v1/auth/password-resets") == []


def test_a_new_password_is_checked_here_first_then_set_with_the_code(client, services):
    services.on("POST", "identity", "/api/v1/auth/password-resets/confirm", (204, None))
    page = client.get("/reset-password").data
    assert b"data-psn-link-code" in page and b"Forgotten your password?" in client.get("/sign-in").data
    short = client.post("/reset-password", data={"csrf_token": csrf(page), "token": "", "new_password": "short",
                                                 "confirm_password": "short"})
    assert short.status_code == 422
    assert set(summary(short.data.decode())) == {"#token", "#new-password"}
    different = client.post("/reset-password", data={"csrf_token": csrf(page), "token": "secret-code",
                                                     "new_password": "a long new password", "confirm_password": "x"})
    assert summary(different.data.decode()) == {"#confirm-password": "Enter the same password twice"}
    assert b'value="secret-code"' in different.data  # the code is kept for the next try
    assert services.calls("POST", "identity", "/api/v1/auth/password-resets/confirm") == []
    done = client.post("/reset-password", data={"csrf_token": csrf(page), "token": "secret-code",
                                                "new_password": "a long new password",
                                                "confirm_password": "a long new password"})
    assert done.status_code == 302 and done.headers["Location"] == "/reset-password/done"
    [sent] = services.calls("POST", "identity", "/api/v1/auth/password-resets/confirm")
    assert sent.json == {"token": "secret-code", "new_password": "a long new password"}


def test_a_spent_reset_code_is_shown_on_the_code(client, services):
    services.on("POST", "identity", "/api/v1/auth/password-resets/confirm", problem(
        422, "Unprocessable Content", [{"field": "token", "message": "this reset link is unknown, used or expired"}]))
    page = client.get("/reset-password").data
    response = client.post("/reset-password", data={"csrf_token": csrf(page), "token": "old",
                                                    "new_password": "a long new password",
                                                    "confirm_password": "a long new password"})
    assert summary(response.data.decode()) == {"#token": "This reset link is unknown, used or expired"}


# --- find help -------------------------------------------------------------------------------------------
def contacts() -> dict:
    return {"team": {"id": "t", "name": "Ward 4 Nursing"},
            "champions": [{"staff_id": CHAMPION, "name": "Chris Champion", "email": "chris@psn.test", "phone": None}],
            "peer_supporters": [{"staff_id": "s", "name": "Sol Supporter", "email": "sol@psn.test", "phone": None,
                                 "team": "Ward 5", "available": False}]}


def test_anyone_checks_a_certificate_by_its_code_without_signing_in(client, services):
    checking = "/api/v1/certificate-verifications/ABCDEFGH2345"
    services.on("GET", "training", checking, (200, {"name": "Casey Candidate", "level": 2, "issued_on": "2026-10-01",
                                                     "expires_on": "2028-09-30", "status": "valid"}))
    form = client.get("/certificates/check")
    assert form.status_code == 200 and "Certificate code" in form.data.decode()
    typed = client.get("/certificates/check?code=abcd-efgh 2345")
    assert typed.status_code == 302 and typed.headers["Location"] == "/certificates/check/ABCDEFGH2345"
    page = client.get("/certificates/check/abcdefgh2345")
    body = page.data.decode()
    assert page.status_code == 200 and "Casey Candidate" in body and "Level 2: Peer Supporter" in body
    assert "30 September 2028" in body and "Valid" in body
    assert "Authorization" not in services.calls("GET", "training", checking)[-1].headers  # nobody signed in
    junk = client.get("/certificates/check?code=%3Cscript%3E")
    assert junk.status_code == 422 and "letters and numbers only" in junk.data.decode()
    unknown = client.get("/certificates/check/ZZZZZZZZZZZZ")
    assert unknown.status_code == 404 and "No certificate has this code" in unknown.data.decode()


def test_find_help_shows_my_champions_and_searches_what_serves_me(signed_in, services):
    client = signed_in()
    services.on("GET", "identity", "/api/v1/me/support-contacts", (200, contacts()))
    services.on("GET", "identity", "/api/v1/help-sources", (200, {"items": [
        {"id": "h1", "name": "Samaritans", "kind": "crisis_line", "for_whom": "Anyone", "hours": "24 hours",
         "phone": "116 123", "description": None, "email": None, "url": None, "how_to_reach": None}],
        "total": 1, "limit": 20, "offset": 0}))
    body = client.get("/help?q=sleep&kind=crisis_line").data.decode()
    assert "Chris Champion" in body and "mailto:chris@psn.test" in body and "Not taking new requests" in body
    assert "Samaritans" in body and 'href="tel:116123"' in body and "1 source of help" in body
    [sent] = services.calls("GET", "identity", "/api/v1/help-sources")
    assert sent.params == {"mine": "true", "q": "sleep", "kind": "crisis_line", "limit": 20, "offset": 0}


def test_a_search_too_long_is_refused_here(signed_in, services):
    client = signed_in()
    services.on("GET", "identity", "/api/v1/me/support-contacts", (200, contacts()))
    response = client.get("/help?q=" + "x" * 101)
    assert response.status_code == 422 and "#q" in summary(response.data.decode())
    assert services.calls("GET", "identity", "/api/v1/help-sources") == []


# --- my wellbeing plan -----------------------------------------------------------------------------------
def plan(**changes) -> dict:
    return {"owner_id": ME["id"], "keeps_me_well": "Walks", "early_signs": "", "what_helps": "", "adjustments": "",
            "review_on": "2099-06-01", "review_id": None, "shared_with": [LINE_MANAGER],
            "updated_at": "2026-12-01T10:00:00+00:00", **changes}


def plan_services(services, current: dict | None = None) -> None:
    services.on("GET", "identity", "/api/v1/me", (200, {**ME, "line_manager_id": LINE_MANAGER}))
    services.on("GET", "identity", "/api/v1/me/support-contacts", (200, contacts()))
    services.on("GET", "sessions", PLAN, (200, current or plan(), {"ETag": '"v1"'}))
    services.on("GET", "sessions", "/api/v1/wellbeing-plans/shared-with-me", (200, {"items": []}))


def test_my_plan_shows_who_sees_it_and_saves_with_the_version_read(signed_in, services):
    client = signed_in()
    plan_services(services)
    services.on("PUT", "sessions", PLAN, (200, plan()))
    page = client.get("/wellbeing-plan").data
    body = page.decode()
    assert "My line manager" in body and "Stop sharing" in body and "Chris Champion (wellbeing champion)" in body
    assert 'name="version" value="&#34;v1&#34;"' in body and ">Walks</textarea>" in body
    response = client.post("/wellbeing-plan", data={
        "csrf_token": csrf(page), "version": '"v1"', "keeps_me_well": " Walks at lunch ", "early_signs": "",
        "what_helps": "", "adjustments": "", "review_on[day]": "1", "review_on[month]": "6", "review_on[year]": "2099"})
    assert response.status_code == 302
    [sent] = services.calls("PUT", "sessions", PLAN)
    assert sent.headers["If-Match"] == '"v1"'
    assert sent.json == {"keeps_me_well": "Walks at lunch", "early_signs": "", "what_helps": "", "adjustments": "",
                         "review_on": "2099-06-01"}


def test_a_plan_changed_elsewhere_is_not_overwritten(signed_in, services):
    client = signed_in()
    plan_services(services)
    services.on("PUT", "sessions", PLAN, problem(412, "Precondition Failed"))
    page = client.get("/wellbeing-plan").data
    response = client.post("/wellbeing-plan", data={
        "csrf_token": csrf(page), "version": '"v0"', "keeps_me_well": "Mine", "review_on[day]": "1",
        "review_on[month]": "6", "review_on[year]": "2099"}, follow_redirects=True)
    assert b"changed somewhere else since you opened this page" in response.data
    assert b">Walks</textarea>" in response.data  # the plan as it is now


def test_a_plan_with_no_real_review_date_sends_nothing(signed_in, services):
    client = signed_in()
    plan_services(services)
    page = client.get("/wellbeing-plan").data
    response = client.post("/wellbeing-plan", data={
        "csrf_token": csrf(page), "version": '"v1"', "keeps_me_well": "Walks", "review_on[day]": "31",
        "review_on[month]": "2", "review_on[year]": "2099"})
    assert response.status_code == 422
    assert summary(response.data.decode()) == {"#review-on-day": "When to look at your plan again must be a real date"}
    assert services.calls("PUT", "sessions", PLAN) == []


def test_sharing_and_stopping_name_the_colleague(signed_in, services):
    client = signed_in()
    plan_services(services, plan(shared_with=[]))
    services.on("PUT", "sessions", f"{PLAN}/shares/{CHAMPION}", (200, plan(shared_with=[CHAMPION])))
    services.on("DELETE", "sessions", f"{PLAN}/shares/{LINE_MANAGER}", (200, plan(shared_with=[])))
    page = client.get("/wellbeing-plan").data
    assert b"Nobody else sees your plan" in page
    unchosen = client.post("/wellbeing-plan/shares", data={"csrf_token": csrf(page)})
    assert unchosen.status_code == 422 and "#colleague" in summary(unchosen.data.decode())
    shared = client.post("/wellbeing-plan/shares", data={"csrf_token": csrf(page), "colleague": CHAMPION},
                         follow_redirects=True)
    assert b"Chris Champion (wellbeing champion) can now see your plan." in shared.data
    stopped = client.post(f"/wellbeing-plan/shares/{LINE_MANAGER}/stop", data={"csrf_token": csrf(page)},
                          follow_redirects=True)
    assert b"My line manager can no longer see your plan." in stopped.data
    assert len(services.calls("DELETE", "sessions", f"{PLAN}/shares/{LINE_MANAGER}")) == 1


def test_without_a_plan_there_is_nothing_to_share_yet(signed_in, services):
    client = signed_in()
    plan_services(services)
    services.on("GET", "sessions", PLAN, problem(404, "Not Found"))
    body = client.get("/wellbeing-plan").data.decode()
    assert "Save your plan first" in body and 'name="version" value=""' in body


# --- how we contact you ----------------------------------------------------------------------------------
def preferences(**changes) -> dict:
    return {"language": "en", "time_zone": "Europe/London", "digest": [], "digest_at": "17:00",
            "channels": {"support": ["in_app", "email", "push"], "sessions": ["in_app", "email", "push"],
                         "training": ["in_app", "email", "push"], "reminders": ["in_app", "email", "push"],
                         "account": ["in_app", "email", "push"]},
            "quiet_hours": [{"start": "22:00", "end": "07:00"}], "phone_for_sms": False, **changes}


def answers(page: bytes, **changes) -> dict:
    form = {"csrf_token": csrf(page), "version": '"p1"', "time_zone": "Europe/London", "language": "cy+en",
            "channels-support": ["in_app", "email"], "channels-sessions": ["push"], "channels-training": [],
            "channels-reminders": ["in_app"], "channels-account": ["email"], "quiet-0-start": "22:00",
            "quiet-0-end": "07:00", "quiet-1-start": "12:30", "quiet-1-end": "13:00", "digest": ["training"],
            "digest_at": "17:00"}
    return {**form, **changes}


def test_my_choices_are_shown_and_saved_with_the_version_read(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", PREFERENCES, (200, preferences(), {"ETag": '"p1"'}))
    services.on("PUT", "notifications", PREFERENCES, (200, preferences()))
    page = client.get("/settings/notifications").data
    body = page.decode()
    assert 'value="22:00"' in body and 'value="en" checked' in body
    # Each kind of message is where a person looks for it: a review under sessions, no promise of ended roles.
    assert "group sessions and reviews" in body and "supervision due" in body and "Roles given or ended" not in body
    assert re.search(r'id="channels-support-\d*"[^>]*value="sms"[^>]*disabled', body)  # no phone to text
    response = client.post("/settings/notifications", data=answers(page))
    assert response.status_code == 302
    [sent] = services.calls("PUT", "notifications", PREFERENCES)
    assert sent.headers["If-Match"] == '"p1"'
    assert sent.json == {"language": "cy+en", "time_zone": "Europe/London", "digest": ["training"],
                         "digest_at": "17:00",
                         "channels": {"support": ["in_app", "email"], "sessions": ["push"], "training": [],
                                      "reminders": ["in_app"], "account": ["email"]},
                         "quiet_hours": [{"start": "22:00", "end": "07:00"}, {"start": "12:30", "end": "13:00"}]}


def test_more_quiet_times_than_the_page_offers_are_shown_and_kept_when_saved(signed_in, services):
    """The API takes ten (a mobile app may set them): saving here must not drop the fourth and after."""
    client = signed_in()
    four = [{"start": f"{h:02d}:00", "end": f"{h:02d}:30"} for h in (1, 9, 13, 20)]
    services.on("GET", "notifications", PREFERENCES, (200, preferences(quiet_hours=four), {"ETag": '"p1"'}))
    services.on("PUT", "notifications", PREFERENCES, (200, preferences(quiet_hours=four)))
    page = client.get("/settings/notifications").data
    assert b'id="quiet-3-start"' in page and b'value="20:30"' in page and b'id="quiet-4-start"' not in page
    form = answers(page, **{f"quiet-{i}-{end}": w[end] for i, w in enumerate(four) for end in ("start", "end")})
    assert client.post("/settings/notifications", data=form).status_code == 302
    [sent] = services.calls("PUT", "notifications", PREFERENCES)
    assert sent.json["quiet_hours"] == four


def test_a_quiet_time_that_is_not_a_time_sends_nothing(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", PREFERENCES, (200, preferences(), {"ETag": '"p1"'}))
    page = client.get("/settings/notifications").data
    response = client.post("/settings/notifications", data=answers(page, **{"quiet-1-end": "1pm",
                                                                            "quiet-0-end": "22:00"}))
    assert response.status_code == 422
    assert summary(response.data.decode()) == {
        "#quiet-0-end": "Quiet time 1 must end at a different time from when it starts",
        "#quiet-1-end": "Enter when quiet time 2 ends as hours and minutes, like 07:00"}
    assert 'value="1pm"' in response.data.decode()  # what was typed is kept
    assert services.calls("PUT", "notifications", PREFERENCES) == []


def test_the_apis_refusal_is_shown_on_its_input_and_a_stale_version_is_not_saved(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", PREFERENCES, (200, preferences(), {"ETag": '"p2"'}))
    services.on("PUT", "notifications", PREFERENCES, problem(
        422, "Unprocessable Content", [{"field": "channels.support", "message": "no phone number to text"}]))
    page = client.get("/settings/notifications").data
    response = client.post("/settings/notifications", data=answers(page))
    assert summary(response.data.decode()) == {"#channels-support": "No phone number to text"}
    assert 'id="channels-support-error"' in response.data.decode()  # and beside the checkboxes
    services.on("PUT", "notifications", PREFERENCES, problem(412, "Precondition Failed"))
    stale = client.post("/settings/notifications", data=answers(page), follow_redirects=True)
    assert b"changed somewhere else" in stale.data and b'value="&#34;p2&#34;"' in stale.data


def test_quiet_times_refused_together_are_shown_at_the_first_of_them(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", PREFERENCES, (200, preferences(), {"ETag": '"p1"'}))
    services.on("PUT", "notifications", PREFERENCES, problem(
        422, "Unprocessable Content", [{"field": "quiet_hours", "message": "quiet hours must leave some of the day"}]))
    page = client.get("/settings/notifications").data
    response = client.post("/settings/notifications", data=answers(page, **{"quiet-1-start": "07:00",
                                                                            "quiet-1-end": "22:00"}))
    assert summary(response.data.decode()) == {"#quiet-0-start": "Quiet hours must leave some of the day"}


# --- my calendar link ------------------------------------------------------------------------------------
def test_the_calendar_link_is_shown_once_when_made_and_can_be_stopped(signed_in, services):
    client = signed_in()
    secret = "https://psn.example/api/v1/calendar-feeds/s3cr3t.ics"
    services.on("GET", "sessions", FEED, problem(404, "Not Found"))
    services.on("POST", "sessions", FEED, (201, {"url": secret, "rotated_at": "2026-12-02T10:00:00+00:00"}))
    services.on("DELETE", "sessions", FEED, (204, None))
    page = client.get("/settings/calendar").data
    assert b"You do not have a calendar link yet" in page
    made = client.post("/settings/calendar", data={"csrf_token": csrf(page), "idempotency_key": key_of(page)})
    assert made.status_code == 200 and secret.encode() in made.data and b"We show it this once" in made.data
    [sent] = services.calls("POST", "sessions", FEED)
    assert sent.headers["Idempotency-Key"] == key_of(page)
    services.on("GET", "sessions", FEED, (200, {"rotated_at": "2026-12-02T10:00:00+00:00"}))
    later = client.get("/settings/calendar").data
    assert secret.encode() not in later and b"Get a new calendar link" in later
    stopped = client.post("/settings/calendar/stop", data={"csrf_token": csrf(later)}, follow_redirects=True)
    assert b"Your calendar link has stopped working" in stopped.data
    assert len(services.calls("DELETE", "sessions", FEED)) == 1


# --- installable, and push on this device ----------------------------------------------------------------
def test_the_manifest_and_service_worker_are_public_and_the_worker_covers_the_site(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.mimetype == "application/manifest+json"
    assert manifest.json["start_url"] == "/" and manifest.json["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest.json["icons"]} >= {"192x192", "512x512"}
    worker = client.get("/service-worker.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/" and b"showNotification" in worker.data
    assert b'rel="manifest"' in client.get("/sign-in").data


def test_a_browser_registers_for_push_through_the_site_and_never_sees_a_token(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", "/api/v1/devices/web-push-key", (200, {"public_key": "BPublicKey"}))
    services.on("GET", "notifications", PREFERENCES, (200, preferences(), {"ETag": '"p1"'}))
    services.on("POST", "notifications", "/api/v1/devices", (201, {"id": "d1", "kind": "web_push"}))
    assert client.get("/settings/notifications/push-key").json == {"public_key": "BPublicKey"}
    subscription = {"endpoint": "https://push.example/abc", "expirationTime": None,
                    "keys": {"p256dh": "BKey", "auth": "secret"}}
    refused = client.post("/settings/notifications/devices", json=subscription)
    assert refused.status_code == 400  # no CSRF token: nothing registered
    assert services.calls("POST", "notifications", "/api/v1/devices") == []
    token = re.search(rb'data-csrf="([^"]+)"', client.get("/settings/notifications").data).group(1).decode()
    answered = client.post("/settings/notifications/devices", json=subscription,
                           headers={"X-CSRFToken": token, "Idempotency-Key": "88888888-8888-4888-8888-888888888888"})
    assert answered.status_code == 201 and answered.json == {"id": "d1"}
    [sent] = services.calls("POST", "notifications", "/api/v1/devices")
    assert sent.json == {"endpoint": "https://push.example/abc", "keys": {"p256dh": "BKey", "auth": "secret"}}
    assert sent.headers["Authorization"] == "Bearer access-1"
    assert sent.headers["Idempotency-Key"] == "88888888-8888-4888-8888-888888888888"
    assert b"access-1" not in answered.data
    not_one = client.post("/settings/notifications/devices", json=["x"], headers={"X-CSRFToken": token})
    assert not_one.status_code == 422


# --- feedback after a conversation, before signing in ----------------------------------------------------
def test_feedback_is_checked_here_first_then_sent_with_its_code_and_no_one_named(client, services):
    services.on("POST", "sessions", "/api/v1/feedback", (204, None))
    page = client.get("/feedback").data
    assert b"data-psn-link-code" in page
    blank = client.post("/feedback", data={"csrf_token": csrf(page), "comment": "x" * 1001})
    assert blank.status_code == 422
    assert set(summary(blank.data.decode())) == {"#token", "#helped", "#rating", "#comment"}
    assert services.calls("POST", "sessions", "/api/v1/feedback") == []
    sent_page = client.post("/feedback", data={"csrf_token": csrf(page), "idempotency_key": key_of(page),
                                               "token": "f33d", "helped": "partly", "rating": "4", "comment": ""})
    assert sent_page.status_code == 302 and sent_page.headers["Location"] == "/feedback/thanks"
    [sent] = services.calls("POST", "sessions", "/api/v1/feedback")
    assert sent.json == {"token": "f33d", "helped": "partly", "rating": 4, "comment": None}
    assert "Authorization" not in sent.headers and sent.headers["Idempotency-Key"] == key_of(page)


def test_a_used_feedback_code_is_shown_on_the_code(client, services):
    services.on("POST", "sessions", "/api/v1/feedback", problem(
        422, "Unprocessable Content", [{"field": "token", "message": "this invitation is unknown or answered"}]))
    page = client.get("/feedback").data
    answer = client.post("/feedback", data={"csrf_token": csrf(page), "token": "old", "helped": "yes", "rating": "5"})
    assert summary(answer.data.decode()) == {"#token": "This invitation is unknown or answered"}
    assert b'value="yes" checked' in answer.data  # the answers are kept
    services.on("POST", "sessions", "/api/v1/feedback", problem(404, "Not Found"))
    spent = client.post("/feedback", data={"csrf_token": csrf(page), "token": "old", "helped": "yes", "rating": "5"})
    assert spent.status_code == 422 and "#token" in summary(spent.data.decode())


def test_my_preferred_name_and_phone_are_saved_with_the_version_read(signed_in, services):
    mine = f"/api/v1/staff/{ME['id']}"
    record = {"id": ME["id"], "name": "Riley Requester", "preferred_name": None, "email": "riley@psn.test",
              "phone": None, "job_title": "Staff nurse"}
    services.on("GET", "identity", mine, (200, record, {"ETag": '"v1"'}))
    services.on("PATCH", "identity", mine, (200, {**record, "preferred_name": "Ri", "phone": "07700 900123"}))
    client = signed_in()
    page = client.get("/settings/details")
    assert 'href="/settings/details"' in page.data.decode().split("</header>")[0]  # my name leads here
    saved = client.post("/settings/details", data={"csrf_token": csrf(page.data), "etag": '"v1"',
                                                  "preferred-name": " Ri ", "phone": "07700 900123"})
    assert saved.status_code == 302
    sent = services.calls("PATCH", "identity", mine)[-1]
    assert sent.json == {"preferred_name": "Ri", "phone": "07700 900123"} and sent.headers["If-Match"] == '"v1"'
    header = client.get("/settings/details").data.decode().split("</header>")[0]
    assert "Ri" in header and "Riley Requester" not in header  # the header says the name I like

    services.on("PATCH", "identity", mine, problem(422, "Unprocessable Content", [
        {"field": "phone", "message": "a phone number: digits, spaces, brackets, dashes"}]))
    bad = client.post("/settings/details", data={"csrf_token": csrf(page.data), "etag": '"v1"', "phone": "call me"})
    assert summary(bad.data.decode()) == {"#phone": "Enter a phone number, like 07700 900123"}
    assert 'value="call me"' in bad.data.decode()
    services.on("PATCH", "identity", mine, problem(412, "Precondition Failed"))
    stale = client.post("/settings/details", data={"csrf_token": csrf(page.data), "etag": '"v0"', "phone": "1"})
    assert stale.status_code == 409 and "changed meanwhile" in stale.data.decode()
    services.on("PATCH", "identity", mine, (200, {**record, "preferred_name": None}))
    client.post("/settings/details", data={"csrf_token": csrf(page.data), "etag": '"v1"'})
    assert services.calls("PATCH", "identity", mine)[-1].json == {"preferred_name": None, "phone": None}


def test_my_password_is_changed_and_this_sign_in_carries_on_with_the_new_one(signed_in, services):
    client = signed_in()
    page = client.get("/settings/password")
    form = {"csrf_token": csrf(page.data), "current-password": "old password here", "new-password": "short",
            "new-password-again": "short"}
    short = client.post("/settings/password", data=form)
    assert set(summary(short.data.decode())) == {"#new-password"}
    unlike = client.post("/settings/password", data={**form, "new-password": "a long new password",
                                                     "new-password-again": "a long new passwort"})
    assert set(summary(unlike.data.decode())) == {"#new-password-again"}
    services.on("POST", "identity", "/api/v1/auth/password", problem(422, "Unprocessable Content", [
        {"field": "current_password", "message": "the current password is wrong"}]))
    wrong = client.post("/settings/password", data={**form, "new-password": "a long new password",
                                                    "new-password-again": "a long new password"})
    assert summary(wrong.data.decode()) == {"#current-password": "The current password is wrong"}
    services.on("POST", "identity", "/api/v1/auth/password", (204, None))
    services.on("GET", "identity", "/api/v1/me", (200, {**ME, "email": "riley@psn.test"}))
    signed_in_before = len(services.calls("POST", "identity", "/api/v1/auth/token"))
    changed = client.post("/settings/password", data={**form, "new-password": "a long new password",
                                                      "new-password-again": "a long new password"})
    assert changed.status_code == 302
    assert services.calls("POST", "identity", "/api/v1/auth/password")[-1].json == {
        "current_password": "old password here", "new_password": "a long new password"}
    again = services.calls("POST", "identity", "/api/v1/auth/token")
    assert len(again) == signed_in_before + 1 and again[-1].json == {"email": "riley@psn.test",
                                                                     "password": "a long new password"}
    services.on("GET", "identity", f"/api/v1/staff/{ME['id']}", (200, {**ME, "email": "riley@psn.test"}))
    assert client.get("/settings/details").status_code == 200  # still signed in


def test_i_see_who_opened_my_records_when_and_why(signed_in, services):
    services.on("GET", "sessions", "/api/v1/me/record-reads", (200, {"items": [
        {"id": "r1", "read_at": "2026-12-01T09:30:00+00:00", "reader_id": "c1", "reader_name": "Cora Coordinator",
         "reader_roles": ["coordinator"], "subject_id": ME["id"], "subject_name": ME["name"],
         "record_kind": "support_request", "record_id": "q1", "reason": "manual allocation from the waiting list"}],
        "total": 21, "limit": 20, "offset": 0}))
    client = signed_in()
    body = client.get("/settings/record-reads").data.decode()
    assert "Cora Coordinator" in body and "Support request" in body and "manual allocation" in body
    assert "Page 2 of 2" in body
    services.on("GET", "sessions", "/api/v1/me/record-reads", (200, {"items": [], "total": 0, "limit": 20,
                                                                     "offset": 0}))
    assert "Nobody outside you and your supporter" in client.get("/settings/record-reads").data.decode()
