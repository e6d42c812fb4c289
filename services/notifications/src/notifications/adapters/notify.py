"""Email and text messages through GOV.UK Notify (`notifications-python-client`).

Notify sends from templates kept in the Notify service itself; ours are two, each passing our text
through: an email template whose subject is `((subject))` and body `((body))`, and a text message
template whose body is `((body))`. Their ids are configuration. The client signs each request with
a JWT (HS256, from the API key); the base URL is configuration, so the tests point it at a local
stand-in that checks that token.
"""

from __future__ import annotations

from collections.abc import Sequence

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from notifications.domain.model import Channel
from notifications.domain.sending import Message, Outcome


def _outcome_of(exc: APIError) -> Outcome:
    reason = f"GOV.UK Notify {exc.status_code}: {exc.message}"
    # 400: Notify refuses the address itself (not a mobile number, not an email address), so
    # sending again cannot help; 403 (the key), 429 (rate limit) and 5xx may pass, so retry.
    return Outcome.gone(reason) if exc.status_code == 400 else Outcome.failed(reason)


class NotifyProvider:
    def __init__(self, channel: Channel, api_key: str, template_id: str, base_url: str,
                 timeout_s: float = 10.0) -> None:
        self.channel = channel
        self.template_id = template_id
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout_s)

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        return [self._send_one(message) for message in messages]

    def _send_one(self, message: Message) -> Outcome:
        delivery = message.delivery
        try:
            if self.channel == Channel.SMS:
                self.client.send_sms_notification(
                    delivery.address, self.template_id, personalisation={"body": delivery.body},
                    reference=delivery.id)
            else:
                self.client.send_email_notification(
                    delivery.address, self.template_id,
                    personalisation={"subject": delivery.subject, "body": delivery.body}, reference=delivery.id)
        except APIError as exc:
            return _outcome_of(exc)
        return Outcome.sent()
