"""The outbox relay: publishes committed outbox rows to RabbitMQ with publisher confirms.

A batch is claimed with `FOR UPDATE SKIP LOCKED` (so relays can run side by side), published
with its confirms in flight, and marked published only after the broker has acked every
message; any failure rolls the claim back and the rows go out on the next pass. A crash after
the acks and before the mark republishes the batch: consumers are idempotent, so that costs
nothing but a duplicate they discard.

Rows of a secret event type (a password-reset link) lose their envelope's data when they are marked
published: the broker has the event then, and the outbox need not keep the secret until the purge
(the rest of the envelope stays, for inspection).

On PostgreSQL the relay sleeps on LISTEN and wakes at the commit of any unit of work that
wrote an event (milliseconds), with a periodic sweep as the safety net; on SQLite it polls.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import amqp
from kombu import Connection
from sqlalchemy import Engine, bindparam, delete, select, update

from psn_shared.db import OUTBOX_CHANNEL, MessagingTables, is_postgres, utcnow
from psn_shared.db.notify import run_woken
from psn_shared.db.retention import RetentionRule, apply_retention
from psn_shared.db.unit_of_work import OutboxMessage
from psn_shared.events.envelope import CONTENT_TYPE
from psn_shared.messaging.broker import connect
from psn_shared.messaging.topology import Topology, declare_all
from psn_shared.tracing import SpanKind, exporting, record_span

log = logging.getLogger(__name__)


class PublishFailed(RuntimeError):
    """The broker nacked, or did not confirm in time: nothing in the batch is marked sent."""


class ConfirmingPublisher:
    """Publishes a batch on one channel in confirm mode, keeping every confirm in flight."""

    def __init__(self, amqp_url: str, topology: Topology, confirm_timeout: float = 10.0,
                 connect_timeout: float = 5.0) -> None:
        self.amqp_url = amqp_url
        self.topology = topology
        self.confirm_timeout = confirm_timeout
        self.connect_timeout = connect_timeout
        self._connection: Connection | None = None
        self._channel: Any = None
        self._unconfirmed: set[int] = set()
        self._nacked = False
        self._next_tag = 1

    def connect(self) -> None:
        if self._connection is not None:
            return
        connection = connect(self.amqp_url, connect_timeout=self.connect_timeout)
        channel = connection.channel()
        declare_all(channel, self.topology.namespace)
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        self._connection, self._channel, self._next_tag = connection, channel, 1

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None:
            try:
                connection.release()
            except Exception:  # the connection is already broken; nothing left to release
                log.debug("closing a broken broker connection", exc_info=True)

    def publish(self, messages: list[tuple[str, str, str, str | None]]) -> None:
        """Publish (id, routing_key, body, correlation_id) tuples; return once all are confirmed."""
        self.connect()
        self._unconfirmed.clear()
        self._nacked = False
        exchange = self.topology.exchange.name
        for message_id, routing_key, body, correlation_id in messages:
            message = amqp.Message(
                body,
                content_type=CONTENT_TYPE,
                delivery_mode=2,
                message_id=message_id,
                correlation_id=correlation_id,
                type=routing_key,
            )
            self._channel.basic_publish(message, exchange=exchange, routing_key=routing_key)
            self._unconfirmed.add(self._next_tag)
            self._next_tag += 1
        deadline = time.monotonic() + self.confirm_timeout
        while self._unconfirmed and not self._nacked:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishFailed(f"{len(self._unconfirmed)} messages unconfirmed after {self.confirm_timeout}s")
            self._connection.drain_events(timeout=remaining)
        if self._nacked:
            raise PublishFailed("the broker nacked a message")

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._unconfirmed.difference_update([t for t in self._unconfirmed if t <= delivery_tag])
        else:
            self._unconfirmed.discard(delivery_tag)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked = True


def _trace_published(rows: list[Any], started_ns: int) -> None:
    """A span per event, in the trace its envelope carries, from the batch's start to its confirms."""
    for row in rows:
        traceparent = json.loads(row.body).get("traceparent")
        if traceparent:
            record_span(f"{row.routing_key} publish", traceparent, SpanKind.PRODUCER, started_ns,
                        **{"messaging.message.id": row.id})


class PublisherAfterCommit:
    """Publishes a committing process's own events right after its commit (`psn_shared.db.publish_after_commit`).

    This spares each event the relay's hop (a NOTIFY, the relay waking, claiming the rows). It
    never holds up the process for long: short timeouts, and after a failure it steps aside for a
    while (the events go through the relay meanwhile) rather than retry the broker on every commit.
    """

    def __init__(self, publisher: ConfirmingPublisher, pause_after_failure_s: float = 5.0) -> None:
        self.publisher = publisher
        self.pause_after_failure_s = pause_after_failure_s
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def __call__(self, messages: list[OutboxMessage]) -> bool:
        with self._lock:
            if time.monotonic() < self._paused_until:
                return False
            started = time.time_ns()
            try:
                self.publisher.publish([(m.id, m.routing_key, m.body, m.correlation_id) for m in messages])
            except Exception:
                log.warning("could not publish after commit; the relay sends these events", exc_info=True)
                self.publisher.close()
                self._paused_until = time.monotonic() + self.pause_after_failure_s
                return False
            if exporting():
                _trace_published(messages, started)
            return True

    def close(self) -> None:
        with self._lock:
            self.publisher.close()


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        tables: MessagingTables,
        publisher: ConfirmingPublisher,
        *,
        batch_size: int = 500,
        sweep_s: float = 2.0,
        retention: timedelta = timedelta(days=7),
        inbox_retention: timedelta = timedelta(days=30),
        secret_types: frozenset[str] = frozenset(),
        retention_rules: Sequence[RetentionRule] = (),
    ) -> None:
        self.engine = engine
        self.retention_rules = retention_rules
        self.outbox = tables.outbox
        self.inbox = tables.inbox
        self.publisher = publisher
        self.batch_size = batch_size
        self.sweep_s = sweep_s
        self.retention = retention
        self.inbox_retention = inbox_retention
        self.secret_types = secret_types
        self._last_purge = 0.0

    def publish_pending(self) -> int:
        """Publish one batch of unpublished rows, oldest first; returns how many went out."""
        outbox = self.outbox
        with self.engine.begin() as conn:
            if is_postgres(self.engine):
                # Losing this mark in a crash only republishes the batch, which consumers discard.
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            rows = conn.execute(
                select(outbox.c.id, outbox.c.routing_key, outbox.c.body, outbox.c.correlation_id)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.created_at)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            started = time.time_ns()
            self.publisher.publish([tuple(row) for row in rows])
            if exporting():
                _trace_published(rows, started)
            conn.execute(
                update(outbox).where(outbox.c.id.in_([row.id for row in rows])).values(published_at=utcnow())
            )
            if secrets := [row for row in rows if row.routing_key in self.secret_types]:
                conn.execute(
                    update(outbox).where(outbox.c.id == bindparam("row_id")).values(body=bindparam("scrubbed")),
                    [{"row_id": row.id, "scrubbed": json.dumps({**json.loads(row.body), "data": None})}
                     for row in secrets],
                )
        return len(rows)

    def drain(self) -> int:
        total = 0
        while (published := self.publish_pending()) > 0:
            total += published
            if published < self.batch_size:
                break
        return total

    def purge(self) -> None:
        """Published outbox rows are kept a while for inspection, then removed; so are the inbox's
        ids of handled events, once no copy of the event can still be redelivered. The service's
        own personal data goes as its retention rules say (docs/retention.md)."""
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(delete(self.outbox).where(self.outbox.c.published_at < now - self.retention))
            conn.execute(delete(self.inbox).where(self.inbox.c.handled_at < now - self.inbox_retention))
        apply_retention(self.engine, self.retention_rules, now)

    def run(self, stop: threading.Event) -> None:
        try:
            run_woken("outbox relay", self.engine, OUTBOX_CHANNEL, stop, self._one_pass,
                      sweep_s=self.sweep_s, on_failure=self.publisher.close)
        finally:
            self.publisher.close()

    def _one_pass(self) -> None:
        self.publisher.connect()
        published = self.drain()
        if published:
            log.debug("published %d events", published)
        self._maybe_purge()

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge > 600:
            self.purge()
            self._last_purge = time.monotonic()
