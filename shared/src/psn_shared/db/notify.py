"""Wake-ups after commit: NOTIFY on PostgreSQL, and the loops that sleep until one comes.

A unit of work NOTIFYs a channel right after it commits; a worker (the outbox relay, the email
dispatcher) LISTENs on it and runs a pass at once, with a periodic sweep as the safety net for
a lost notification. SQLite has no notifications: there the worker polls.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import Engine, event

from psn_shared.db.engine import is_postgres

log = logging.getLogger(__name__)


class _Notifier:
    """One autocommit connection per process and database that sends the wake-up NOTIFYs (and marks
    the events a process published itself right after its commit).

    A NOTIFY inside a transaction holds PostgreSQL's cluster-wide notify lock through the
    commit's WAL flush, serialising every writer; sent right after the commit on its own
    connection it is a cheap hint (and skips a pool checkout). If it is lost, or the process
    dies in between, the relay's periodic sweep still finds the rows.
    """

    def __init__(self, engine: Engine) -> None:
        self._dsn = engine.url.render_as_string(hide_password=False).replace("postgresql+psycopg://", "postgresql://")
        self._connection: Any = None
        self._lock = threading.Lock()

    def notify(self, channels: set[str]) -> None:
        import psycopg

        with self._lock:
            try:
                connection = self._connected()
                for channel in sorted(channels):
                    connection.execute(f"NOTIFY {channel}")
            except psycopg.Error:
                log.warning("could not send NOTIFY; the periodic sweep will catch up", exc_info=True)
                self._connection = None

    def mark_published(self, outbox: str, ids: list[str]) -> None:
        import psycopg

        with self._lock:
            try:
                # One statement in autocommit (the connection's commits do not wait for the WAL flush):
                # one round trip, not four (BEGIN, SET LOCAL, UPDATE, COMMIT).
                self._connected().execute(f"UPDATE {outbox} SET published_at = now() "
                                          "WHERE id = ANY(%s) AND published_at IS NULL", (ids,))
            except psycopg.Error:
                log.warning("could not mark events published; the relay's sweep sends them again", exc_info=True)
                self._connection = None

    def _connected(self) -> Any:
        import psycopg

        if self._connection is None or self._connection.closed:
            # Neither a NOTIFY nor a mark needs its commit flushed to disk: a NOTIFY lost in a crash is
            # made good by the relay's sweep, a mark lost only republishes events, which consumers discard.
            self._connection = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5,
                                               options="-c synchronous_commit=off")
        return self._connection

    def close(self) -> None:
        """With its engine: a connection left open would, for one, block cloning a template database."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


_notifiers: weakref.WeakKeyDictionary[Engine, _Notifier] = weakref.WeakKeyDictionary()


def _notifier(engine: Engine) -> _Notifier:
    notifier = _notifiers.get(engine)
    if notifier is None:
        notifier = _notifiers[engine] = _Notifier(engine)
        event.listen(engine, "engine_disposed", lambda _engine: notifier.close())
    return notifier


def wake(engine: Engine, channels: set[str]) -> None:
    _notifier(engine).notify(channels)


def mark_published(engine: Engine, outbox: str, ids: list[str]) -> None:
    """Mark outbox rows published (their events confirmed by the broker) on the same spare connection."""
    _notifier(engine).mark_published(outbox, ids)


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
        self, database_url: str, channel: str, stop: threading.Event | None = None
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


def run_woken(
    name: str,
    engine: Engine,
    channel: str,
    stop: threading.Event,
    one_pass: Callable[[], object],
    *,
    sweep_s: float,
    on_failure: Callable[[], None] = lambda: None,
) -> None:
    """Run `one_pass` now, then whenever `channel` is notified or `sweep_s` passes, until `stop`.

    A pass that raises (database or broker unreachable) is retried with a doubling back-off up
    to 5 s; nothing it did was committed, so the same work comes round again. `on_failure`
    lets the caller drop a connection that may be broken.
    """
    waiter = make_waiter(engine, channel, stop)
    backoff = 0.1
    log.info("%s started", name)
    try:
        while not stop.is_set():
            try:
                one_pass()
                backoff = 0.1
            except Exception:
                log.warning("%s pass failed; retrying in %.1fs", name, backoff, exc_info=True)
                on_failure()
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            waiter.wait(sweep_s)
    finally:
        waiter.close()
        log.info("%s stopped", name)
