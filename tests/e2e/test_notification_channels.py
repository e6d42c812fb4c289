"""Notifications' channels across the running system, each against a local stand-in of the real
service (GOV.UK Notify, a Web Push service, FCM): one event reaching a person by push, text and email
as they chose; a message held by quiet hours and released when they end; a critical one passing
through them; a must-deliver message falling back from a failing channel to the next, each attempt
in the delivery log."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.standins import Subscriber
from psn_shared.testing.workflow import Network, Person, prepare
from tests.e2e.conftest import CONFIRM_WITHIN_S, Mailbox, Providers

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")


def newcomer(network: Network, name: str, *, phone: str | None = None) -> Person:
    person = network.login(network.register(name))
    if phone:
        network.call("PATCH", "identity", "/api/v1/me", who=person, json={"phone": phone})
        wait_for(lambda: network.call("GET", "notifications", "/api/v1/preferences", who=person)["phone_for_sms"],
                 what="notifications to know the phone number")
    return person


def web_push_device(network: Network, person: Person, providers: Providers) -> Subscriber:
    browser = providers.push.subscriber()
    network.call("POST", "notifications", "/api/v1/devices", who=person, expect=201,
                 json=browser.subscription(providers.push_url))
    return browser


def deliveries(network: Network, person: Person, kind: str | None = None) -> list[dict]:
    """The person's own delivery log (a coordinator's call names them, or it would list everyone's)."""
    log = network.call("GET", "notifications", f"/api/v1/deliveries?recipient_id={person.id}&limit=500",
                       who=person)["items"]
    return [d for d in log if kind is None or d["kind"] == kind]


def a_phone() -> str:
    return f"+4477009{uuid.uuid4().int % 100000:05d}"


def test_one_event_reaches_a_person_by_push_text_and_email_as_they_chose(network, providers, mailbox: Mailbox):
    ann = newcomer(network, "Ann Channels", phone=a_phone())
    bob = newcomer(network, "Bob Defaults", phone=a_phone())
    browser = web_push_device(network, ann, providers)
    token = f"fcm-{uuid.uuid4().hex}"
    network.call("POST", "notifications", "/api/v1/devices", who=ann, expect=201,
                 json={"platform": "android", "token": token})
    bobs_browser = web_push_device(network, bob, providers)
    network.call("PUT", "notifications", "/api/v1/preferences", who=ann,
                 json={"channels": {"account": ["in_app", "email", "sms", "push"]}})

    network.grant(ann, "trainer", "Level 3 completed")
    network.grant(bob, "trainer", "Level 3 completed")

    (pushed,) = wait_for(lambda: providers.push.to(browser), what="the web push, decrypted")
    assert pushed["title"] == "Peer Support Network" and pushed["url"] == "/inbox"
    (mobile,) = wait_for(lambda: providers.fcm.to(token), what="the mobile push")
    assert mobile["notification"]["body"] == pushed["body"]
    phone = network.call("GET", "identity", "/api/v1/me", who=ann)["phone"]
    (text,) = wait_for(lambda: providers.notify.to(phone), what="the text message")
    assert text["personalisation"]["body"] == pushed["body"]
    (email,) = wait_for(lambda: mailbox.to(ann.email), what="the email")
    assert "/settings/notifications" in email.get_payload(decode=True).decode()
    assert [e["kind"] for e in network.inbox(ann)] == ["role_granted"]

    # Bob kept the defaults: inbox, email and push, no text messages.
    wait_for(lambda: mailbox.to(bob.email) and providers.push.to(bobs_browser), what="Bob's email and push")
    bobs_phone = network.call("GET", "identity", "/api/v1/me", who=bob)["phone"]
    assert providers.notify.to(bobs_phone) == []
    assert sorted(d["channel"] for d in deliveries(network, bob)) == ["email", "web_push"]


def quiet_from_now() -> tuple[str, str, datetime]:
    """A quiet window that began a while ago and ends at a whole minute 15 to 75 seconds away: long
    enough for the grant's email to be held first, as short as whole-minute windows allow."""
    now = datetime.now(LONDON)
    end = (now + timedelta(seconds=15)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return (now - timedelta(minutes=10)).strftime("%H:%M"), end.strftime("%H:%M"), end


def test_a_message_in_quiet_hours_is_held_and_goes_when_they_end(network, mailbox: Mailbox):
    cat = newcomer(network, "Cat Nights")
    start, end, ends_at = quiet_from_now()
    network.call("PUT", "notifications", "/api/v1/preferences", who=cat,
                 json={"quiet_hours": [{"start": start, "end": end}], "time_zone": "Europe/London"})
    network.grant(cat, "trainer", "Level 3 completed")
    (held,) = wait_for(lambda: [d for d in deliveries(network, cat) if d["held_until"]], what="the email held")
    assert held["status"] == "pending" and held["attempts"] == 0
    assert datetime.fromisoformat(held["held_until"]) == ends_at
    assert mailbox.to(cat.email) == []
    assert [e["kind"] for e in network.inbox(cat)] == ["role_granted"]  # the inbox wakes nobody

    wait_for(lambda: mailbox.to(cat.email), timeout=150, what="the email once the quiet hours ended")
    # Recorded once the SMTP server has accepted it, a moment after the mailbox has it.
    (sent,) = wait_for(lambda: [d for d in deliveries(network, cat) if d["status"] == "sent"], what="recorded sent")
    assert datetime.fromisoformat(sent["sent_at"]) >= ends_at


def test_a_critical_message_passes_through_quiet_hours(network, mailbox: Mailbox):
    dan = newcomer(network, "Dan Asleep")
    now = datetime.now(LONDON)  # quiet from a while ago until hours from now (never all day: that is refused)
    quiet = {"start": f"{now - timedelta(minutes=10):%H:%M}", "end": f"{now + timedelta(hours=3):%H:%M}"}
    network.call("PUT", "notifications", "/api/v1/preferences", who=dan, json={"quiet_hours": [quiet]})
    network.grant(dan, "trainer", "Level 3 completed")
    wait_for(lambda: [d for d in deliveries(network, dan) if d["held_until"]], what="the ordinary email held")
    network.ask_for_password_reset(dan.email)
    (reset,) = wait_for(lambda: mailbox.to(dan.email), what="the password reset, quiet hours or not")
    assert "reset" in reset["Subject"].lower()
    critical = wait_for(lambda: [d for d in deliveries(network, dan) if d["critical"] and d["status"] == "sent"],
                        what="the reset recorded as sent")
    assert [(d["kind"], d["held_until"]) for d in critical] == [("password_reset", None)]


def test_a_must_deliver_message_falls_back_from_a_failing_channel_each_attempt_logged(
        network, providers: Providers, mailbox: Mailbox):
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    phone = a_phone()
    cora = newcomer(network, "Cora Fallback", phone=phone)
    network.grant(cora, "coordinator", "runs the network")
    network.login(cora)
    expired = web_push_device(network, cora, providers)
    providers.push.gone.add(expired.name)  # the browser's subscription has expired: 410
    providers.notify.failing.add(phone)  # and Notify is failing for texts: 500, retried

    request = network.ask_for_support(cast.requester)
    network.call("POST", "sessions", f"/api/v1/support-requests/{request['id']}/referrals", who=cast.candidate,
                 expect=201, json={"service": "urgent", "reason": "Said they cannot keep themselves safe tonight."})

    def chain() -> list[dict]:
        return sorted(deliveries(network, cora, "referral_urgent"), key=lambda d: d["step"])

    attempts = wait_for(lambda: [d["status"] for d in chain()][-1:] == ["sent"] and chain(), timeout=30,
                        what="the alert sent by email, the last channel")
    assert any("Urgent" in (m["Subject"] or "") for m in mailbox.to(cora.email))
    assert [(d["channel"], d["status"]) for d in attempts] == [
        ("web_push", "failed"), ("sms", "failed"), ("email", "sent")]
    assert len({d["chain_id"] for d in attempts}) == 1
    assert "410" in attempts[0]["last_error"]
    assert f"not confirmed within {CONFIRM_WITHIN_S} s" in attempts[1]["last_error"]
    push, text, email = (d["attempt_log"] for d in attempts)  # every try of each channel, in order
    assert [a["result"] for a in push] == ["gone"] and "410" in push[0]["reason"]
    assert text and {a["result"] for a in text} == {"failed"} and [a["number"] for a in text] == list(
        range(1, len(text) + 1))
    assert [a["result"] for a in email] == ["sent"]
    assert network.call("GET", "notifications", "/api/v1/devices", who=cora)["items"] == []
    admin_view = network.call("GET", "notifications", f"/api/v1/deliveries?recipient_id={cora.id}&limit=500",
                              who=network.admin)["items"]
    assert {d["id"] for d in attempts} <= {d["id"] for d in admin_view}
