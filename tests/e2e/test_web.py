"""The web front end in a real browser (Debian's Chromium, driven by Playwright) against the running system.

The headline journey as people do it: a line and a senior manager approve a nomination, the trainer takes
the register, signs off every competence and completes the course, a colleague asks for support in three
questions and sees their new supporter, the supporter offers times and the colleague accepts one (and
later moves it, then calls it off); the supporter sets their week, leave and preferences, pauses and
resumes, and suggests a referral the colleague consents to before it is made. A colleague asks for
someone else, that supporter hands the case back and the colleague closes it. A coordinator reads the
waiting list, the supporters' load, the cohorts and the board report; the administrator reads the audit,
registers someone with a team and a line manager found by name, and changes their line manager. Every page
on the way is checked with axe-core (no violations), and the colleague's journey is done with the keyboard
alone.

PSN_WEB_SCREENSHOTS=<folder> also saves each main page there (docs/screenshots holds the committed ones).
The browser, the pages and axe are in tests/e2e/browser.py, shared with the other browser tests.
"""

from __future__ import annotations

import re
import uuid
import zlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network, Person, prepare
from tests.e2e.browser import accessible, browser_fixture, expect, fill_date, follow_nav, open_page_fixture  # noqa: F401

pytestmark = pytest.mark.e2e


def test_the_headline_journey_in_the_browser(network: Network, open_page):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Nursing")
    senior = network.register("Sam Senior", team_id=ward, grade="Band 8a")
    line = network.register("Lee Line", team_id=ward, senior_manager=senior, grade="Band 7")
    candidate = network.register("Casey Candidate", team_id=ward, line_manager=line, senior_manager=senior)
    requester = network.register("Riley Requester", team_id=ward, line_manager=line, senior_manager=senior)
    trainer = network.register("Taylor Trainer", grade="Band 7")
    network.login(candidate)
    network.login(requester)
    network.grant(trainer, "trainer", "Level 3 completed")
    network.wait_known_to_training(candidate)
    network.record_level_1(candidate)
    cohort = network.create_cohort()
    nomination = network.nominate(candidate, cohort, by=candidate)

    # The line manager, then the senior manager, support the nomination with the hours a month.
    for manager, hours in ((line, "4"), (senior, "3")):
        page = open_page(manager)
        page.get_by_role("link", name="Nominations").first.click()
        page.wait_for_url("**/nominations")
        card = page.locator(f"#nomination-{nomination}")
        wait_for(lambda p=page, c=card: c.count() or (p.reload() and False), timeout=20,
                 what="the nomination awaiting this manager")
        accessible(page, "nominations")
        card.get_by_label("Hours a month for peer support").fill("")
        card.get_by_role("button", name="Support this nomination").click()
        expect(page.locator(".nhsuk-error-summary").get_by_text("Enter the hours a month")).to_be_visible()
        accessible(page, "nominations-error")
        card.get_by_label("Hours a month for peer support").fill(hours)
        card.get_by_role("button", name="Support this nomination").click()
        expect(page.get_by_text("Your decision has been recorded")).to_be_visible()
        assert page.locator(f"#nomination-{nomination}").count() == 0
        if manager is line:
            page.get_by_role("link", name="My teams").first.click()
            page.wait_for_url("**/coverage")
            expect(page.get_by_role("row").filter(has_text="Nursing")).to_be_visible()
            accessible(page, "my-teams")
    assert network.nomination(nomination)["status"] == "booked"

    # The trainer takes the register, signs off every competence and completes the course.
    wait_for(lambda: "trainer" in (network.probe("training", f"/api/v1/people/{trainer.id}") or {}).get("roles", []),
             what="training to know the trainer")
    network.call("PUT", "training", f"/api/v1/cohorts/{cohort}/trainers", who=network.admin,
                 json={"trainer_ids": [trainer.id]})
    network.start_cohort(cohort)
    trainer_page = open_page(trainer)
    trainer_page.get_by_role("link", name="Cohorts").first.click()
    trainer_page.wait_for_url("**/cohorts")
    accessible(trainer_page, "cohorts")
    trainer_page.locator(f"a[href='/cohorts/{cohort}']").click()
    register = trainer_page.locator(f"#person-{candidate.id}")
    expect(register).to_contain_text("Casey Candidate")
    register.get_by_role("group", name=re.compile("Days Casey Candidate attended")).get_by_role("checkbox").check()
    register.get_by_role("button", name="Save attendance").click()
    expect(trainer_page.get_by_text("Attendance has been saved")).to_be_visible()
    register.get_by_role("button", name="Sign off the competences ticked").click()
    expect(trainer_page.locator(".nhsuk-error-summary")).to_contain_text("Select the competences to sign off")
    accessible(trainer_page, "cohort-register-error")
    for box in register.get_by_role("group", name=re.compile("Competences")).get_by_role("checkbox").all():
        box.check()
    accessible(trainer_page, "cohort-register")
    register.get_by_role("button", name="Sign off the competences ticked").click()
    expect(register.get_by_text("Every competence is signed off.")).to_be_visible()
    register.get_by_role("button", name="Complete the course for Casey Candidate").click()
    expect(trainer_page.get_by_text("Casey Candidate has completed the course")).to_be_visible()
    expect(register.get_by_role("button", name=re.compile("Complete the course"))).to_have_count(0)
    network.wait_allocatable(candidate)
    wait_for(lambda: "peer_supporter" in network.identity_roles(candidate), what="identity to make Casey a supporter")

    # The colleague asks for support with the keyboard alone, and sees who their supporter is.
    page = open_page(requester)
    accessible(page, "home")
    page.get_by_role("link", name="Ask for support").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/support/ask$"))
    page.get_by_role("button", name="Ask for support").press("Enter")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link", name="Select how you would like to talk")).to_be_visible()
    accessible(page, "ask-for-support-errors")
    page.get_by_label("Video call").focus()
    page.keyboard.press("Space")
    page.get_by_label("Someone in my team").focus()
    page.keyboard.press("Space")
    page.get_by_label("In the next few days").focus()
    page.keyboard.press("Space")
    page.get_by_label("3. What would you like to talk about?").focus()
    page.keyboard.type("A difficult week on the ward.")
    accessible(page, "ask-for-support")
    page.get_by_role("button", name="Ask for support").press("Enter")
    page.wait_for_url(re.compile(r"/support/requests/[0-9a-f-]+$"))
    supporter_card = page.locator("#supporter")
    expect(supporter_card).to_contain_text("Casey Candidate")
    expect(supporter_card).to_contain_text(candidate.email)
    accessible(page, "my-request")
    request_url = page.url
    page.get_by_role("button", name="Accept Casey Candidate as my supporter").click()
    expect(page.get_by_text("You accepted Casey Candidate as your supporter.")).to_be_visible()

    # The supporter sees the colleague among their cases, and sets their week, leave and preferences.
    supporter_page = open_page(candidate)
    supporter_page.get_by_role("link", name="My cases").first.click()
    supporter_page.wait_for_url("**/supporting")
    expect(supporter_page.get_by_role("row").filter(has_text="Riley Requester")).to_be_visible()
    accessible(supporter_page, "my-cases")
    supporter_page.get_by_role("button", name="Pause: take no new colleagues").click()
    expect(supporter_page.get_by_text("You are paused")).to_be_visible()
    supporter_page.get_by_role("button", name="Resume: take new colleagues").click()
    expect(supporter_page.get_by_text("You are taking new colleagues again")).to_be_visible()
    supporter_page.get_by_role("link", name="My availability and leave").click()
    supporter_page.get_by_label("Day of the week").select_option("tue")
    supporter_page.get_by_label("From", exact=True).fill("09:00")
    supporter_page.get_by_label("Until", exact=True).fill("08:00")
    supporter_page.get_by_role("button", name="Add these hours").click()
    expect(supporter_page.locator(".nhsuk-error-summary")).to_contain_text("must be after")
    accessible(supporter_page, "availability-error")
    supporter_page.get_by_label("Until", exact=True).fill("17:00")
    supporter_page.get_by_role("button", name="Add these hours").click()
    expect(supporter_page.get_by_role("row").filter(has_text="Tuesday")).to_contain_text("17:00")
    leave = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=60)
    for prefix, day in (("First day of leave", leave), ("Last day of leave", leave + timedelta(days=2))):
        group = supporter_page.get_by_role("group", name=prefix)
        fill_date(group, day)
    supporter_page.get_by_role("button", name="Add leave").click()
    expect(supporter_page.get_by_text("Your leave has been added")).to_be_visible()
    accessible(supporter_page, "availability")
    supporter_page.get_by_role("link", name="My cases").first.click()
    supporter_page.get_by_role("link", name="How and where I offer support").click()
    supporter_page.get_by_label("Where can you meet in person?").fill("Gartnavel General")
    accessible(supporter_page, "preferences")
    supporter_page.get_by_role("button", name="Save my preferences").click()
    expect(supporter_page.get_by_text("Your preferences have been saved")).to_be_visible()

    # The supporter offers two times; the colleague chooses the second.
    supporter_page.goto(request_url)
    expect(supporter_page.locator("#supporter")).to_contain_text("Riley Requester")
    london = datetime.now(ZoneInfo("Europe/London")) + timedelta(days=3)
    for index, hour in ((0, "10:00"), (1, "14:30")):
        day = london + timedelta(days=index)
        group = supporter_page.locator(f"#slot-{index}-day").locator("xpath=ancestor::fieldset[2]")
        fill_date(group, day)
        group.get_by_label("Start time").fill(hour)
    supporter_page.get_by_label("Phone call").check()
    supporter_page.get_by_role("button", name="Send these times").click()  # neither has a number in their details
    expect(supporter_page.locator(".nhsuk-error-message").filter(has_text="neither of you has a phone number")) \
        .to_be_visible()
    supporter_page.get_by_label("Video call", exact=True).check()
    supporter_page.get_by_label("For a video call, its link").fill("https://meet.example/riley")
    accessible(supporter_page, "propose-times")
    supporter_page.get_by_role("button", name="Send these times").click()
    expect(supporter_page.get_by_text("You offered 2 times")).to_be_visible()

    page.goto(request_url)
    free = page.locator("#supporter-free")  # the supporter's week and leave, set above, to choose by
    expect(free).to_contain_text("Your supporter usually offers time on Tuesdays 09:00 to 17:00")
    expect(free).to_contain_text("They are away from")
    choice = page.get_by_role("group", name=re.compile("Choose a time to talk"))
    choice.get_by_label(re.compile(r"2:30pm")).check()
    accessible(page, "choose-a-time")
    page.get_by_role("button", name="Accept this time").click()
    booked = page.locator("#times ~ p").filter(has_text="Booked")
    expect(booked).to_contain_text("2:30pm")
    expect(booked).to_contain_text("video call")

    # The supporter suggests a referral; the colleague consents, saying what may be shared; it is made.
    supporter_page.goto(request_url)  # without a fragment: a fresh page, never a scroll within the one shown
    supporter_page.get_by_label("Refer to").select_option("occupational_health")
    supporter_page.get_by_label("Why do you suggest it?").fill("Shoulder pain from lifting on the ward.")
    supporter_page.get_by_role("button", name="Suggest this referral").click()
    expect(supporter_page.get_by_text("Waiting for consent")).to_be_visible()
    page.goto(request_url)
    consent = page.locator("[id^=referral-]").filter(has_text="Shoulder pain")
    consent.get_by_role("button", name="Send my answer").focus()
    consent.get_by_label("Yes, make this referral").check()
    consent.get_by_label("My job and team").check()
    consent.get_by_label("Why I am being referred").check()
    accessible(page, "referral-consent")
    consent.get_by_role("button", name="Send my answer").press("Enter")
    expect(page.get_by_text("Agreed, not yet made")).to_be_visible()
    supporter_page.reload()
    supporter_page.get_by_role("button", name="Make this referral").click()
    expect(supporter_page.locator("[id^=referral-]").filter(has_text="Shoulder pain")).to_contain_text("Made")
    accessible(supporter_page, "referral-made")
    # It is followed to its closure: the service's answer, then closed.
    made = supporter_page.locator("[id^=referral-]").filter(has_text="Shoulder pain")
    made.get_by_label("The service accepted it").check()
    made.get_by_role("button", name="Record the answer").click()
    expect(supporter_page.get_by_text("The service's answer is recorded")).to_be_visible()
    expect(made).to_contain_text("Accepted by the service")
    assert network.wait_notice(requester, "referral_answered")["subject"] == "An update is waiting for you"
    made.get_by_role("button", name="Close this referral").click()
    expect(supporter_page.get_by_text("The referral is closed")).to_be_visible()
    expect(made).to_contain_text("Closed")

    # A second referral the colleague does not agree to; a coordinator outside the pairing, finding it on the list
    # of referrals, makes it for safeguarding, in writing.
    supporter_page.goto(request_url)
    supporter_page.get_by_label("Refer to").select_option("psychological_support")
    supporter_page.get_by_label("Why do you suggest it?").fill("Nightmares since the incident on the ward.")
    supporter_page.get_by_role("button", name="Suggest this referral").click()
    page.goto(request_url)
    refusing = page.locator("[id^=referral-]").filter(has_text="Nightmares")
    refusing.get_by_label("No, do not make it").check()
    refusing.get_by_role("button", name="Send my answer").click()
    expect(page.locator("[id^=referral-]").filter(has_text="Nightmares")).to_contain_text("Not agreed")
    coordinator = network.register_coordinator("Cai Coordinator")
    coordinating = open_page(coordinator)
    follow_nav(coordinating, "Run the network")
    coordinating.get_by_role("link", name="Referrals").click()
    coordinating.get_by_label("Where it stands").select_option("refused")
    coordinating.get_by_role("button", name="Show").click()
    accessible(coordinating, "referrals")
    coordinating.locator("#referrals-list").get_by_role("link", name=re.compile("Open")).first.click()
    refused = coordinating.locator("[id^=referral-]").filter(has_text="Nightmares")
    refused.get_by_text("Make this referral for safeguarding").click()
    refused.get_by_label("Why someone is at risk").fill("Too short.")
    refused.get_by_label("Their name and how to contact them").check()
    refused.get_by_role("button", name="Make it for safeguarding").click()
    expect(coordinating.locator(".nhsuk-error-summary")).to_contain_text("at least 20 characters")
    refused = coordinating.locator("[id^=referral-]").filter(has_text="Nightmares")
    refused.get_by_label("Why someone is at risk").fill("Said today they cannot keep themselves safe tonight.")
    refused.get_by_label("Their name and how to contact them").check()
    accessible(coordinating, "safeguarding-override")
    refused.get_by_role("button", name="Make it for safeguarding").click()
    expect(coordinating.get_by_text("The referral is made for safeguarding")).to_be_visible()
    supporter_page.goto(request_url)
    expect(supporter_page.locator("[id^=referral-]").filter(has_text="Nightmares")).to_contain_text("Made")
    page.goto(request_url)  # and the colleague reads that it was made without their consent, and why
    expect(page.locator("[id^=safeguarding-]")).to_contain_text("cannot keep themselves safe tonight")
    network.wait_notice(requester, "referral_made_for_safeguarding")  # and is told at once, by message

    # Both are told, and the colleague's inbox shows the unread count.
    wait_for(lambda: "meeting_booked" in [e["kind"] for e in network.inbox(requester)], what="the booking told")
    page.get_by_role("link", name="Inbox").first.click()
    page.wait_for_url("**/inbox")
    expect(page.locator("#unread")).to_have_text(re.compile(r"You have \d+ unread messages?"))
    accessible(page, "inbox")

    page.get_by_role("link", name="My training").first.click()
    page.wait_for_url("**/training")
    accessible(page, "my-training")
    supporter_page.get_by_role("link", name="My training").first.click()
    supporter_page.wait_for_url("**/training")
    expect(supporter_page.get_by_text("Level 2: Peer Supporter").first).to_be_visible()
    accessible(supporter_page, "my-training-supporter")
    # The certificate names the page anyone may check it on; a stranger, not signed in, finds it valid there.
    certificate = network.training_record(candidate)["certificates"][0]
    pdf = supporter_page.request.get(f"/training/certificates/{certificate['id']}.pdf")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf.body(), re.S)
    text = b"".join(zlib.decompress(s) if s[:1] == b"x" else s for s in streams)
    check = f"/certificates/check/{certificate['verification_code']}"
    assert check.encode() in text
    stranger = open_page()
    stranger.goto(check)
    expect(stranger.locator(".nhsuk-summary-list")).to_contain_text("Casey Candidate")
    expect(stranger.locator(".nhsuk-summary-list")).to_contain_text("Valid")
    accessible(stranger, "certificate-check")

    # The colleague moves the booked time, then calls it off, each with a reason; the supporter is told.
    page.goto(request_url)
    moving = page.locator("details").filter(has_text="Move this time")
    moving.locator("summary").click()
    later = london + timedelta(days=(1 - london.weekday()) % 7 + 7)  # a Tuesday, in the supporter's hours
    group = moving.get_by_role("group", name="Date")
    fill_date(group, later)
    moving.get_by_label("Start time").fill("15:00")
    moving.get_by_label("Why are you moving it?").fill("Night shifts that week.")
    moving.get_by_role("button", name="Move this time").click()
    expect(page.get_by_text("The time is moved")).to_be_visible()
    expect(page.locator("#times ~ p").filter(has_text="Booked")).to_contain_text("3:00pm")
    wait_for(lambda: "meeting_moved" in [e["kind"] for e in network.inbox(candidate)], what="the supporter told")
    page.goto(request_url)
    page.locator("summary").filter(has_text="Cancel this time").click()
    page.get_by_label("Why are you cancelling?").fill("A shift swap on the ward.")
    page.get_by_role("button", name="Cancel this time").click()
    expect(page.get_by_text("The time is cancelled")).to_be_visible()
    wait_for(lambda: "meeting_cancelled" in [e["kind"] for e in network.inbox(candidate)], what="the supporter told")


def test_a_coordinator_sees_the_waiting_list_with_reasons(network: Network, open_page):
    cast = prepare(network)  # a supporter to be offered for a manual allocation
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    empty_ward = f"Ward {uuid.uuid4().hex[:4]} Empty"
    loner = network.register("Wren Waiting", team_id=network.create_team(empty_ward))
    network.login(loner)
    request = network.ask_for_support(loner)
    assert (request["status"], request["waiting_reason"]) == (
        "waiting", "no supporter in the requester's team offers video support")
    coordinator = network.register_coordinator("Cora Coordinator")
    page = open_page(coordinator)
    page.get_by_role("link", name="Waiting list").first.click()
    page.wait_for_url("**/coordinate/waiting")
    row = page.locator(f"a[href^='/support/requests/{request['id']}?']").locator("xpath=ancestor::tr")
    expect(row).to_contain_text(request["waiting_reason"][1:])
    accessible(page, "waiting-list")

    # A manual allocation, by keyboard: the supporters are offered with their load; choosing nobody is refused.
    row.get_by_role("link", name=re.compile("Allocate")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/coordinate/waiting/[0-9a-f-]+/allocate$"))
    page.get_by_label("Find a supporter by name").fill("Casey Candidate")
    page.get_by_role("button", name="Find").press("Enter")
    expect(page.get_by_role("group", name="Give it to")).to_contain_text(" open of ")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(empty_ward)  # the requester's team, to choose by
    accessible(page, "allocate")
    page.get_by_role("button", name="Allocate to this supporter").press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select the supporter to give this request to")
    assert network.support_request(loner, request["id"])["status"] == "waiting"

    # An address typed or bookmarked says no reason: the coordinator is asked why before the request opens.
    page.goto(f"/support/requests/{request['id']}")
    page.wait_for_url(f"**/support/requests/{request['id']}/why")
    page.get_by_role("button", name="Open the request").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select why you are opening this request")
    page.get_by_label("A safeguarding concern").check()
    accessible(page, "read-reason")
    page.get_by_role("button", name="Open the request").click()
    page.wait_for_url(re.compile(r"/support/requests/[0-9a-f-]+\?why=safeguarding$"))
    expect(page.get_by_role("heading", name="A colleague's request for support")).to_be_visible()

    for link, path, name in (("Supporters", "**/coordinate/supporters", "supporters"),
                             ("Cohorts", "**/cohorts", "cohorts-coordinator"),
                             ("Run the network", "**/coordinate", "run-the-network")):
        follow_nav(page, link)
        page.wait_for_url(path)
        accessible(page, name)
    page.get_by_role("link", name="Board report").click()
    page.wait_for_url("**/coordinate/report")
    accessible(page, "board-report")
    expect(page.locator(".psn-chart").first).to_be_visible()
    for link, heading, name in (("Wellbeing and feedback", "What colleagues said of their support", "wellbeing-report"),
                                ("The delivery log", "The delivery log", "deliveries"),
                                ("Referrals", "Referrals", "referrals-all")):
        follow_nav(page, "Run the network")
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        accessible(page, name)

    # The administrator reads, in the audit, that the coordinator opened Wren's request, and why.
    administrator = network.register("Ada Administrator")
    network.grant(administrator, "admin", "keeps the audit")
    audit = open_page(administrator)
    follow_nav(audit, "Run the network")
    audit.get_by_role("link", name="The audit of confidential reads").click()
    audit.get_by_role("link", name="Wren Waiting").first.click()
    expect(audit.get_by_role("heading", name="Reads of Wren Waiting's records")).to_be_visible()
    expect(audit.locator("#reads")).to_contain_text("manual allocation from the waiting list")
    expect(audit.locator("#reads")).to_contain_text("a safeguarding concern")
    expect(audit.locator("#reads")).to_contain_text("Cora Coordinator")
    accessible(audit, "audit")
    # The administrator registers someone the HR file has not brought in yet, with a team and a line manager
    # found by name, then changes their line manager.
    tag = uuid.uuid4().hex[:6]
    ward = network.create_team(f"Ward {tag} Registered")
    follow_nav(audit, "Run the network")
    audit.get_by_role("link", name="People", exact=True).click()
    audit.get_by_role("link", name="Register a member of staff").click()
    audit.get_by_role("button", name="Register them").click()
    expect(audit.locator(".nhsuk-error-summary")).to_contain_text("Enter their full name")
    accessible(audit, "register-someone-errors")
    audit.get_by_label("Full name").fill(f"Nia {tag} New")
    audit.get_by_label("Employee number").fill(f"N{tag}")
    audit.get_by_label("Work email").fill(f"nia.{tag}@psn.test")
    audit.get_by_label("Team", exact=True).select_option(value=ward)
    audit.get_by_label("Find a line manager by name").fill("Wren Waiting")
    audit.get_by_role("button", name="Find a line manager").click()
    audit.get_by_label("Choose their line manager").select_option(value=loner.id)
    accessible(audit, "register-someone")
    audit.get_by_role("button", name="Register them").click()
    expect(audit.get_by_text(f"Nia {tag} New is registered")).to_be_visible()
    expect(audit.locator(".nhsuk-summary-list")).to_contain_text("Wren Waiting")
    registered = audit.url.rsplit("/", 1)[1]
    audit.get_by_role("link", name="Change their details").click()
    audit.get_by_label("Find a line manager by name").fill("Cora Coordinator")
    audit.get_by_role("button", name="Find a line manager").click()
    audit.get_by_label("Choose their line manager").select_option(value=coordinator.id)
    accessible(audit, "change-someone-s-details")
    audit.get_by_role("button", name="Save the changes").click()
    expect(audit.get_by_text(f"Nia {tag} New's details are changed")).to_be_visible()
    expect(audit.locator(".nhsuk-summary-list")).to_contain_text("Cora Coordinator")
    record = network.call("GET", "identity", f"/api/v1/staff/{registered}", who=network.admin)
    assert (record["line_manager_id"], record["team_id"]) == (coordinator.id, ward)
    # And Wren sees it too: who opened her request, when and why.
    wren = open_page(loner)
    follow_nav(wren, "My support")
    wren.get_by_role("link", name="Who has opened my records").click()
    expect(wren.locator("#record-reads")).to_contain_text("Cora Coordinator")
    expect(wren.locator("#record-reads")).to_contain_text("manual allocation from the waiting list")
    accessible(wren, "record-reads")

    # The new supporter's own record: the certificate valid for years, and Level 3 not yet, with training's reasons.
    supporter = open_page(cast.candidate)
    follow_nav(supporter, "My training")
    expect(supporter.locator("main")).to_contain_text("valid until")
    expect(supporter.get_by_role("heading", name="Train the trainers: not yet")).to_be_visible()
    expect(supporter.locator("#level-3-not-yet")).to_contain_text("Grade Band 6 is below Band 7")


def test_a_colleague_asks_for_someone_else_a_supporter_hands_back_and_the_colleague_closes(network: Network,
                                                                                           open_page):
    first, second = prepare(network), prepare(network)  # two supporters: there is always someone else
    for cast in (first, second):
        network.complete_level_2(cast.cohort_id, cast.candidate)
        network.wait_allocatable(cast.candidate)
    requester = first.requester
    asked = network.ask_for_support(requester, scope="any")
    held = network.wait_allocated(requester, asked["id"])["supporter_id"]
    request_url = f"/support/requests/{asked['id']}"

    page = open_page(requester)
    page.goto(request_url)
    accessible(page, "my-request-actions")
    page.get_by_role("button", name="Ask for someone else").click()
    expect(page.get_by_text("We are matching you with someone else")).to_be_visible()
    moved = wait_for(lambda: (r := network.support_request(requester, asked["id"]))["supporter_id"] not in (None, held)
                     and r, what="the request given to another supporter")

    # Whoever has it now (any supporter of the system) hands it back with a reason; it leaves their cases.
    holder = Person(moved["supporter_id"], network.call("GET", "identity", f"/api/v1/staff/{moved['supporter_id']}",
                                                        who=network.admin)["email"])
    supporter_page = open_page(holder)
    supporter_page.goto(request_url)
    supporter_page.get_by_role("button", name="Hand this case back").click()
    expect(supporter_page.locator(".nhsuk-error-summary")).to_contain_text("Enter why you are handing this case back")
    supporter_page.get_by_label("Why are you handing it back?").fill("We know each other outside work.")
    accessible(supporter_page, "hand-back")
    supporter_page.get_by_role("button", name="Hand this case back").click()
    supporter_page.wait_for_url("**/supporting")
    expect(supporter_page.get_by_text("The case is handed back")).to_be_visible()
    assert network.support_request(requester, asked["id"])["supporter_id"] not in (held, holder.id)

    page.goto(request_url)
    page.get_by_role("button", name="Close my request").click()
    page.wait_for_url("**/support/requests")
    expect(page.get_by_text("Your request is closed")).to_be_visible()
    assert network.support_request(requester, asked["id"])["status"] == "closed"
