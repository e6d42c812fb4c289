"""The local copy of staff, the in-app inbox and email deliveries: notifications' rules in plain Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from psn_shared.events.contracts import StaffSnapshot
from psn_shared.staff_copy import StaffCopy as SharedStaffCopy


class Channel(StrEnum):
    EMAIL = "email"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False, kw_only=True)
class StaffCopy(SharedStaffCopy):
    """What notifications knows of a person: the shared copy, and the address to email them at."""

    email: str = ""

    def take(self, snapshot: StaffSnapshot) -> None:
        super().take(snapshot)
        self.email = snapshot.email


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
    id: str = field(default_factory=new_id)

    def mark_sent(self, at: datetime) -> None:
        self.attempts += 1
        self.status = DeliveryStatus.SENT
        self.sent_at = at
        self.last_error = None

    def record_failure(self, error: str, at: datetime, retry_delays_s: tuple[float, ...]) -> None:
        """Try again after the next delay; once the delays are used up, give up for good."""
        self.attempts += 1
        self.last_error = error[:1000]
        if self.attempts > len(retry_delays_s):
            self.status = DeliveryStatus.FAILED
        else:
            self.next_attempt_at = at + timedelta(seconds=retry_delays_s[self.attempts - 1])
