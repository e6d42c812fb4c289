"""Mobile push through Firebase Cloud Messaging's HTTP v1 API.

The OAuth2 access token comes from the service account (google-auth signs a JWT and trades it at
the account's `token_uri`, which the tests point at a local stand-in); one authorised session
for the batch. A token FCM reports UNREGISTERED (or 404) belongs to an app that is gone: the
device is forgotten.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests
from google.auth.exceptions import GoogleAuthError
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account

from notifications.domain.model import Channel
from notifications.domain.sending import Message, Outcome

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"


def _error_codes(body: Any) -> set[str]:
    error = body.get("error", {}) if isinstance(body, dict) else {}
    codes = {detail.get("errorCode") for detail in error.get("details", []) if isinstance(detail, dict)}
    return {code for code in codes if code} | ({error["status"]} if error.get("status") else set())


class FcmProvider:
    channel = Channel.MOBILE_PUSH

    def __init__(self, service_account_info: dict[str, Any], base_url: str = "https://fcm.googleapis.com",
                 *, timeout_s: float = 10.0) -> None:
        self.credentials = service_account.Credentials.from_service_account_info(
            service_account_info, scopes=[SCOPE])
        self.url = f"{base_url.rstrip('/')}/v1/projects/{service_account_info['project_id']}/messages:send"
        self.timeout_s = timeout_s

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        with AuthorizedSession(self.credentials) as session:
            return [self._send_one(session, message) for message in messages]

    def _send_one(self, session: AuthorizedSession, message: Message) -> Outcome:
        device, delivery = message.device, message.delivery
        if device is None:
            return Outcome.gone("the device was removed")
        body = {"message": {
            "token": device.address,
            "notification": {"title": delivery.subject, "body": delivery.body},
            "data": {"delivery_id": delivery.id, "url": "/inbox"},
        }}
        try:
            response = session.post(self.url, json=body, timeout=self.timeout_s)
        except (requests.RequestException, GoogleAuthError) as exc:
            return Outcome.failed(f"{type(exc).__name__}: {exc}")
        if response.ok:
            return Outcome.sent()
        try:
            codes = _error_codes(response.json())
        except ValueError:
            codes = set()
        reason = f"FCM {response.status_code}: {', '.join(sorted(codes)) or response.text[:200]}"
        if response.status_code == 404 or "UNREGISTERED" in codes:
            return Outcome.gone(reason)
        return Outcome.failed(reason)
