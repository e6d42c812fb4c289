"""Each channel's provider end to end against a local stand-in of its service (no network): GOV.UK
Notify (the JWT it signs), a Web Push service (VAPID, and the payload decrypted per RFC 8291) and
FCM HTTP v1 (an OAuth2 token from the service account, then messages:send)."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from notifications.adapters.fcm import FcmProvider
from notifications.adapters.notify import NotifyProvider
from notifications.adapters.webpush import WebPushProvider, public_key_of
from notifications.domain.model import Channel, Delivery, Device, DeviceKind
from notifications.domain.sending import Message, Result
from psn_shared.testing.standins import (
    NotifyStandIn,
    PushStandIn,
    fcm_stand_in,
    serving,
    unb64url,
    vapid_private_key,
)

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)


def delivery(channel: Channel, address: str, body: str = "You have a new message in the Peer Support Network.",
             subject: str = "Peer Support Network") -> Delivery:
    return Delivery(event_id="e-1", recipient_id="r-1", channel=channel, address=address, subject=subject,
                    body=body, created_at=NOW, next_attempt_at=NOW)


def test_notify_sends_texts_and_emails_signed_with_the_api_key_and_refuses_a_bad_number():
    notify = NotifyStandIn(invalid={"+447700900999"})
    with serving(notify) as url:
        sms = NotifyProvider(Channel.SMS, notify.api_key, "sms-template", url)
        outcomes = sms.send([Message(delivery(Channel.SMS, "+447700900123")),
                             Message(delivery(Channel.SMS, "+447700900999"))])
        email = NotifyProvider(Channel.EMAIL, notify.api_key, "email-template", url)
        (emailed,) = email.send([Message(delivery(Channel.EMAIL, "ann@psn.test", "Dear Ann", "Hello"))])
        forged = NotifyProvider(Channel.SMS, NotifyStandIn().api_key, "sms-template", url)
        (refused,) = forged.send([Message(delivery(Channel.SMS, "+447700900123"))])
    assert [o.result for o in outcomes] == [Result.SENT, Result.GONE]
    assert "400" in outcomes[1].reason
    (text,) = notify.to("+447700900123")
    assert (text["template_id"], text["personalisation"]) == (
        "sms-template", {"body": "You have a new message in the Peer Support Network."})
    assert emailed.result == Result.SENT
    assert notify.to("ann@psn.test")[0]["personalisation"] == {"subject": "Hello", "body": "Dear Ann"}
    assert refused.result == Result.FAILED and "403" in refused.reason  # a wrong key is retried, not dropped


def test_web_push_is_signed_with_vapid_encrypted_for_the_browser_and_a_gone_subscription_is_reported():
    push = PushStandIn()
    key = vapid_private_key()
    with serving(push) as url:
        browser, expired = push.subscriber(), push.subscriber()
        push.gone.add(expired.name)
        devices = [Device(staff_id="r-1", kind=DeviceKind.WEB_PUSH, created_at=NOW,
                          address=s.subscription(url)["endpoint"], p256dh=s.p256dh,
                          auth=s.subscription(url)["keys"]["auth"]) for s in (browser, expired)]
        provider = WebPushProvider(key, "mailto:ops@psn.test", ttl_s=600)
        outcomes = provider.send([Message(delivery(Channel.WEB_PUSH, d.id), d) for d in devices])
    assert [o.result for o in outcomes] == [Result.SENT, Result.GONE]
    assert push.refused == []
    (shown,) = push.to(browser)
    assert (shown["title"], shown["body"], shown["ttl"]) == (
        "Peer Support Network", "You have a new message in the Peer Support Network.", "600")
    assert len(unb64url(public_key_of(key))) == 65


def test_a_vapid_key_may_be_configured_as_pem():
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert unb64url(public_key_of(pem)) == point


def test_web_push_without_a_vapid_contact_is_not_sent_and_is_retried():
    push = PushStandIn()
    with serving(push) as url:
        browser = push.subscriber()
        subscription = browser.subscription(url)
        device = Device(staff_id="r-1", kind=DeviceKind.WEB_PUSH, created_at=NOW, address=subscription["endpoint"],
                        p256dh=browser.p256dh, auth=subscription["keys"]["auth"])
        provider = WebPushProvider(vapid_private_key(), "not-a-contact")
        (outcome,) = provider.send([Message(delivery(Channel.WEB_PUSH, device.id), device)])
    assert outcome.result == Result.FAILED and "sub" in outcome.reason
    assert push.received == []


def test_fcm_takes_an_oauth_token_from_the_service_account_once_and_reports_an_unregistered_app():
    with fcm_stand_in() as fcm:
        fcm.unregistered.add("old-token")
        provider = FcmProvider(fcm.service_account(), fcm.base_url)
        phones = [Device(staff_id="r-1", kind=DeviceKind.MOBILE, created_at=NOW, address=t, platform="android")
                  for t in ("live-token", "old-token", "other-token")]
        outcomes = provider.send([Message(delivery(Channel.MOBILE_PUSH, d.id), d) for d in phones])
    assert [o.result for o in outcomes] == [Result.SENT, Result.GONE, Result.SENT]
    assert "UNREGISTERED" in outcomes[1].reason
    assert fcm.tokens_issued == 1
    (message,) = fcm.to("live-token")
    assert message["notification"] == {"title": "Peer Support Network",
                                       "body": "You have a new message in the Peer Support Network."}
