"""How notices go out: channels by preference, quiet hours, critical messages and their fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifications.domain import conversation_notices, notices
from notifications.domain.model import Channel, DeliveryStatus, Device, DeviceKind, InboxEntry
from notifications.domain.notices import Notice
from notifications.domain.preferences import Preferences
from notifications.service_layer import commands, delivering, reactions
from notifications.service_layer.dispatcher import dispatch_due, escalate_unconfirmed
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork, providers
from services.notifications.tests.service_layer.support import new_id, person

DELAYS = (30.0,)


def with_phone_and_device(uow: FakeNotificationsUnitOfWork, name: str):
    someone = person(uow, name)
    someone.phone = "+447700900123"
    device = Device(staff_id=someone.staff_id, kind=DeviceKind.MOBILE, address=f"token-{name}",
                    created_at=datetime.now(UTC), platform="android")
    uow.devices.add(device)
    return someone, device


def notice(someone, *, critical: bool = False, kind: str = "role_granted") -> Notice:
    """An ordinary notice (a role granted: account) or a critical one (an urgent referral: support)."""
    if kind == "referral_urgent":
        return Notice(someone, kind, {"name": someone.name, "request_id": new_id(), "referral_id": new_id()},
                      critical=critical)
    (granted,) = notices.role_granted(someone, "trainer", None, None)
    return granted


def channels(uow: FakeNotificationsUnitOfWork, someone) -> list[str]:
    return sorted(d.channel for d in uow.deliveries.of(someone.staff_id))


def test_by_default_a_notice_goes_to_the_inbox_email_and_push_and_not_by_text():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    reactions.tell(new_id(), [notice(ann)], uow)
    assert channels(uow, ann) == [Channel.EMAIL, Channel.MOBILE_PUSH]
    assert len(uow.inbox.of(ann.staff_id)) == 1
    email = next(d for d in uow.deliveries.of(ann.staff_id) if d.channel == Channel.EMAIL)
    assert delivering.settings().preferences_url in email.body
    push = next(d for d in uow.deliveries.of(ann.staff_id) if d.channel == Channel.MOBILE_PUSH)
    assert push.body != email.body and "\n" not in push.body  # the one short line only


def test_the_person_s_choice_per_category_and_language_is_followed():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="en",
                                    channels={"account": ["sms"]}))
    reactions.tell(new_id(), [notice(ann)], uow)
    assert channels(uow, ann) == [Channel.SMS]
    assert uow.inbox.of(ann.staff_id) == []


def test_quiet_hours_hold_an_ordinary_message_until_they_end_and_a_critical_one_goes_at_once():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="en", time_zone="Europe/London",
                                    quiet_hours=[["08:00", "16:00"]]))
    reactions.tell(new_id(), [notice(ann)], uow)
    reactions.tell(new_id(), [notice(ann, critical=True, kind="referral_urgent")], uow)
    at_ten = datetime(2026, 12, 2, 10, tzinfo=UTC)  # 10:00 GMT
    for delivery in uow.deliveries:
        delivery.next_attempt_at = at_ten
    sent = providers()
    dispatch_due(sent, 50, DELAYS, uow, now=at_ten)
    held = [d for d in uow.deliveries if not d.critical]
    assert {d.held_until for d in held} == {datetime(2026, 12, 2, 16, tzinfo=UTC)}
    assert all(d.status == DeliveryStatus.PENDING and d.attempts == 0 for d in held)
    assert sent[Channel.MOBILE_PUSH].addresses and all(m.delivery.critical for m in sent[Channel.MOBILE_PUSH].sent)
    dispatch_due(sent, 50, DELAYS, uow, now=datetime(2026, 12, 2, 16, 0, 1, tzinfo=UTC))
    assert all(d.status == DeliveryStatus.SENT for d in held)


def test_quiet_windows_may_cross_midnight_and_run_on_into_each_other():
    preferences = Preferences(staff_id="x", language="en", quiet_hours=[["22:00", "06:00"], ["06:00", "07:30"]])
    until = preferences.quiet_until(datetime(2026, 12, 2, 23, 15, tzinfo=UTC))
    assert until == datetime(2026, 12, 3, 7, 30, tzinfo=UTC)
    assert preferences.quiet_until(datetime(2026, 12, 2, 12, tzinfo=UTC)) is None


def test_a_must_deliver_message_falls_back_from_push_to_text_to_email_and_then_alerts():
    uow = FakeNotificationsUnitOfWork()
    ann, device = with_phone_and_device(uow, "Ann")
    reactions.tell(new_id(), [notice(ann, critical=True, kind="referral_urgent")], uow)
    by_channel = {d.channel: d for d in uow.deliveries.of(ann.staff_id)}
    assert {c: d.status for c, d in by_channel.items()} == {
        Channel.MOBILE_PUSH: DeliveryStatus.PENDING, Channel.SMS: DeliveryStatus.STANDBY,
        Channel.EMAIL: DeliveryStatus.STANDBY}
    failing = providers(gone=(device.id, "+447700900123", ann.email))
    dispatch_due(failing, 50, DELAYS, uow)  # push gone: the text goes next, at once
    assert by_channel[Channel.MOBILE_PUSH].status == DeliveryStatus.FAILED
    assert uow.devices.get(device.id) is None
    assert by_channel[Channel.SMS].status == DeliveryStatus.PENDING
    dispatch_due(failing, 50, DELAYS, uow)
    dispatch_due(failing, 50, DELAYS, uow)
    assert [d.status for d in uow.deliveries.of(ann.staff_id)] == [DeliveryStatus.FAILED] * 3
    assert uow.published_types() == ["notifications.delivery.undeliverable"]


def test_a_must_deliver_message_with_nowhere_to_go_alerts_as_if_every_channel_failed():
    uow = FakeNotificationsUnitOfWork()
    ann = person(uow, "Ann")
    ann.email, ann.phone = "", None
    before = delivering.UNDELIVERABLE.labels(category="support")._value.get()
    reactions.tell(new_id(), [notice(ann, critical=True, kind="referral_urgent")], uow)
    assert len(uow.inbox.of(ann.staff_id)) == 1
    (logged,) = uow.deliveries.of(ann.staff_id)
    assert logged.status == DeliveryStatus.FAILED and logged.last_error == delivering.NOWHERE
    dispatch_due(providers(), 50, DELAYS, uow)  # nothing to send
    escalate_unconfirmed(50, uow)
    assert uow.published_types() == ["notifications.delivery.undeliverable"]
    assert uow.published[0].data.channels_tried == []
    assert delivering.UNDELIVERABLE.labels(category="support")._value.get() == before + 1
    escalate_unconfirmed(50, uow)
    assert len(uow.published) == 1  # raised once


def test_a_push_not_opened_in_time_falls_back_and_one_opened_stops_the_chain():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    bob, _ = with_phone_and_device(uow, "Bob")
    for someone in (ann, bob):
        reactions.tell(new_id(), [notice(someone, critical=True, kind="referral_urgent")], uow)
    now = datetime.now(UTC)
    dispatch_due(providers(), 50, DELAYS, uow, now=now)
    entry: InboxEntry = uow.inbox.of(bob.staff_id)[0]
    entry.mark_read(now)
    later = now + timedelta(seconds=delivering.settings().confirm_within_s + 1)
    escalate_unconfirmed(50, uow, now=later)
    assert {d.channel: d.status for d in uow.deliveries.of(ann.staff_id)}[Channel.SMS] == DeliveryStatus.PENDING
    assert {d.channel: d.status for d in uow.deliveries.of(bob.staff_id)} == {
        Channel.MOBILE_PUSH: DeliveryStatus.SENT, Channel.SMS: DeliveryStatus.CANCELLED,
        Channel.EMAIL: DeliveryStatus.CANCELLED}
    assert uow.published_types() == []


def test_a_digested_category_waits_for_the_day_s_one_email():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="en", digest=["account"], digest_at="17:00"))
    reactions.tell(new_id(), [notice(ann)], uow)
    reactions.tell(new_id(), [notice(ann)], uow)
    collected = uow.deliveries.of(ann.staff_id)
    assert [d.channel for d in collected] == [Channel.EMAIL, Channel.EMAIL] and all(d.digest for d in collected)
    sent = providers()
    due = collected[0].next_attempt_at
    dispatch_due(sent, 50, DELAYS, uow, now=due)
    (one,) = sent[Channel.EMAIL].sent
    assert "2 messages" in one.delivery.subject
    assert all(d.status == DeliveryStatus.SENT for d in collected)


def test_a_category_taken_out_of_the_digest_goes_now_with_the_preferences_link():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="en", digest=["account"], digest_at="17:00"))
    reactions.tell(new_id(), [notice(ann)], uow)
    (collected,) = uow.deliveries.of(ann.staff_id)
    assert delivering.settings().preferences_url not in collected.body  # the digest carries it once
    commands.set_preferences(ann.staff_id, {"language": "en"}, uow)
    assert not collected.digest and collected.next_attempt_at <= datetime.now(UTC)
    assert collected.body.endswith(f"Choose how and when we contact you: {delivering.settings().preferences_url}\n")


def test_a_conversation_cancelled_within_two_hours_is_critical_for_the_other_person_only():
    uow = FakeNotificationsUnitOfWork()
    ann, _ = with_phone_and_device(uow, "Ann")
    sue, _ = with_phone_and_device(uow, "Sue")
    starts = datetime(2027, 3, 30, 9, tzinfo=UTC)
    late = conversation_notices.conversation_cancelled(ann, sue, starts, sue.staff_id, starts - timedelta(minutes=90))
    early = conversation_notices.conversation_cancelled(ann, sue, starts, sue.staff_id, starts - timedelta(hours=3))
    assert [(n.recipient.name, n.critical) for n in late] == [("Ann", True), ("Sue", False)]
    assert not any(n.critical for n in early)
    reactions.tell(new_id(), late, uow)
    assert {d.status for d in uow.deliveries.of(ann.staff_id)} == {DeliveryStatus.PENDING, DeliveryStatus.STANDBY}
    assert all(d.chain_id is None for d in uow.deliveries.of(sue.staff_id))
