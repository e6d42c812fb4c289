"""The local copy of staff, the in-app inbox and email deliveries: notifications' rules in plain Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from psn_shared.events.contracts import StaffSnapshot
from psn_shared.staff_copy import StaffCopy as SharedStaffCopy


class Channel(StrEnum):
    """The ways out of the building a delivery takes (the in-app inbox is not one: it is a table here)."""

    EMAIL = "email"
    SMS = "sms"
    WEB_PUSH = "web_push"
    MOBILE_PUSH = "mobile_push"


PUSH_CHANNELS = frozenset({Channel.WEB_PUSH, Channel.MOBILE_PUSH})


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    # A later link of a must-deliver message's fallback chain: sent only if the earlier ones fail,
    # and cancelled (never sent) once one of them is confirmed.
    STANDBY = "standby"
    CANCELLED = "cancelled"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False, kw_only=True)
class StaffCopy(SharedStaffCopy):
    """What notifications knows of a person: the shared copy, and the address to email them at."""

    email: str = ""
    phone: str | None = None  # for text messages, from identity's record

    def take(self, snapshot: StaffSnapshot) -> None:
        super().take(snapshot)
        self.email = snapshot.email
        self.phone = snapshot.phone or None


@dataclass(eq=False)
class InboxEntry:
    """One message in a person's in-app inbox."""

    recipient_id: str
    event_id: str
    kind: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None = None
    critical: bool = False
    id: str = field(default_factory=new_id)

    @property
    def read(self) -> bool:
        return self.read_at is not None

    def mark_read(self, at: datetime) -> None:
        """Reading twice keeps the first time it was read."""
        if self.read_at is None:
            self.read_at = at


@dataclass(eq=False)
class Delivery:
    """One message to send over an outbound channel, and how sending it has gone so far."""

    event_id: str
    recipient_id: str
    channel: Channel
    address: str
    subject: str
    body: str
    created_at: datetime
    next_attempt_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    kind: str | None = None
    category: str | None = None
    # Critical messages pass quiet hours and must be delivered: they belong to a fallback chain
    # (chain_id, this delivery's step in it), and confirm_by is when this step must be confirmed.
    critical: bool = False
    chain_id: str | None = None
    step: int | None = None
    confirm_by: datetime | None = None
    held_until: datetime | None = None  # set while quiet hours (or the digest) hold it back
    digest: bool = False  # goes out in the person's daily digest rather than alone
    # A reminder's: what it reminds of ("conversation:<id>"), so moving or cancelling that withdraws it while it
    # waits. A reminder's, a booking's, times offered: the start, after which it would only confuse.
    regarding: str | None = None
    stale_after: datetime | None = None
    id: str = field(default_factory=new_id)

    @property
    def awaiting_confirmation(self) -> bool:
        return self.confirm_by is not None

    def mark_sent(self, at: datetime) -> None:
        """Accepted by the provider. For email and text that is the confirmation a fallback waits for;
        a push is confirmed only when the person opens it (see `confirm`)."""
        self.attempts += 1
        self.status = DeliveryStatus.SENT
        self.sent_at = at
        self.last_error = None
        if self.channel not in PUSH_CHANNELS:
            self.confirm_by = None

    def confirm(self) -> None:
        self.confirm_by = None

    def activate(self, at: datetime, confirm_by: datetime) -> None:
        """A standby link's turn: due at once, to be confirmed by `confirm_by`."""
        self.status = DeliveryStatus.PENDING
        self.next_attempt_at = at
        self.confirm_by = confirm_by

    def cancel(self) -> None:
        """An earlier link was confirmed: this one is not needed, and its text is not kept."""
        self.status = DeliveryStatus.CANCELLED
        self.body = ""

    def stale_by(self, at: datetime) -> bool:
        """Whether sending at `at` would be too late: a reminder arriving once its meeting has begun."""
        return self.stale_after is not None and at >= self.stale_after

    def withdraw(self, reason: str) -> None:
        """Not to be sent after all (what it reminds of moved, was cancelled or has begun); no attempt is made."""
        self.status = DeliveryStatus.CANCELLED
        self.body = ""
        self.confirm_by = None
        self.last_error = reason[:1000]

    def hold(self, until: datetime) -> None:
        """Not now (quiet hours, or waiting for the digest): due again at `until`, no attempt spent."""
        self.next_attempt_at = until
        self.held_until = until

    def record_failure(self, error: str, at: datetime, retry_delays_s: tuple[float, ...],
                       *, final: bool = False) -> None:
        """Try again after the next delay; once the delays are used up, or when retrying cannot help
        (`final`: the address is gone), give up for good."""
        self.attempts += 1
        self.last_error = error[:1000]
        if final or self.attempts > len(retry_delays_s):
            self.give_up()
        else:
            self.next_attempt_at = at + timedelta(seconds=retry_delays_s[self.attempts - 1])

    def give_up(self, reason: str | None = None) -> None:
        self.status = DeliveryStatus.FAILED
        self.confirm_by = None
        if reason:
            self.last_error = reason[:1000]

    @property
    def given_up(self) -> bool:
        return self.status == DeliveryStatus.FAILED


@dataclass(eq=False)
class Attempt:
    """One try at sending a delivery and how it went (`sent`, `failed`, `gone`), kept beside the
    delivery so its log shows every attempt, not only the last error."""

    delivery_id: str
    number: int
    at: datetime
    result: str
    reason: str | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def of(cls, delivery: Delivery, at: datetime, result: str, reason: str | None) -> Attempt:
        return cls(delivery_id=delivery.id, number=delivery.attempts, at=at, result=result,
                   reason=reason[:1000] if reason else None)


class DeviceKind(StrEnum):
    WEB_PUSH = "web_push"  # a browser or installed web app: a Web Push subscription
    MOBILE = "mobile"  # the mobile app: a Firebase Cloud Messaging registration token


class Platform(StrEnum):
    ANDROID = "android"
    IOS = "ios"


@dataclass(eq=False, kw_only=True)
class Device:
    """Somewhere a person gets push notifications: a web push subscription or a mobile app's token.

    `address` is the subscription's endpoint, or the token; `p256dh` and `auth` are the
    subscription's keys, which encrypt what is pushed to it (RFC 8291).
    """

    staff_id: str
    kind: DeviceKind
    address: str
    created_at: datetime
    p256dh: str | None = None
    auth: str | None = None
    platform: str | None = None
    id: str = field(default_factory=new_id)

    @property
    def channel(self) -> Channel:
        return Channel.WEB_PUSH if self.kind == DeviceKind.WEB_PUSH else Channel.MOBILE_PUSH
