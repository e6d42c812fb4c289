"""The outbox relay: publishes committed outbox rows to RabbitMQ with publisher confirms.

A batch is claimed with `FOR UPDATE SKIP LOCKED` (so relays can run side by side), published
with its confirms in flight, and marked published only after the broker has acked every
message; any failure rolls the claim back and the rows go out on the next pass. A crash after
the acks and before the mark republishes the batch: consumers are idempotent, so that costs
nothing but a duplicate they discard.

On PostgreSQL the relay sleeps on LISTEN and wakes at the commit of any unit of work that
wrote an event (milliseconds), with a periodic sweep as the safety net; on SQLite it polls.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any, Protocol

import amqp
from kombu import Connection
from sqlalchemy import Engine, delete, select, update

from psn_shared.db import OUTBOX_CHANNEL, MessagingTables, is_postgres, utcnow
from psn_shared.events.envelope import CONTENT_TYPE
from psn_shared.messaging.topology import Topology, declare_all

log = logging.getLogger(__name__)


class PublishFailed(RuntimeError):
    """The broker nacked, or did not confirm in time: nothing in the batch is marked sent."""


class Waiter(Protocol):
    def wait(self, timeout: float) -> None: ...

    def close(self) -> None: ...


class PollingWaiter:
    """SQLite has no LISTEN: poll briefly (and not at all once `stop` is set)."""

    def __init__(self, interval: float = 0.05, stop: threading.Event | None = None) -> None:
        self.interval = interval
        self._stop = stop or threading.Event()

    def wait(self, timeout: float) -> None:
        self._stop.wait(min(self.interval, timeout))

    def close(self) -> None:
        pass


class NotifyWaiter:
    """Wakes on a NOTIFY (sent by a unit of work at commit), or after the sweep interval.

    Given `stop`, it listens in slices of at most STOP_SLICE_S and returns as soon as it sees
    `stop` set, so a relay or dispatcher asked to shut down need not sit out its sweep.
    """

    STOP_SLICE_S = 0.5

    def __init__(
        self, database_url: str, channel: str = OUTBOX_CHANNEL, stop: threading.Event | None = None
    ) -> None:
        self._dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
        self._channel = channel
        self._stop = stop
        self._conn: Any = None

    def wait(self, timeout: float) -> None:
        import psycopg

        try:
            if self._conn is None:
                self._conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
                self._conn.execute(f"LISTEN {self._channel}")
                return  # rows may have been committed while nobody listened: sweep now
            self._listen(timeout)
            # Coalesce notifications that arrived meanwhile: one pass publishes them all.
            for _ in self._conn.notifies(timeout=0.0):
                pass
        except psycopg.Error:
            log.warning("lost the LISTEN connection; polling until it is back", exc_info=True)
            self.close()
            if self._stop is None:
                time.sleep(min(timeout, 1.0))
            else:
                self._stop.wait(min(timeout, 1.0))

    def _listen(self, timeout: float) -> None:
        """Until one notification arrives, `timeout` passes or `stop` is set."""
        if self._stop is None:
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                pass
            return
        deadline = time.monotonic() + timeout
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            woken = False
            for _ in self._conn.notifies(timeout=min(remaining, self.STOP_SLICE_S), stop_after=1):
                woken = True
            if woken:
                return

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()


def make_waiter(engine: Engine, channel: str, stop: threading.Event | None = None) -> Waiter:
    """LISTEN on PostgreSQL; a short poll on SQLite, which has no notifications.

    With `stop`, waiting ends (within half a second on PostgreSQL) once the event is set.
    """
    if is_postgres(engine):
        return NotifyWaiter(engine.url.render_as_string(hide_password=False), channel, stop)
    return PollingWaiter(stop=stop)


class ConfirmingPublisher:
    """Publishes a batch on one channel in confirm mode, keeping every confirm in flight."""

    def __init__(self, amqp_url: str, topology: Topology, confirm_timeout: float = 10.0) -> None:
        self.amqp_url = amqp_url
        self.topology = topology
        self.confirm_timeout = confirm_timeout
        self._connection: Connection | None = None
        self._channel: Any = None
        self._unconfirmed: set[int] = set()
        self._nacked = False
        self._next_tag = 1

    def connect(self) -> None:
        if self._connection is not None:
            return
        connection = Connection(self.amqp_url, connect_timeout=5, heartbeat=0)
        connection.connect()
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
    ) -> None:
        self.engine = engine
        self.outbox = tables.outbox
        self.publisher = publisher
        self.batch_size = batch_size
        self.sweep_s = sweep_s
        self.retention = retention
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
            self.publisher.publish([tuple(row) for row in rows])
            conn.execute(
                update(outbox).where(outbox.c.id.in_([row.id for row in rows])).values(published_at=utcnow())
            )
        return len(rows)

    def drain(self) -> int:
        total = 0
        while (published := self.publish_pending()) > 0:
            total += published
            if published < self.batch_size:
                break
        return total

    def purge_published(self) -> None:
        """Published rows are kept a while for inspection, then removed."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(self.outbox).where(self.outbox.c.published_at < utcnow() - self.retention)
            )

    def run(self, stop: threading.Event) -> None:
        waiter = make_waiter(self.engine, OUTBOX_CHANNEL, stop)
        backoff = 0.1
        log.info("outbox relay started")
        try:
            while not stop.is_set():
                try:
                    self.publisher.connect()
                    published = self.drain()
                    if published:
                        log.debug("published %d events", published)
                    self._maybe_purge()
                    backoff = 0.1
                except Exception:
                    log.warning("relay pass failed; retrying in %.1fs", backoff, exc_info=True)
                    self.publisher.close()
                    stop.wait(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                waiter.wait(self.sweep_s)
        finally:
            waiter.close()
            self.publisher.close()
            log.info("outbox relay stopped")

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge > 600:
            self.purge_published()
            self._last_purge = time.monotonic()
