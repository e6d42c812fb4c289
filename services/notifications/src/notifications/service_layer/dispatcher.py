"""The email dispatcher: its use case (send one batch of due emails, then commit) and its loop, which
sends what is due, then sleeps until a handler queues more.

A unit of work that queues an email NOTIFYs `psn_deliveries` at commit, which wakes the
dispatcher at once on PostgreSQL; the sweep (every `sweep_s`) picks up retries as they fall
due, and anything queued while the dispatcher was down.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from notifications.domain.model import Delivery
from notifications.service_layer.uow import DELIVERIES_CHANNEL, NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.db.notify import run_woken

log = logging.getLogger(__name__)

# Sends a batch of emails; returns, for each, None when it went or the error that stopped it.
Send = Callable[[list[Delivery]], list[Exception | None]]


def dispatch_due(send: Send, limit: int, retry_delays_s: tuple[float, ...], uow: NotificationsUnitOfWork) -> int:
    """Send one batch of due emails and record each outcome; returns how many were attempted.

    The rows stay locked while they are sent, so dispatchers side by side never send the same
    one. A crash before the commit sends the batch again, under the same Message-IDs.
    """
    due = uow.deliveries.claim_due(utcnow(), limit)
    if not due:
        return 0
    for delivery, error in zip(due, send(due), strict=True):
        if error is None:
            delivery.mark_sent(utcnow())
            # Once it went, the text is the recipient's: the log keeps whether and when, not what
            # (a password-reset email's body is a live link). Unsent ones keep it for the retry.
            delivery.body = ""
        else:
            log.warning("email %s to %s failed: %s", delivery.id, delivery.recipient_id, error)
            delivery.record_failure(f"{type(error).__name__}: {error}", utcnow(), retry_delays_s)
    uow.commit()
    return len(due)


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        uow_factory: Callable[[], NotificationsUnitOfWork],
        send: Send,
        *,
        retry_delays_s: tuple[float, ...],
        batch_size: int = 20,
        sweep_s: float = 1.0,
    ) -> None:
        self.engine = engine
        self.uow_factory = uow_factory
        self.send = send
        self.retry_delays_s = retry_delays_s
        self.batch_size = batch_size
        self.sweep_s = sweep_s

    def drain(self) -> int:
        """Dispatch batches until nothing is due; returns how many emails were attempted."""
        total = 0
        while True:
            with self.uow_factory() as uow:
                attempted = dispatch_due(self.send, self.batch_size, self.retry_delays_s, uow)
            total += attempted
            if attempted < self.batch_size:
                return total

    def run(self, stop: threading.Event) -> None:
        """Drain now, then whenever a commit queues an email or `sweep_s` passes, until `stop`.

        A pass that fails (the database unreachable, a batch not recorded) marked nothing, so the
        same emails come round again after the shared back-off.
        """
        run_woken("email dispatcher", self.engine, DELIVERIES_CHANNEL, stop, self.drain, sweep_s=self.sweep_s)
