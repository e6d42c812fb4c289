"""The dispatcher: its use cases (send one batch of due deliveries; move on the fallback chains whose
deadline passed) and its loop, which does both, then sleeps until a handler queues more.

A unit of work that queues a delivery NOTIFYs `psn_deliveries` at commit, which wakes the
dispatcher at once on PostgreSQL; the sweep (every `sweep_s`) picks up retries, held messages
and the deadlines of must-deliver messages as they fall due, and anything queued while the
dispatcher was down.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy import Engine

from notifications.domain.model import PUSH_CHANNELS, Attempt, Channel, Delivery
from notifications.domain.preferences import Preferences
from notifications.domain.sending import Message, Outcome, Provider, Result
from notifications.service_layer import delivering
from notifications.service_layer.uow import DELIVERIES_CHANNEL, NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.db.notify import run_woken

log = logging.getLogger(__name__)

Providers = Mapping[Channel, Provider]
STALE = "not sent: what it is about would have begun before it could go"


def dispatch_due(providers: Providers, limit: int, retry_delays_s: tuple[float, ...],
                 uow: NotificationsUnitOfWork, *, now: datetime | None = None) -> int:
    """Send one batch of due deliveries and record each outcome; returns how many were taken.

    What quiet hours cover is held until they end instead (critical messages are not held); the
    digest's emails due together go as one. The rows stay locked while they are sent, so
    dispatchers side by side never send the same one. A crash before the commit sends the batch
    again (for email, under the same Message-IDs).
    """
    now = now or utcnow()
    due = uow.deliveries.claim_due(now, limit)
    if not due:
        return 0
    preferences = _preferences(due, uow)
    to_send = []
    for delivery in due:
        quiet_until = None if delivery.critical else preferences[delivery.recipient_id].quiet_until(now)
        if delivery.stale_by(quiet_until or now):
            # "In an hour", or "choose a time", arriving after the start, would only mislead.
            delivery.withdraw(STALE)
        elif quiet_until is not None:
            delivery.hold(quiet_until)
        else:
            to_send.append(delivery)
    by_channel: dict[Channel, list[Delivery]] = defaultdict(list)
    digests: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in to_send:
        if delivery.digest:
            digests[delivery.recipient_id].append(delivery)
        else:
            by_channel[delivery.channel].append(delivery)
    for channel, batch in by_channel.items():
        _send(providers.get(channel), channel, batch, retry_delays_s, uow)
    for recipient_id, collected in digests.items():
        _send_digest(providers.get(Channel.EMAIL), collected, preferences[recipient_id], retry_delays_s, uow)
    uow.commit()
    return len(due)


def escalate_unconfirmed(limit: int, uow: NotificationsUnitOfWork, *, now: datetime | None = None) -> int:
    """Must-deliver messages whose current channel was not confirmed by its deadline: the next
    channel, or the alert; returns how many deliveries were looked at."""
    now = now or utcnow()
    overdue = uow.deliveries.claim_unconfirmed(now, limit)
    for chain_id in dict.fromkeys(d.chain_id for d in overdue if d.chain_id):
        delivering.advance(chain_id, now, uow)
    uow.commit()
    return len(overdue)


def _preferences(due: list[Delivery], uow: NotificationsUnitOfWork) -> dict[str, Preferences]:
    recipients = list(dict.fromkeys(d.recipient_id for d in due))
    chosen = uow.preferences.of_people(recipients)
    language = delivering.settings().default_language
    return {r: chosen.get(r) or Preferences.defaults(r, language) for r in recipients}


def _send(provider: Provider | None, channel: Channel, batch: list[Delivery], retry_delays_s: tuple[float, ...],
          uow: NotificationsUnitOfWork) -> None:
    if provider is None:
        outcomes = [Outcome.gone(f"no provider is configured for {channel}")] * len(batch)
    else:
        messages = [Message(d, uow.devices.get(d.address) if channel in PUSH_CHANNELS else None) for d in batch]
        outcomes = _sent_by(provider, channel, messages)
    for delivery, outcome in zip(batch, outcomes, strict=True):
        _record(delivery, outcome, retry_delays_s, uow)


def _sent_by(provider: Provider, channel: Channel, messages: list[Message]) -> list[Outcome]:
    """A provider reports each message's outcome; one that raises instead fails its batch, which is
    retried like any failure, rather than stopping every dispatcher pass (and every other message)."""
    try:
        return provider.send(messages)
    except Exception as exc:
        log.exception("the %s provider raised instead of reporting; its batch of %d is retried", channel,
                      len(messages))
        return [Outcome.failed(f"{type(exc).__name__}: {exc}")] * len(messages)


def _send_digest(provider: Provider | None, collected: list[Delivery], preferences: Preferences,
                 retry_delays_s: tuple[float, ...], uow: NotificationsUnitOfWork) -> None:
    """The day's collected emails as one: the first's id (so its Message-ID), all the texts."""
    first = collected[0]
    subject, body = delivering.digest_text([(d.subject, d.body) for d in collected], preferences.language)
    combined = Delivery(
        event_id=first.event_id, recipient_id=first.recipient_id, channel=Channel.EMAIL, address=first.address,
        subject=subject, body=body, created_at=first.created_at, next_attempt_at=first.next_attempt_at,
        id=first.id,
    )
    if provider is None:
        outcome = Outcome.gone("no provider is configured for email")
    else:
        outcome = _sent_by(provider, Channel.EMAIL, [Message(combined)])[0]
    for delivery in collected:
        _record(delivery, outcome, retry_delays_s, uow)


def _record(delivery: Delivery, outcome: Outcome, retry_delays_s: tuple[float, ...],
            uow: NotificationsUnitOfWork) -> None:
    """The outcome on the delivery, and in its log as one more attempt."""
    now = utcnow()
    if outcome.result == Result.SENT:
        delivery.mark_sent(now)
        uow.deliveries.log_attempt(Attempt.of(delivery, now, outcome.result.value, None))
        # Once it went, the text is the recipient's: the log keeps whether and when, not what
        # (a password-reset email's body is a live link). Unsent ones keep it for the retry.
        delivery.body = ""
        return
    log.warning("%s %s to %s %s: %s", delivery.channel, delivery.id, delivery.recipient_id,
                outcome.result, outcome.reason)
    delivery.record_failure(outcome.reason or outcome.result, now, retry_delays_s,
                            final=outcome.result == Result.GONE)
    uow.deliveries.log_attempt(Attempt.of(delivery, now, outcome.result.value, outcome.reason))
    if outcome.result == Result.GONE and delivery.channel in PUSH_CHANNELS:
        device = uow.devices.get(delivery.address)
        if device is not None:
            uow.devices.remove(device)
    if delivery.given_up and delivery.chain_id:
        delivering.advance(delivery.chain_id, utcnow(), uow)


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        uow_factory: Callable[[], NotificationsUnitOfWork],
        providers: Providers,
        *,
        retry_delays_s: tuple[float, ...],
        batch_size: int = 100,
        sweep_s: float = 1.0,
    ) -> None:
        self.engine = engine
        self.uow_factory = uow_factory
        self.providers = providers
        self.retry_delays_s = retry_delays_s
        self.batch_size = batch_size
        self.sweep_s = sweep_s

    def drain(self) -> int:
        """Dispatch batches until nothing is due, then move on overdue fallback chains; returns how
        many deliveries were taken."""
        total = 0
        while True:
            with self.uow_factory() as uow:
                taken = dispatch_due(self.providers, self.batch_size, self.retry_delays_s, uow)
            total += taken
            if taken < self.batch_size:
                break
        while True:
            with self.uow_factory() as uow:
                looked_at = escalate_unconfirmed(self.batch_size, uow)
            if looked_at < self.batch_size:
                return total

    def run(self, stop: threading.Event) -> None:
        """Drain now, then whenever a commit queues a delivery or `sweep_s` passes, until `stop`.

        A pass that fails (the database unreachable, a batch not recorded) marked nothing, so the
        same deliveries come round again after the shared back-off.
        """
        run_woken("dispatcher", self.engine, DELIVERIES_CHANNEL, stop, self.drain, sweep_s=self.sweep_s)
