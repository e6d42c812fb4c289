"""The idempotent event consumer every service's worker runs.

Messages are taken in batches (whatever the prefetch has ready, up to `batch_size`; with a
`linger_s`, whatever else arrives that long after the first) and applied in one database
transaction: the handlers' effects and the inbox rows "event X handled" commit together, and
only then are the messages acked. A redelivered or twice-published event finds its inbox row
and is acked without effect.

When a handler raises, the batch is rolled back and its events are applied one per
transaction, so only the failing one is re-published to the next delay queue (backoff) and
acked; after the last delay it goes to the dead-letter queue. A message that is not a valid
event goes straight to the dead-letter queue. Neither blocks the queue. While the database
is unreachable the batch is held (unacked) and retried.

Several copies of a consumer may run on one queue. Events about one subject (a person) can
then reach two copies at once, and out of order: each transaction first takes a lock per subject
in its batch, so two copies never read and write one person's state side by side, and the
handlers' own rules (a staff copy's `as_of` clocks) make the later-applied older news change
nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import amqp
from kombu import Connection, Consumer
from kombu.message import Message
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError

from psn_shared import failpoints
from psn_shared.db import UnitOfWork
from psn_shared.events import Envelope, MalformedEvent
from psn_shared.logs import set_correlation_id
from psn_shared.messaging.broker import connect
from psn_shared.messaging.topology import Topology
from psn_shared.tracing import SpanKind, span_continuing

log = logging.getLogger(__name__)

Handler = Callable[[Envelope, Any], None]
ATTEMPTS_HEADER = "x-psn-attempts"
ERROR_HEADER = "x-psn-error"
DATABASE_DOWN = (OperationalError, InterfaceError)


@dataclass
class _Failure:
    message: Message
    reason: str
    retryable: bool


class EventConsumer:
    def __init__(
        self,
        *,
        amqp_url: str,
        topology: Topology,
        uow_factory: Callable[[], UnitOfWork],
        handlers: dict[str, Handler],
        prefetch: int = 200,
        batch_size: int = 100,
        linger_s: float = 0.0,
        failpoints_dir: str | None = None,
    ) -> None:
        self.amqp_url = amqp_url
        self.topology = topology
        self.uow_factory = uow_factory
        self.handlers = handlers
        self.prefetch = prefetch
        self.batch_size = batch_size
        self.linger_s = linger_s
        self.failpoints_dir = failpoints_dir
        self.ready = threading.Event()

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set, reconnecting after any broker failure."""
        backoff = 0.2
        while not stop.is_set():
            try:
                with connect(self.amqp_url, heartbeat=30) as connection:
                    backoff = 0.2
                    self._consume(connection, stop)
            except Exception:
                self.ready.clear()
                if stop.is_set():
                    break
                log.warning("consumer lost its broker connection; reconnecting in %.1fs", backoff, exc_info=True)
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
        log.info("consumer stopped")

    def _consume(self, connection: Connection, stop: threading.Event) -> None:
        channel = connection.channel()
        queue = self.topology.service_queue(self.handlers)
        self.topology.exchange(channel).declare()
        queue(channel).declare()
        self.topology.dead_letter_queue()(channel).declare()
        for retry_queue in self.topology.retry_queues():
            retry_queue(channel).declare()
        channel.basic_qos(0, self.prefetch, False)
        publish_channel = connection.channel()

        delivered: list[Message] = []
        consumer = Consumer(channel, queues=[queue], on_message=delivered.append, no_ack=False)
        consumer.consume()
        self.ready.set()
        log.info("consuming %s", queue.name)
        while not stop.is_set():
            # Messages can arrive while the last batch was handled (a rerouting publish waits
            # for its confirm, reading the connection): handle those now, not after the next one.
            if not delivered:
                try:
                    connection.drain_events(timeout=1.0)
                except TimeoutError:
                    connection.heartbeat_check()
                    continue
            self._gather(connection, delivered)
            connection.heartbeat_check()  # a busy consumer never idles long enough to beat otherwise
            batch = delivered[:]
            delivered.clear()
            self._handle(batch, publish_channel, connection, stop)
        consumer.cancel()

    def _gather(self, connection: Connection, delivered: list[Message]) -> None:
        """Take what else is ready, up to `batch_size`, waiting at most `linger_s` for more.

        A consumer that keeps up would otherwise take its events one or two at a time, and a batch's
        fixed cost (the claim, the reads ahead, the commit) is paid by each: lingering a few
        milliseconds lets a steady stream share it. A backlog fills the batch at once, without waiting.
        """
        until = time.monotonic() + self.linger_s
        while len(delivered) < self.batch_size:
            try:
                connection.drain_events(timeout=max(0.0, until - time.monotonic()))
            except TimeoutError:
                return

    def _handle(
        self, batch: list[Message], publish_channel: Any, connection: Connection, stop: threading.Event
    ) -> None:
        events: list[tuple[Message, Envelope]] = []
        failures: list[_Failure] = []
        for message in batch:
            try:
                events.append((message, Envelope.from_json(message.body)))
            except MalformedEvent as exc:
                failures.append(_Failure(message, f"malformed: {exc}", retryable=False))

        failures += self._apply_holding_on(events, connection, stop)
        failpoints.hit(self.failpoints_dir, f"{self.topology.service}-consumer-after-commit")
        failed = {id(f.message) for f in failures}
        for failure in failures:
            self._reroute(failure, publish_channel)
            failure.message.ack()
        for message, _ in events:
            if id(message) not in failed:
                message.ack()

    def _apply_holding_on(
        self, events: list[tuple[Message, Envelope]], connection: Connection, stop: threading.Event
    ) -> list[_Failure]:
        """Apply the batch; while the database is down, hold the messages and try again."""
        backoff = 0.2
        while True:
            try:
                self._apply(events)
                return []
            except Exception as exc:
                if stop.is_set():
                    raise
                # A connection that died under us (a database restart) is worth one more try at once.
                if isinstance(exc, DATABASE_DOWN) and (exc.connection_invalidated or not self._database_answers()):
                    log.warning("database unavailable; holding %d events, retry in %.1fs", len(events), backoff)
                    stop.wait(backoff)
                    connection.heartbeat_check()
                    backoff = min(backoff * 2, 5.0)
                    continue
                if len(events) == 1:
                    message, event = events[0]
                    log.warning("handler for %s %s failed", event.type, event.id, exc_info=True)
                    return [_Failure(message, f"{type(exc).__name__}: {exc}", retryable=True)]
                # Something in the batch failed: find it by applying the events one by one.
                return [f for single in events for f in self._apply_holding_on([single], connection, stop)]

    def _database_answers(self) -> bool:
        try:
            with self.uow_factory() as uow:
                uow.session.execute(text("SELECT 1"))
            return True
        except DATABASE_DOWN:
            return False

    def _apply(self, events: list[tuple[Message, Envelope]]) -> None:
        """All events of a batch and their inbox rows in one transaction; any failure undoes it all."""
        if not events:
            return
        started = time.perf_counter()
        with self.uow_factory() as uow:
            unique = list({event.id: event for _, event in events}.values())
            fresh = uow.claim(unique)  # on PostgreSQL it also locks the events' subjects (see the module's doc)
            for event in unique:
                if event.id not in fresh:
                    log.info("duplicate %s %s ignored", event.type, event.id)
                    continue
                handler = self.handlers.get(event.type)
                if handler is not None:
                    set_correlation_id(event.correlationid)
                    try:
                        # The events the handler publishes carry this span: the trace goes on.
                        with span_continuing(f"{event.type} process", event.traceparent, SpanKind.CONSUMER,
                                             **{"messaging.message.id": event.id}):
                            handler(event, uow)
                    finally:
                        set_correlation_id(None)
            uow.commit()
        log.debug("applied %d events in %.1f ms", len(events), (time.perf_counter() - started) * 1000)

    def _reroute(self, failure: _Failure, publish_channel: Any) -> None:
        """Send a failed message to its next delay queue, or to the dead-letter queue."""
        message = failure.message
        headers = dict(message.headers or {})
        attempts = int(headers.get(ATTEMPTS_HEADER, 1))
        if failure.retryable and attempts < self.topology.max_attempts:
            target = self.topology.retry_queue_name(attempts)
        else:
            target = self.topology.dead_letter_queue_name
        headers[ATTEMPTS_HEADER] = attempts + 1
        headers[ERROR_HEADER] = failure.reason[:1000]
        properties = message.properties
        copy = amqp.Message(
            message.body,
            content_type=message.content_type,
            delivery_mode=2,
            message_id=properties.get("message_id"),
            correlation_id=properties.get("correlation_id"),
            type=properties.get("type"),
            application_headers=headers,
        )
        publish_channel.basic_publish_confirm(copy, exchange="", routing_key=target)
        log.warning("event rerouted to %s: %s", target, failure.reason)
