"""Email over SMTP (smtplib): one connection per batch, one Message-ID per delivery."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate

from notifications.config import smtp_address
from notifications.domain.model import Delivery

MESSAGE_ID_DOMAIN = "notifications.psn"


def message_id(delivery: Delivery) -> str:
    """Derived from the delivery, so a copy sent again after a crash is recognisably the same email."""
    return f"<{delivery.id}@{MESSAGE_ID_DOMAIN}>"


def to_email(delivery: Delivery, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = delivery.address
    message["Subject"] = delivery.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(delivery)
    message.set_content(delivery.body)
    return message


class SmtpSender:
    def __init__(self, smtp_url: str, sender: str, timeout_s: float = 10.0) -> None:
        self.host, self.port = smtp_address(smtp_url)
        self.sender = sender
        self.timeout_s = timeout_s

    def __call__(self, batch: list[Delivery]) -> list[Exception | None]:
        """Send each email; an error is reported against the emails it stopped, not raised."""
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
        except (OSError, smtplib.SMTPException) as exc:
            return [exc] * len(batch)
        try:
            return [self._send_one(smtp, delivery) for delivery in batch]
        finally:
            _hang_up(smtp)

    def _send_one(self, smtp: smtplib.SMTP, delivery: Delivery) -> Exception | None:
        try:
            smtp.send_message(to_email(delivery, self.sender))
        except (OSError, smtplib.SMTPException) as exc:
            return exc
        return None


def _hang_up(smtp: smtplib.SMTP) -> None:
    # The emails are already accepted or already failed: a failed goodbye changes neither.
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
