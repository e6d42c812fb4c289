"""Email over SMTP (smtplib): a few connections kept across batches, one Message-ID per delivery."""

from __future__ import annotations

import quopri
import smtplib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache

from notifications.config import smtp_address
from notifications.domain.model import Channel, Delivery
from notifications.domain.sending import Message, Outcome, Result

MESSAGE_ID_DOMAIN = "notifications.psn"


def message_id(delivery: Delivery) -> str:
    """Derived from the delivery, so a copy sent again after a crash is recognisably the same email."""
    return f"<{delivery.id}@{MESSAGE_ID_DOMAIN}>"


def _header(value: str) -> str:
    """A header value as the wire wants it: ASCII as it is, anything else RFC 2047 encoded (Welsh has
    â, ŵ, ŷ...); long values folded."""
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, maxlinelen=76, header_name="Subject").encode(linesep="\r\n")


def _address(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name else address


@lru_cache(maxsize=4)
def _sender(value: str) -> str:
    """The From header's value: one sender for every email, so parsed once."""
    return _address(value)


def to_email(delivery: Delivery, sender: str) -> bytes:
    """The email as bytes, text/plain in UTF-8 (7bit when it is ASCII, else quoted-printable).

    Written directly rather than through `EmailMessage`, whose header parsing cost more than the
    SMTP exchange itself when the dispatcher sends thousands.
    """
    body = "\r\n".join(delivery.body.splitlines()) + "\r\n"
    if body.isascii() and all(len(line) <= 998 for line in body.split("\r\n")):
        encoding, payload = "7bit", body.encode("ascii")
    else:
        encoding = "quoted-printable"
        payload = quopri.encodestring(body.encode("utf-8")).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    headers = (
        f"From: {_sender(sender)}\r\n"
        f"To: {_address(delivery.address)}\r\n"
        f"Subject: {_header(delivery.subject)}\r\n"
        f"Date: {formatdate(localtime=False)}\r\n"
        f"Message-ID: {message_id(delivery)}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
    )
    # An address that is not ASCII (siân@...) is written as UTF-8 and sent with SMTPUTF8 (RFC 6531).
    return headers.encode("ascii" if headers.isascii() else "utf-8") + payload


class SmtpProvider:
    """Email through an SMTP relay over `connections` connections side by side, each kept open from
    batch to batch (a NOOP checks it before each batch; a dropped one is opened again): a batch is
    shared among them, so the round trips of one email (MAIL, RCPT, DATA, the text) overlap with
    another's instead of following them, and a busy dispatcher pays no TCP and SMTP handshake per
    batch. A relay takes several connections from one client as a matter of course."""

    channel = Channel.EMAIL

    def __init__(self, smtp_url: str, sender: str, timeout_s: float = 10.0, connections: int = 1) -> None:
        host, port = smtp_address(smtp_url)
        self._connections = [SmtpConnection(host, port, sender, timeout_s) for _ in range(max(1, connections))]
        self._pool = ThreadPoolExecutor(len(self._connections), "smtp") if len(self._connections) > 1 else None

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        """Each email's outcome, in order; an error is reported against the emails it stopped, not raised."""
        if self._pool is None or len(messages) < 2:
            return self._connections[0].send(messages)
        size = -(-len(messages) // len(self._connections))  # shares as even as the batch allows
        shares = [messages[start:start + size] for start in range(0, len(messages), size)]
        return [o for outcomes in self._pool.map(SmtpConnection.send, self._connections, shares) for o in outcomes]

    def close(self) -> None:
        for connection in self._connections:
            connection.close()


class SmtpConnection:
    """One connection to the relay, used by one thread at a time."""

    def __init__(self, host: str, port: int, sender: str, timeout_s: float) -> None:
        self.host, self.port = host, port
        self.sender = sender
        self.envelope_sender = parseaddr(sender)[1]
        self.timeout_s = timeout_s
        self._smtp: smtplib.SMTP | None = None

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        try:
            smtp = self._connection()
        except (OSError, smtplib.SMTPException) as exc:
            return [Outcome.failed(_reason(exc))] * len(messages)
        outcomes = [self._send_one(smtp, message.delivery) for message in messages]
        if any(o.result != Result.SENT for o in outcomes):
            self.close()  # the connection may be what failed: start afresh next time
        return outcomes

    def close(self) -> None:
        if self._smtp is not None:
            _hang_up(self._smtp)
            self._smtp = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            try:
                if self._smtp.noop()[0] == 250:
                    return self._smtp
            except (OSError, smtplib.SMTPException):
                pass
            self.close()
        self._smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
        return self._smtp

    def _send_one(self, smtp: smtplib.SMTP, delivery: Delivery) -> Outcome:
        try:
            email = to_email(delivery, self.sender)
        except (UnicodeError, ValueError) as exc:
            # This one email cannot be written: it fails on its own, and the rest of the batch goes.
            return Outcome.failed(f"{_reason(exc)} (to {delivery.address!r}, subject {delivery.subject!r})")
        try:
            options = [] if delivery.address.isascii() else ["SMTPUTF8"]
            if options:
                smtp.ehlo_or_helo_if_needed()
                if not smtp.has_extn("smtputf8"):
                    return Outcome.failed("the mail server does not take addresses that are not ASCII (SMTPUTF8)")
            smtp.sendmail(self.envelope_sender, [delivery.address], email, mail_options=options)
        except smtplib.SMTPRecipientsRefused as exc:
            # A permanent refusal (5xx) of the address: sending again cannot help.
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                return Outcome.gone(_reason(exc))
            return Outcome.failed(_reason(exc))
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome.failed(_reason(exc))
        return Outcome.sent()


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _hang_up(smtp: smtplib.SMTP) -> None:
    # The emails are already accepted or already failed: a failed goodbye changes neither.
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
