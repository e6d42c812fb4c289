"""The email dispatcher's loop: send what is due, then sleep until a handler queues more.

A unit of work that queues an email NOTIFYs `psn_deliveries` at commit, which wakes the
dispatcher at once on PostgreSQL; the sweep (every `sweep_s`) picks up retries as they fall
due, and anything queued while the dispatcher was down.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from notifications.service_layer import services
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.messaging.relay import make_waiter

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        uow_factory: Callable[[], NotificationsUnitOfWork],
        send: services.Send,
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
                attempted = services.dispatch_due(
                    uow, self.send, limit=self.batch_size, retry_delays_s=self.retry_delays_s
                )
            total += attempted
            if attempted < self.batch_size:
                return total

    def run(self, stop: threading.Event) -> None:
        waiter = make_waiter(self.engine, services.DELIVERIES_CHANNEL, stop)
        backoff = 0.1
        log.info("email dispatcher started")
        try:
            while not stop.is_set():
                try:
                    self.drain()
                    backoff = 0.1
                except Exception:
                    # The database is unreachable or a batch could not be recorded: nothing was
                    # marked, so the same emails come round again.
                    log.warning("dispatch pass failed; retrying in %.1fs", backoff, exc_info=True)
                    stop.wait(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                waiter.wait(self.sweep_s)
        finally:
            waiter.close()
            log.info("email dispatcher stopped")
