"""Web Push (RFC 8030) with VAPID (RFC 8292), the payload encrypted for the browser (RFC 8291,
aes128gcm), through `pywebpush`; one HTTP session for the batch.

The push service answers 201 when it took the message; 404 or 410 when the subscription is gone
(the browser unsubscribed, or it expired): the device is then forgotten.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

import requests
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid, VapidException
from pywebpush import WebPushException, webpush

from notifications.domain.model import Channel
from notifications.domain.sending import Message, Outcome

GONE_STATUSES = (404, 410)


def payload_of(message: Message) -> str:
    """What the service worker shows: a neutral title and the short text; the rest behind sign-in."""
    delivery = message.delivery
    return json.dumps({"title": delivery.subject, "body": delivery.body, "url": "/inbox",
                       "id": delivery.id})


def vapid_of(private_key: str) -> Vapid:
    """The VAPID key as configured: a PEM block, or the raw P-256 key (or its DER) in base64url."""
    if "-----BEGIN" in private_key:
        return Vapid.from_pem(private_key.encode())
    return Vapid.from_string(private_key=private_key)


def public_key_of(vapid_private_key: str) -> str:
    """The application server key browsers subscribe with: the uncompressed P-256 point, base64url."""
    point = vapid_of(vapid_private_key).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


class WebPushProvider:
    channel = Channel.WEB_PUSH

    def __init__(self, vapid_private_key: str, subject: str, *, ttl_s: int = 86400,
                 timeout_s: float = 10.0) -> None:
        self.vapid = vapid_of(vapid_private_key)
        self.subject = subject
        self.ttl_s = ttl_s
        self.timeout_s = timeout_s

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        with requests.Session() as session:
            return [self._send_one(session, message) for message in messages]

    def _send_one(self, session: requests.Session, message: Message) -> Outcome:
        device = message.device
        if device is None:
            return Outcome.gone("the device was removed")
        subscription = {"endpoint": device.address, "keys": {"p256dh": device.p256dh, "auth": device.auth}}
        try:
            webpush(subscription, payload_of(message), vapid_private_key=self.vapid,
                    vapid_claims={"sub": self.subject}, content_encoding="aes128gcm", ttl=self.ttl_s,
                    timeout=self.timeout_s, requests_session=session)
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            reason = f"push service {status}: {exc.message}" if status else f"WebPushException: {exc.message}"
            return Outcome.gone(reason) if status in GONE_STATUSES else Outcome.failed(reason)
        except (requests.RequestException, VapidException, ValueError) as exc:
            return Outcome.failed(f"{type(exc).__name__}: {exc}")
        return Outcome.sent()
