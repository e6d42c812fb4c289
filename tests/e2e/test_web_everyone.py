"""Everyone's pages of the web front end in a real browser (Debian's Chromium, driven by Playwright) against
the running system: a forgotten password reset from the emailed link, feedback from an invitation's link,
find help, a reflective session booked, its waiting list joined and the place passed on when the first
cancels, a wellbeing review arranged by a line manager and cancelled by the member of staff, Level 1
reported, recorded by a coordinator, and a Level 2 nomination of oneself sent and withdrawn, a senior
manager's stand-in deciding a nomination (named, with its course's days) and the nominee moving their place to
another course, a facilitator
arranging a session, seeing who booked and calling it off, my
wellbeing plan shared with my line manager (who reads it) and then not, how we contact you,
my calendar link, and the installed app's service worker registering this browser for push and showing
the neutral text; the start page read in Welsh by the header's link and back in English; a raise of a peer
supporter's hours proposed by their line manager, declined by the senior manager (the proposer told) and,
proposed again, agreed; a coordinator sending someone registered by hand the welcome again, whose first link
then fails and whose second sets their password. axe-core finds
no violations on each page; PSN_WEB_SCREENSHOTS=<folder> keeps a
picture of each.
"""

from __future__ import annotations

import base64
import re
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import PASSWORD, Network, Person, prepare
from tests.e2e.browser import accessible, browser_fixture, expect, fill_date, follow_nav, open_page_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "a fresh and long password"


def sign_in_with(page, person: Person, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_forgotten_password_is_reset_from_the_emailed_link(network: Network, mailbox, open_page):
    person = network.register("Fern Forgetful")
    page = open_page()
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your work email address")
    accessible(page, "forgotten-password-error")
    # With the keyboard alone: type the address, and Enter sends the form.
    page.get_by_label("Email address").focus()
    page.keyboard.type(person.email)
    accessible(page, "forgotten-password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    accessible(page, "reset-link-sent")

    [message] = wait_for(lambda: mailbox.to(person.email), what="the reset email")
    link = re.search(r"(http\S+/reset-password#token=\S+)", message.get_payload(decode=True).decode()).group(1)
    assert link.startswith(page.url.split("/forgotten-password")[0])  # the link opens this site's page
    page.goto(link)
    # The script moved the code from the fragment into the form, and out of the address bar.
    expect(page.get_by_label("Reset code")).to_be_hidden()
    assert "token" not in page.url
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill("not the same one at all")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the same password twice")
    accessible(page, "reset-password-error")
    page.get_by_label("New password", exact=True).fill("")
    page.get_by_label("New password", exact=True).focus()
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")  # past the design system's "Show" button, to the second password
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    accessible(page, "reset-password")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    accessible(page, "reset-password-done")
    sign_in_with(page, person, NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Fern Forgetful")).to_be_visible()

    # The header's link reads the same page in Welsh, and the choice holds from page to page until changed back.
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.get_by_role("heading", name="Helo, Fern Forgetful")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    accessible(page, "home-in-welsh")
    page.get_by_role("link", name="Allgofnodi").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Cymraeg")).to_be_visible()


def test_feedback_from_an_invitation_s_link_is_checked_before_it_is_sent(open_page):
    page = open_page()
    page.goto("/feedback#token=not-an-invitation")
    expect(page.get_by_label("Feedback code")).to_be_hidden()  # taken from the link by the script
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select whether talking helped")
    page.get_by_label("Partly").check()
    page.get_by_label("4", exact=True).check()
    accessible(page, "feedback")
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("This feedback link has been used already")
    accessible(page, "feedback-refused")


def test_everyones_pages_help_plan_preferences_calendar_and_push(network: Network, open_page):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Everyone")
    manager = network.login(network.register("Mhairi Manager", team_id=ward, grade="Band 7"))
    champion = network.register("Cerys Champion", team_id=ward, line_manager=manager)
    person = network.login(network.register("Eilidh Everyone", team_id=ward, line_manager=manager))
    network.call("POST", "identity", f"/api/v1/teams/{ward}/champions", who=manager,
                 json={"staff_id": champion.id, "reason": "volunteered at the team meeting"})
    source = f"Sleep Well {uuid.uuid4().hex[:6]}"
    network.call("POST", "identity", "/api/v1/help-sources", who=network.admin, json={
        "name": source, "kind": "app", "for_whom": "All staff", "hours": "Any time",
        "description": "Help to sleep after night shifts.", "url": "https://sleep.example.org"})

    page = open_page(person)
    # Find help: my team's champion, and a source of help found by a word in it.
    page.goto("/help")
    expect(page.locator("#champions ~ h3").first).to_have_text("Cerys Champion")
    page.get_by_label("Search sources of help").fill(source)
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#found")).to_contain_text("1 source of help")
    expect(page.get_by_role("heading", name=source)).to_be_visible()
    accessible(page, "find-help")

    # My wellbeing plan: written, shared with my line manager, who reads it; then not shared.
    page.goto("/wellbeing-plan")
    page.get_by_label("What keeps me well at work").fill("A walk outside at lunch.")
    page.get_by_label("What helps when I am not coping").fill("A quiet word, and a coffee.")
    review_on = date.today().replace(year=date.today().year + 1, day=1)
    fill_date(page, review_on)
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Your plan has been saved.")).to_be_visible()
    page.get_by_label("My line manager").check()
    page.get_by_role("button", name="Share my plan").click()
    expect(page.get_by_text("My line manager can now see your plan.")).to_be_visible()
    accessible(page, "wellbeing-plan")
    manager_page = open_page(manager)
    manager_page.goto("/wellbeing-plan")
    shared = manager_page.locator(".nhsuk-card").filter(has_text="Eilidh Everyone")
    expect(shared).to_contain_text("A walk outside at lunch.")
    accessible(manager_page, "wellbeing-plan-shared-with-me")
    page.get_by_role("button", name="Stop sharing with My line manager").click()
    expect(page.get_by_text("My line manager can no longer see your plan.")).to_be_visible()
    manager_page.reload()
    expect(manager_page.get_by_text("A walk outside at lunch.")).to_have_count(0)

    # How we contact you: Welsh first, no training emails, quiet overnight.
    page.goto("/settings/notifications")
    page.get_by_label("Cymraeg and English, Welsh first").check()
    page.locator("input[name=channels-training][value=email]").uncheck()
    page.locator("#quiet-0-start").fill("22:30")
    page.locator("#quiet-0-end").fill("07:00")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices have been saved.")).to_be_visible()
    chosen = network.call("GET", "notifications", "/api/v1/preferences", who=person)
    assert chosen["language"] == "cy+en" and chosen["quiet_hours"] == [{"start": "22:30", "end": "07:00"}]
    assert "email" not in chosen["channels"]["training"] and "email" in chosen["channels"]["support"]
    expect(page.locator("#push-enable")).to_be_visible()  # the script offers push on this device
    accessible(page, "notification-preferences")

    # This browser registers for push through the site, the way the page's script does.
    registered = page.evaluate("""async (keys) => {
        const panel = document.getElementById('push-enable')
        const answer = await fetch(panel.dataset.devicesUrl, {method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': panel.dataset.csrf},
            body: JSON.stringify({endpoint: 'https://push.example.org/send/' + keys.id, expirationTime: null,
                                  keys: {p256dh: keys.p256dh, auth: keys.auth}})})
        return answer.status
    }""", push_keys())
    assert registered == 201
    devices = network.call("GET", "notifications", "/api/v1/devices", who=person)["items"]
    assert [d["kind"] for d in devices] == ["web_push"]

    # The service worker shows a push with the neutral text notifications sends.
    page.context.grant_permissions(["notifications"])
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/")
    shown = show_a_push(page, '{"title": "Peer Support Network", '
                              '"body": "You have a new message in the Peer Support Network.", "url": "/inbox"}')
    assert shown == [{"title": "Peer Support Network", "body": "You have a new message in the Peer Support Network."}]

    # My calendar link: shown once; a new one stops the old one working.
    page.goto("/settings/calendar")
    page.get_by_role("button", name="Get my calendar link").click()
    first = page.get_by_label("Your calendar link").input_value()
    feed = requests.get(first, timeout=10)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    accessible(page, "calendar-link")
    page.goto("/settings/calendar")
    expect(page.get_by_label("Your calendar link")).to_have_count(0)
    page.get_by_role("button", name="Get a new calendar link").click()
    assert page.get_by_label("Your calendar link").input_value() != first
    assert requests.get(first, timeout=10).status_code == 404
    page.get_by_role("button", name="Stop my calendar link").click()
    expect(page.get_by_text("Your calendar link has stopped working")).to_be_visible()


def push_keys() -> dict[str, str]:
    """A browser's push subscription keys: its P-256 public key and a 16-byte secret, base64url."""
    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return {"id": uuid.uuid4().hex, "p256dh": b64(point), "auth": b64(secrets.token_bytes(16))}


def show_a_push(page, data: str) -> list[dict[str, str]]:
    """Deliver a push message to the page's service worker (as the browser's push service would) and
    return the notifications it shows."""
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    # Events reach this thread while Playwright is being called: a trivial call lets them in.
    wait_for(lambda: page.evaluate("1") and registrations, what="the service worker's registration")
    origin = page.evaluate("location.origin")
    cdp.send("ServiceWorker.deliverPushMessage",
             {"origin": origin, "registrationId": registrations[0]["registrationId"], "data": data})
    return wait_for(lambda: page.evaluate("""navigator.serviceWorker.ready
        .then(r => r.getNotifications())
        .then(ns => ns.map(n => ({title: n.title, body: n.body})))"""), what="the notification shown")


def test_a_reflective_session_is_booked_its_waiting_list_joined_and_the_place_passed_on(network: Network, open_page):
    facilitator = network.register("Fran Facilitator", grade="Band 8b")
    network.grant(facilitator, "facilitator", "Runs reflective supervision")
    network.login(facilitator)
    theme = f"After a hard shift {uuid.uuid4().hex[:4]}"
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)  # the soonest: listed first
    wait_for(lambda: network.call("POST", "sessions", "/api/v1/group-sessions", who=facilitator, expect=201, json={
        "theme": theme, "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(minutes=90)).isoformat(),
        "capacity": 1, "link": "https://meet.example/reflect"}), what="sessions to know the facilitator's role")
    first, second = network.register("Bo Booker"), network.register("Wyn Waiter")

    page, other = open_page(first), open_page(second)
    page.get_by_role("link", name="Reflective sessions").first.click()
    page.wait_for_url("**/reflective")
    card = page.locator(".nhsuk-card").filter(has_text=theme)
    expect(card).to_contain_text("1 of 1 left")
    accessible(page, "reflective-sessions")
    card.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You have a place").first).to_be_visible()
    expect(page.locator(".nhsuk-card").filter(has_text=theme)).to_contain_text("https://meet.example/reflect")

    other.goto("/reflective")
    full = other.locator(".nhsuk-card").filter(has_text=theme)
    expect(full).to_contain_text("Full, 0 on the waiting list")
    expect(full).not_to_contain_text("https://meet.example/reflect")
    full.get_by_role("button", name="Join the waiting list").click()
    expect(other.get_by_text("you are number 1 on its waiting list")).to_be_visible()

    page.locator(".nhsuk-card").filter(has_text=theme).get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_text("Your booking is cancelled")).to_be_visible()
    other.goto("/reflective")  # the place went to the first on the waiting list
    expect(other.locator(".nhsuk-card").filter(has_text=theme)).to_contain_text("You have a place")


def test_a_line_manager_arranges_a_wellbeing_review_the_member_of_staff_sees_and_cancels(network: Network,
                                                                                       open_page):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Reviews")
    manager = network.register("Mo Manager", team_id=ward, grade="Band 7")
    report = network.register("Dana Due", team_id=ward, line_manager=manager)
    page = open_page(manager)
    page.goto("/wellbeing-reviews")
    team = page.locator("#team ~ table").first
    wait_for(lambda: "Dana Due" in (team.inner_text() if team.count() else "") or (page.reload() and False),
             timeout=20, what="sessions to know who reports to the manager")
    expect(team).to_contain_text("Due")
    accessible(page, "wellbeing-reviews-manager")
    team.get_by_role("link", name="Arrange a review for Dana Due").click()
    expect(page.get_by_role("heading", name="Arrange a review for Dana Due")).to_be_visible()
    day = date.today() + timedelta(days=7)
    group = page.get_by_role("group", name="Date")
    fill_date(group, day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("radio", name="In person").check()
    page.get_by_label("To meet in person, the room").fill("Room 4, Ward Office")
    page.get_by_role("button", name="Arrange the review").click()
    expect(page.get_by_text("The review is arranged")).to_be_visible()

    staff_page = open_page(report)
    staff_page.goto("/wellbeing-reviews")
    mine = staff_page.locator("#mine ~ table").first
    expect(mine).to_contain_text("Room 4, Ward Office")
    expect(mine).to_contain_text("Your line manager")
    accessible(staff_page, "wellbeing-reviews")
    mine.get_by_role("button", name="Cancel it").click()
    expect(staff_page.get_by_text("The review is cancelled")).to_be_visible()
    expect(staff_page.locator("#mine ~ table").first).to_contain_text("Cancelled")


def test_level_1_is_reported_and_recorded_and_a_level_2_nomination_sent_and_withdrawn(network: Network, open_page):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Nominations")
    senior = network.register("Sam Senior", team_id=ward, grade="Band 8a")
    line = network.register("Lee Line", team_id=ward, senior_manager=senior, grade="Band 7")
    nurse = network.register("Nia Nominee", team_id=ward, line_manager=line, senior_manager=senior)
    network.wait_known_to_training(nurse)
    page = open_page(nurse)
    page.goto("/training")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the date you completed Level 1")
    group = page.get_by_role("group", name="When did you complete it?")
    last_month = date.today() - timedelta(days=30)
    fill_date(group, last_month)
    page.get_by_label("Your evidence").fill("Completed on the council's learning platform, certificate 4471")
    accessible(page, "level-1-claim")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.get_by_text("a coordinator will check your evidence")).to_be_visible()
    expect(page.get_by_text("waiting for a coordinator to check it")).to_be_visible()
    [claim] = [c for c in network.call("GET", "training", "/api/v1/level1-claims", who=network.admin)["items"]
               if c["staff_id"] == nurse.id]
    assert (claim["status"], claim["completed_on"]) == ("pending", last_month.isoformat())

    # A coordinator checks it and records Level 1, which opens Level 2 to the nurse.
    coordinator = network.register_coordinator("Cora Coordinator")
    checker = open_page(coordinator)
    checker.goto("/coordinate/level-1-claims")
    card = checker.locator(f"#claim-{claim['id']}")
    expect(card).to_contain_text("Nia Nominee")
    accessible(checker, "level-1-claims")
    card.get_by_label("Record Level 1").check()
    card.get_by_role("button", name="Send the decision").click()
    expect(checker.get_by_text("Level 1 is recorded")).to_be_visible()
    assert 1 in [c["level"] for c in network.training_record(nurse)["completions"]]
    network.wait_notice(network.login(nurse), "training_level1_recorded")
    page.goto("/inbox")
    expect(page.get_by_text("Your Level 1 training is recorded").first).to_be_visible()

    page.goto("/training")
    page.get_by_label("The next course to be arranged").check()
    accessible(page, "nominate-myself")
    page.get_by_role("button", name="Nominate myself").click()
    expect(page.get_by_text("Your nomination is sent")).to_be_visible()
    [nomination] = network.training_record(nurse)["nominations"]
    assert (nomination["level"], nomination["status"]) == (2, "awaiting_line_manager")
    page.locator(f"#nomination-{nomination['id']}").get_by_role("button", name="Withdraw this nomination").click()
    expect(page.get_by_text("Your nomination is withdrawn")).to_be_visible()
    assert network.training_record(nurse)["nominations"][0]["status"] == "withdrawn"


def test_a_senior_manager_s_stand_in_decides_seeing_whom_and_which_course_and_the_nominee_moves_their_place(
        network: Network, open_page):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Courses")
    senior = network.register("Sam Senior", team_id=ward, grade="Band 8a")
    line = network.register("Lee Line", team_id=ward, senior_manager=senior, grade="Band 7")
    deputy = network.login(network.register("Dee Deputy", grade="Band 8a"))
    nurse = network.login(network.register("Nia Mover", team_id=ward, line_manager=line, senior_manager=senior))
    waiting = network.login(network.register("Wyn Waiting", team_id=ward, line_manager=line, senior_manager=senior))
    for person in (nurse, waiting):
        network.wait_known_to_training(person)
        network.record_level_1(person)
    first, other = network.create_cohort(capacity=1, days_ahead=(20,)), network.create_cohort(days_ahead=(27,))
    nomination = network.nominate(nurse, first, by=nurse)
    network.approve(nomination, network.login(line))
    today = date.today()
    network.call("POST", "identity", f"/api/v1/staff/{senior.id}/delegations", who=network.login(senior), json={
        "delegate_id": deputy.id, "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=7)).isoformat(),
        "reason": "annual leave"})
    wait_for(lambda: network.call("GET", "training", "/api/v1/nominations/awaiting-my-decision", who=deputy),
             what="training to copy the delegation")

    # The stand-in may not read the nurse's record in identity: the page still names her, and the course's days.
    page = open_page(deputy)
    page.goto("/nominations")
    card = page.locator(f"#nomination-{nomination}")
    expect(card).to_contain_text("Nia Mover")
    expect(card).to_contain_text("You decide in place of Sam Senior, their senior manager")
    day = (today + timedelta(days=20))
    expect(card).to_contain_text(f"{day.day} {day.strftime('%B %Y')}, 9:30am to 4:30pm, at Training room 2")
    accessible(page, "nominations-stand-in")
    card.get_by_label("Hours a month for peer support").fill("4")
    card.get_by_role("button", name="Support this nomination").click()
    expect(page.get_by_text("Your decision has been recorded")).to_be_visible()
    assert network.nomination(nomination, nurse)["status"] == "booked"
    behind = network.nominate(waiting, first, by=waiting)
    network.approve(behind, line)
    assert network.approve(behind, senior)["status"] == "waiting_list"

    # The nurse sees her place, when and where, and moves it to the later course: the seat goes to Wyn.
    mine = open_page(nurse)
    mine.goto("/training")
    item = mine.locator(f"#nomination-{nomination}")
    expect(item).to_contain_text("Your place:")
    item.get_by_text("Move to another course").click()
    item.locator(f"input[type=radio][value='{other}']").check()  # earlier tests' courses may be offered too
    accessible(mine, "move-to-another-course")
    item.get_by_role("button", name="Move to this course").click()
    expect(mine.get_by_text("Your place has moved to the course you chose")).to_be_visible()
    moved = network.nomination(nomination, nurse)
    assert (moved["status"], moved["cohort_id"], moved["monthly_hours"]) == ("booked", other, 4)
    assert network.nomination(behind, waiting)["status"] == "booked"
    network.wait_notice(waiting, "training_place_promoted")


def test_a_facilitator_arranges_a_session_sees_who_booked_moves_it_and_calls_it_off(network: Network, open_page):
    facilitator = network.register("Fred Facilitator", grade="Band 8b")
    network.grant(facilitator, "facilitator", "Runs reflective supervision")
    page = open_page(facilitator)
    theme = f"Working nights {uuid.uuid4().hex[:4]}"
    wait_for(lambda: page.goto("/facilitating") and page.get_by_role("heading", name="Arrange a session").count(),
             timeout=20, what="the facilitator's role in the web's session")
    page.get_by_role("button", name="Arrange the session").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the session's theme")
    tomorrow = date.today() + timedelta(days=1)
    page.get_by_label("Theme").fill(theme)
    group = page.get_by_role("group", name="Date")
    fill_date(group, tomorrow)
    page.get_by_label("Start time").fill("12:30")
    page.get_by_label("Places").fill("6")
    page.get_by_label("Everyone").check()
    page.get_by_role("radio", name="Face to face").check()
    page.get_by_label("Face to face: the room").fill("Seminar room 3")
    accessible(page, "facilitating")
    page.get_by_role("button", name="Arrange the session").click()
    expect(page.get_by_text("The session is arranged")).to_be_visible()

    network.login(facilitator)
    [arranged] = [s for s in network.call("GET", "sessions", "/api/v1/group-sessions?mine=true",
                                          who=facilitator)["items"] if s["theme"] == theme]
    nurse = network.register("Nell Nightshift")
    network.login(nurse)
    network.call("POST", "sessions", f"/api/v1/group-sessions/{arranged['id']}/booking", who=nurse, expect=201)
    page.goto("/facilitating")
    card = page.locator(f"#session-{arranged['id']}")
    expect(card).to_contain_text("Nell Nightshift")
    expect(card).to_contain_text("Seminar room 3")
    card.get_by_text("Move it or change its places").click()
    card.get_by_label("Start time").fill("14:00")
    card.get_by_label("Places").fill("8")
    card.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("The session is changed")).to_be_visible()
    moved = network.call("GET", "sessions", f"/api/v1/group-sessions/{arranged['id']}", who=nurse)
    assert moved["capacity"] == 8
    assert datetime.fromisoformat(moved["starts_at"]) - datetime.fromisoformat(arranged["starts_at"]) == timedelta(
        minutes=90)
    card.get_by_role("button", name="Cancel this session").click()
    expect(page.get_by_text("The session is cancelled")).to_be_visible()
    assert network.call("GET", "sessions", f"/api/v1/group-sessions/{arranged['id']}",
                        who=nurse)["status"] == "cancelled"


def test_a_manager_names_a_colleague_to_stand_in_while_away_and_ends_it_early(network: Network, open_page):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Stand-ins")
    boss = network.register("Bea Boss", team_id=ward, grade="Band 7")
    network.register("Rhian Report", team_id=ward, line_manager=boss)
    word = uuid.uuid4().hex[:6]
    deputy = network.register(f"Dana {word} Deputy", team_id=ward, grade="Band 7")
    page = open_page(boss)
    follow_nav(page, "Stand-ins")
    expect(page.get_by_text("Nobody stands in for you now")).to_be_visible()
    page.get_by_label("Find a colleague by name").fill(word)
    page.get_by_role("button", name="Find").click()
    page.get_by_label(f"Dana {word} Deputy").check()
    today, week = date.today(), date.today() + timedelta(days=7)
    for legend, day in (("First day", today), ("Last day", week)):
        group = page.get_by_role("group", name=legend)
        fill_date(group, day)
    page.get_by_label("Why?").fill("Annual leave")
    accessible(page, "delegations")
    page.get_by_role("button", name="Name them to stand in").click()
    expect(page.get_by_text("They will stand in for you")).to_be_visible()
    card = page.locator(".nhsuk-card", has_text=f"Dana {word} Deputy")
    expect(card).to_contain_text("Standing in now")
    network.login(deputy)
    assert "line_manager" in network.call("GET", "identity", "/api/v1/me", who=deputy)["roles"]
    assert network.wait_notice(deputy, "delegation_granted")["subject"] == "You are standing in for Bea Boss"

    card.get_by_label("Why it ends early").fill("Back from leave early")
    card.get_by_role("button", name="End it now").click()
    expect(page.get_by_text("The delegation has ended")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Early: Back from leave early")
    assert "line_manager" not in network.call("GET", "identity", "/api/v1/me", who=deputy)["roles"]


def test_a_facilitator_arranges_the_monthly_middle_manager_series_managers_book_it_and_it_is_ended(
        network: Network, open_page):
    facilitator = network.register("Fay Facilitator", grade="Band 8b")
    network.grant(facilitator, "facilitator", "Runs the middle-manager series")
    page = open_page(facilitator)
    theme = f"Leading through winter {uuid.uuid4().hex[:4]}"
    wait_for(lambda: page.goto("/facilitating") and page.get_by_role("heading", name="Arrange a session").count(),
             timeout=20, what="the facilitator's role in the web's session")
    first = date.today() + timedelta(days=3)
    page.get_by_label("Theme").fill(theme)
    group = page.get_by_role("group", name="Date")
    fill_date(group, first)
    page.get_by_label("Start time").fill("13:00")
    page.get_by_label("Places").fill("10")
    page.get_by_label("Middle managers").check()
    page.get_by_role("radio", name="Online").check()
    page.get_by_label("Online: the video link").fill("https://meet.example/winter")
    page.get_by_label("Every month, on the same weekday").check()
    page.get_by_role("button", name="Arrange the session").click()
    expect(page.get_by_text("The series is arranged")).to_be_visible()
    week = ("first", "second", "third", "fourth", "last")[(first.day - 1) // 7]
    row = page.locator("tr", has_text=theme)
    expect(row).to_contain_text(f"Every month, on the {week} {first.strftime('%A')}")
    accessible(page, "facilitating-series")

    network.login(facilitator)
    made = [s for s in network.call("GET", "sessions", "/api/v1/group-sessions?mine=true&limit=100",
                                    who=facilitator)["items"] if s["theme"] == theme]
    assert len(made) >= 2 and made[0]["starts_at"].startswith(first.isoformat())
    assert {s["audience"] for s in made} == {"middle_managers"}
    row.get_by_role("button", name="End the series").click()
    expect(page.get_by_text("The series is ended")).to_be_visible()
    expect(page.locator("tr", has_text=theme)).to_have_count(0)


def test_a_coordinator_gives_a_colleague_the_facilitator_role_and_withdraws_it(network: Network, open_page):
    coordinator = network.register_coordinator("Cleo Coordinator")
    word = uuid.uuid4().hex[:6]
    colleague = network.register(f"Fin {word} Facilitator")
    page = open_page(coordinator)
    follow_nav(page, "People")
    page.get_by_label("Find someone by name").fill(word)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=f"Fin {word} Facilitator").click()
    page.get_by_label("Facilitator").check()
    page.get_by_label("Why give it?").fill("Leads the night-shift reflective group")
    accessible(page, "person-roles")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Facilitator: given")).to_be_visible()
    network.login(colleague)
    assert "facilitator" in network.call("GET", "identity", "/api/v1/me", who=colleague)["roles"]

    page.get_by_text("Suspend or withdraw: Facilitator").click()
    page.get_by_label("Withdraw it for good").check()
    page.locator("#end-reason-facilitator").fill("Moved to days")
    page.get_by_role("button", name="Suspend or withdraw it").click()
    expect(page.get_by_text("Facilitator: withdrawn")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Withdrawn")
    assert "facilitator" not in network.call("GET", "identity", "/api/v1/me", who=colleague)["roles"]

    # Their Level 1, taken on a platform whose export will not bring it in, recorded by hand.
    network.wait_known_to_training(colleague)
    page.reload()
    page.get_by_text("Record their Level 1").click()
    completed = date.today() - timedelta(days=3)
    for part, value in (("day", completed.day), ("month", completed.month), ("year", completed.year)):
        page.locator(f"#level-1-on-{part}").fill(str(value))
    page.get_by_label("A local authority's platform").check()
    accessible(page, "person-level-1")
    page.get_by_role("button", name="Record Level 1").click()
    expect(page.get_by_text("Level 1 is recorded")).to_be_visible()
    expect(page.locator("#training + ul")).to_contain_text("completed")
    assert 1 in {c["level"] for c in network.training_record(colleague)["completions"]}


def test_a_coordinator_schedules_a_level_2_cohort_books_it_from_the_general_list_and_cancels_it(
        network: Network, open_page):
    coordinator = network.register_coordinator("Cai Coordinator")
    trainer_name = f"Tegan {uuid.uuid4().hex[:4]} Trainer"
    trainer = network.register(trainer_name, grade="Band 7")
    network.grant(trainer, "trainer", "Level 3 completed")
    wait_for(lambda: "trainer" in (network.probe("training", f"/api/v1/people/{trainer.id}") or {}).get("roles", []),
             what="training to know the trainer")
    page = open_page(coordinator)
    follow_nav(page, "Cohorts")
    page.get_by_role("link", name="Schedule a cohort").click()
    name = f"Level 2 spring {uuid.uuid4().hex[:4]}"
    page.get_by_label("Name").fill(name)
    page.get_by_label("Level 2: Peer Supporter").check()
    page.get_by_label("A course: it teaches the level").check()
    page.get_by_label("Places").fill("12")
    page.get_by_label("Planned: open it for booking later").check()
    first = date.today() + timedelta(days=30)
    day = page.get_by_role("group", name="Day 1")
    fill_date(day, first)
    day.get_by_label("Place").fill("Education Centre, Royal Gwent")
    accessible(page, "cohort-new")
    page.get_by_role("button", name="Schedule the cohort").click()
    expect(page.get_by_text("The cohort is scheduled")).to_be_visible()
    expect(page.get_by_role("heading", name=name)).to_be_visible()

    page.get_by_label(trainer_name).check()
    page.get_by_role("button", name="Save the trainers").click()
    expect(page.get_by_text("The trainers are saved")).to_be_visible()
    page.get_by_role("button", name="Open it for booking").click()
    expect(page.get_by_text("The cohort is open for booking")).to_be_visible()
    [cohort] = [c for c in network.call("GET", "training", "/api/v1/cohorts?level=2&state=open&limit=500",
                                        who=network.admin)["items"] if c["name"] == name]
    assert (cohort["trainer_ids"], cohort["capacity"], [d["date"] for d in cohort["days"]]) == (
        [trainer.id], 12, [first.isoformat()])

    # Someone both managers approved for "the next course" waits on the general list; the coordinator books them.
    senior = network.login(network.register("Sion Senior", grade="Band 8a"))
    line = network.login(network.register("Lowri Line", senior_manager=senior, grade="Band 7"))
    nominee_name = f"Nel {uuid.uuid4().hex[:4]} Nominee"
    nominee = network.register(nominee_name, line_manager=line, senior_manager=senior)
    network.wait_known_to_training(nominee)
    network.record_level_1(nominee)
    nomination = network.call("POST", "training", "/api/v1/nominations", who=network.admin,
                              json={"nominee_id": nominee.id, "level": 2})["id"]
    network.approve(nomination, line)
    network.approve(nomination, senior)
    page.reload()
    page.get_by_label(nominee_name).check()
    accessible(page, "cohort-general-list")
    page.get_by_role("button", name="Book them onto this cohort").click()
    expect(page.get_by_text("1 booked, 0 on the waiting list")).to_be_visible()
    assert network.nomination(nomination)["status"] == "booked"
    page.get_by_role("button", name="Cancel the cohort").click()
    expect(page.get_by_text("The cohort is cancelled")).to_be_visible()


def test_a_coordinator_adds_a_source_of_help_that_a_colleague_then_finds(network: Network, open_page):
    coordinator = network.register_coordinator("Ceri Coordinator")
    name = f"Money Worries Line {uuid.uuid4().hex[:4]}"
    page = open_page(coordinator)
    follow_nav(page, "Find help")
    page.get_by_role("link", name="Add or change the sources of help").click()
    page.get_by_role("link", name="Add a source of help").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Kind").select_option("financial_wellbeing")
    page.get_by_label("Who it is for").fill("All health board staff")
    page.get_by_label("When it answers").fill("9 to 5, weekdays")
    page.get_by_role("button", name="Add it to the directory").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("at least one way to reach it")
    page.get_by_label("Website (optional)").fill("https://money.example/help")
    accessible(page, "help-source")
    page.get_by_role("button", name="Add it to the directory").click()
    expect(page.get_by_text(f"{name} is in the directory")).to_be_visible()

    colleague = open_page(network.register("Gwen Colleague"))
    colleague.goto(f"/help?q={name.split()[-1]}")
    expect(colleague.get_by_role("heading", name=name)).to_be_visible()


def test_a_coordinator_imports_staff_from_the_hr_file_then_their_level_1(network: Network, open_page):
    coordinator = network.register_coordinator("Ceri Coordinator")
    tag = uuid.uuid4().hex[:8]
    board = f"Import Board {tag}"
    board_id = network.call("POST", "identity", "/api/v1/organisations", who=network.admin,
                            json={"name": board, "kind": "health_board"})["id"]
    header = "organisation,employee_number,name,email,job_title\n"
    page = open_page(coordinator)
    page.goto("/coordinate/imports")

    def send(field: str, name: str, content: str, button: str) -> None:
        # The design system's script draws a drop zone over the file input, which stays the form's field.
        page.locator(f"input[type=file][name={field}]").set_input_files(
            {"name": name, "mimeType": "text/csv", "buffer": content.encode()})
        page.get_by_role("button", name=button).click()

    send("staff-file", "hr.csv", header + f"{board},H{tag},Hana Import,not-an-email,Nurse\n",
         "Import staff")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("hr.csv has errors, so nothing was imported")
    expect(page.locator("#staff-problems")).to_contain_text("email")
    send("staff-file", "hr.csv", header + f"{board},H{tag},Hana Import,hana.{tag}@psn.test,Nurse\n",
         "Import staff")
    expect(page.locator("#staff-report")).to_contain_text("hr.csv is imported")
    accessible(page, "imports")

    hana = Person(id=network.call("GET", "identity", "/api/v1/staff", who=network.admin,
                                  params={"organisation_id": board_id})["items"][0]["id"], email=f"hana.{tag}@psn.test")
    network.wait_known_to_training(hana)
    done_on = (date.today() - timedelta(days=3)).isoformat()
    page.get_by_label("LearnPro, the health board's platform (course GCC 277)").check()
    send("level-1-file", "learnpro.csv",
         f"employee_number,course_code,completion_date\nH{tag},GCC 277,{done_on}\nX{tag},GCC 277,{done_on}\n",
         "Import Level 1")
    expect(page.locator("#level-1-report")).to_contain_text("learnpro.csv is imported")
    expect(page.locator("#level-1-unrecorded")).to_contain_text(f"X{tag}")
    record = network.probe("training", f"/api/v1/people/{hana.id}")
    assert [c["level"] for c in record["completions"]] == [1]


def test_a_coordinator_adds_an_organisation_its_service_and_team_and_sets_its_training_policy(
        network: Network, open_page):
    coordinator = network.register_coordinator("Ceri Coordinator")
    council = f"Valley Council {uuid.uuid4().hex[:6]}"
    page = open_page(coordinator)
    follow_nav(page, "Run the network")
    page.get_by_role("link", name="Organisations and teams").click()
    page.get_by_label("Name").fill(council)
    page.get_by_label("Local authority").check()
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_text(f"{council} is in the network")).to_be_visible()
    page.get_by_role("link", name=council).click()
    page.get_by_label("Add a service").fill("Adult Social Care")
    page.get_by_role("button", name="Add the service").click()
    page.get_by_label("Add a team to").select_option(label="Adult Social Care")
    page.get_by_label("Team name").fill("Reablement")
    page.get_by_role("button", name="Add the team").click()
    expect(page.locator("main")).to_contain_text("Reablement")

    page.get_by_label("Grades, lowest first").fill("Scale 1\nScale 2\nScale 3\nScale 4")
    page.get_by_label("The lowest grade nominated for Level 2").fill("Scale 9")
    page.get_by_label("Peer supporters each team should have").fill("3")
    page.get_by_role("button", name="Save the training policy").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()  # training refuses a grade not on the ladder
    page.get_by_label("The lowest grade nominated for Level 2").fill("Scale 2")
    page.get_by_label("The lowest grade eligible for Level 3").fill("Scale 3")  # the board's Band 7 is not a scale
    accessible(page, "organisation")
    page.get_by_role("button", name="Save the training policy").click()
    expect(page.get_by_text("The training policy is saved")).to_be_visible()

    organisation = next(o for o in network.call("GET", "identity", "/api/v1/organisations", who=network.admin)
                        if o["name"] == council)
    policy = network.call("GET", "training", f"/api/v1/training-policies/{organisation['id']}", who=network.admin)
    assert (policy["grade_ladder"], policy["level_2_min_grade"], policy["level_3_min_grade"],
            policy["supporters_per_team"]) == (["Scale 1", "Scale 2", "Scale 3", "Scale 4"], "Scale 2", "Scale 3", 3)
    teams = network.call("GET", "identity", "/api/v1/teams", who=network.admin,
                         params={"organisation_id": organisation["id"]})
    assert [(t["service"], t["name"]) for t in teams] == [("Adult Social Care", "Reablement")]


def test_a_coordinator_adds_a_competence_to_level_3_changes_it_and_retires_it(network: Network, open_page):
    coordinator = network.register_coordinator("Ceri Coordinator")
    code = f"3.X{uuid.uuid4().hex[:4]}"
    page = open_page(coordinator)
    follow_nav(page, "Run the network")
    page.get_by_role("link", name="The competence framework").click()
    adding = page.locator("details").filter(has_text="Add a competence to Level 3")
    adding.get_by_text("Add a competence to Level 3").click()
    adding.get_by_label("Code").fill(code)
    adding.get_by_label("What it is").fill("Co-facilitating a Level 1 session")
    adding.get_by_role("button", name="Add to Level 3").click()
    card = page.locator("[id^=competence-]").filter(has_text=code)
    expect(card).to_contain_text("Co-facilitating a Level 1 session")
    accessible(page, "competences")
    card.get_by_text(f"Change {code}").click()
    card.get_by_label("What it is").fill("Co-facilitating Levels 1 and 2")
    card.get_by_role("button", name=f"Save {code}").click()
    expect(page.get_by_text(f"{code} is changed")).to_be_visible()
    page.locator("[id^=competence-]").filter(has_text=code).get_by_role("button", name=f"Retire {code}").click()
    expect(page.locator("[id^=competence-]").filter(has_text=code)).to_contain_text("Retired")
    level_3 = next(level for level in network.call("GET", "training", "/api/v1/levels", who=network.admin)
                   if level["level"] == 3)
    assert [(c["title"], c["retired"]) for c in level_3["competences"] if c["code"] == code] == [
        ("Co-facilitating Levels 1 and 2", True)]


def test_a_colleague_sets_the_name_they_like_and_their_phone_and_changes_their_password(network: Network,
                                                                                       open_page):
    gwen = network.register("Gwendolyn Jones")
    page = open_page(gwen)
    page.locator("header").get_by_role("link", name="Gwendolyn Jones").click()
    page.get_by_label("The name you like to be called (optional)").fill("Gwen")
    page.get_by_label("Your phone number (optional)").fill("call me")
    page.get_by_role("button", name="Save my details").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    page.get_by_label("Your phone number (optional)").fill("07700 900123")
    accessible(page, "my-details")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_text("Your details are saved")).to_be_visible()
    expect(page.locator("header")).to_contain_text("Gwen")
    record = network.call("GET", "identity", f"/api/v1/staff/{gwen.id}", who=network.admin)
    assert (record["preferred_name"], record["phone"]) == ("Gwen", "07700 900123")

    new_password = f"a new passphrase {uuid.uuid4().hex[:6]}"
    page.get_by_role("link", name="Change my password").click()
    page.get_by_label("Your password now").fill("not my password at all")
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("New password again").fill(new_password)
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("password is wrong")
    page.get_by_label("Your password now").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("New password again").fill(new_password)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    page.get_by_role("link", name="Inbox").first.click()  # this sign-in carries on
    page.wait_for_url("**/inbox")
    elsewhere = open_page()
    sign_in_with(elsewhere, gwen, new_password)
    expect(elsewhere.locator("header")).to_contain_text("Gwen")


def test_a_raise_of_a_supporter_s_hours_is_declined_then_proposed_again_and_agreed(network: Network, open_page):
    cast = prepare(network)  # both managers released 4 hours a month for the Level 2 nomination
    network.complete_level_2(cast.cohort_id, cast.candidate)
    assert network.wait_allocatable(cast.candidate)["monthly_capacity"] == 4
    wait_for(lambda: "peer_supporter" in network.identity_roles(cast.candidate),
             what="identity to make Casey a supporter")

    # The line manager proposes more time, from their nominations; it waits for the senior manager.
    line = open_page(cast.line_manager)
    line.get_by_role("link", name="Nominations").first.click()
    line.get_by_role("link", name="Time for peer support of the peer supporters you manage").click()
    line.get_by_role("link", name="Casey Candidate").click()
    expect(hours_now(line)).to_have_text("4")
    line.get_by_label("Hours a month").fill("6")
    line.get_by_label("Why? (optional)").fill("Cover for the winter rota")
    line.get_by_role("button", name="Change the hours").click()
    expect(line.get_by_text("The new hours are proposed")).to_be_visible()
    expect(hours_now(line)).to_have_text("4")
    expect(line.locator("#pending")).to_contain_text("A raise to 6 hours a month waits for agreement")
    expect(line.locator("#pending").get_by_role("button", name=re.compile("Agree"))).to_have_count(0)

    # The senior manager, asked in their inbox, sees the raise waiting and declines it with a reason.
    network.wait_notice(cast.senior_manager, "supporter_hours_raise_awaiting")
    senior = open_page(cast.senior_manager)
    senior.get_by_role("link", name="Nominations").first.click()
    senior.get_by_role("link", name="Time for peer support of the peer supporters you manage").click()
    senior.get_by_role("link", name="Casey Candidate").click()
    pending = senior.locator("#pending")
    expect(pending).to_contain_text("Proposed by Their line manager")
    expect(pending).to_contain_text("Cover for the winter rota")
    accessible(senior, "supporter-hours-raise-waiting")
    pending.get_by_label("If you decline, why? (optional)").fill("The ward is short until March")
    pending.get_by_role("button", name="Decline").click()
    expect(senior.get_by_text("The proposal is declined")).to_be_visible()
    expect(hours_now(senior)).to_have_text("4")
    expect(senior.locator("#pending")).to_have_count(0)
    declined = senior.locator("#history ~ table tbody tr").filter(has_text="Declined because")
    expect(declined).to_contain_text("Their senior manager")
    expect(declined).to_contain_text("The ward is short until March")
    told = network.wait_notice(cast.line_manager, "supporter_hours_raise_declined")
    assert "declined" in told["subject"] and "March" not in str(told)  # the reason stays on the page
    assert network.supporter(cast.candidate)["monthly_capacity"] == 4

    # The line manager reads why, and proposes again; this time the senior manager agrees.
    line.reload()
    expect(line.locator("#history ~ table")).to_contain_text("Declined because: The ward is short until March")
    line.get_by_label("Hours a month").fill("6")
    line.get_by_role("button", name="Change the hours").click()
    expect(line.get_by_text("The new hours are proposed")).to_be_visible()
    expect(hours_now(line)).to_have_text("4")
    senior.reload()
    expect(hours_now(senior)).to_have_text("4")
    senior.locator("#pending").get_by_role("button", name="Agree to 6 hours a month").click()
    expect(senior.get_by_text("The new hours are agreed and in force")).to_be_visible()
    expect(hours_now(senior)).to_have_text("6")
    states = senior.locator("#history ~ table tbody tr td:nth-child(4)")
    expect(states).to_have_text(["In force", "Declined"])
    line.reload()
    expect(hours_now(line)).to_have_text("6")
    wait_for(lambda: network.supporter(cast.candidate)["monthly_capacity"] == 6,
             what="sessions to give the supporter 6 hours a month")


def hours_now(page):
    """The hours a month in force, as the supporter-hours page's summary says them."""
    return page.locator(".nhsuk-summary-list__row", has_text="Hours a month now").locator(".nhsuk-summary-list__value")


def test_a_coordinator_sends_the_welcome_again_and_only_its_new_link_sets_the_password(network: Network, mailbox,
                                                                                      open_page):
    coordinator = network.register_coordinator("Cai Coordinator")
    tag = uuid.uuid4().hex[:6]
    name, email = f"Wil {tag} Welcome", f"wil.{tag}@psn.test"
    page = open_page(coordinator)
    follow_nav(page, "People")
    page.get_by_role("link", name="Register a member of staff").click()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Employee number").fill(f"W{tag}")
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Register them").click()
    expect(page.get_by_text(f"{name} is registered")).to_be_visible()
    wait_for(lambda: mailbox.to(email), what="the first welcome email")

    # Lost or lapsed: the coordinator sends it again from the person's page.
    expect(page.get_by_role("heading", name="They have not signed in yet")).to_be_visible()
    accessible(page, "person-welcome-again")
    page.get_by_role("button", name="Send the welcome email again").click()
    expect(page.get_by_text(f"The welcome email is on its way to {email}")).to_be_visible()
    welcomes = wait_for(lambda: len(m := mailbox.to(email)) == 2 and m, what="the welcome sent again")
    assert all("Welcome to the Peer Support Network" in m["Subject"] for m in welcomes)
    first, second = (re.search(r"(http\S+/reset-password#token=\S+)", m.get_payload(decode=True).decode()).group(1)
                     for m in welcomes)
    assert first != second

    # The link sent first no longer works; the new one, opened over the page that refused the first, sets their
    # first password, and they sign in.
    newcomer = open_page()
    choose_password_from(newcomer, first)
    expect(newcomer.locator(".nhsuk-error-summary")).to_contain_text("used or expired")
    choose_password_from(newcomer, second)
    expect(newcomer.get_by_text("Your password has been changed")).to_be_visible()
    sign_in_with(newcomer, Person(id=page.url.rsplit("/", 1)[1], email=email), NEW_PASSWORD)
    expect(newcomer.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
    page.reload()  # with a password now, there is nothing to send them
    expect(page.get_by_role("button", name="Send the welcome email again")).to_have_count(0)


def choose_password_from(page, link: str) -> None:
    """Open an emailed link to choose a password, and choose NEW_PASSWORD: the page's script took its code."""
    page.goto(link)
    expect(page.get_by_label("Reset code")).to_be_hidden()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
