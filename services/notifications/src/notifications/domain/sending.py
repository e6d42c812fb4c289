"""The one interface every channel's provider implements, and what it reports for each message.

A provider sends a batch of messages on its channel (SMTP reuses one connection for the batch; the
HTTP ones reuse one session) and says, for each, in order: sent (the provider accepted it),
failed (with the reason; retried with backoff), or gone (the address no longer exists: a push
subscription expired, an app uninstalled; never retried, and the device is forgotten).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from notifications.domain.model import Channel, Delivery, Device


@dataclass(frozen=True)
class Message:
    """A delivery ready to send, with the device it goes to when it is a push."""

    delivery: Delivery
    device: Device | None = None


class Result(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    GONE = "gone"


@dataclass(frozen=True)
class Outcome:
    result: Result
    reason: str | None = None

    @classmethod
    def sent(cls) -> Outcome:
        return cls(Result.SENT)

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        return cls(Result.FAILED, reason)

    @classmethod
    def gone(cls, reason: str) -> Outcome:
        return cls(Result.GONE, reason)


class Provider(Protocol):
    """Sends messages on one channel; errors are reported per message, never raised."""

    channel: Channel

    def send(self, messages: Sequence[Message]) -> list[Outcome]: ...
