"""Waiting at start-up for what a process needs: its PostgreSQL database and, for some, RabbitMQ.

Under an orchestrator a process that cannot reach its dependencies should not sit half-alive:
it waits a bounded time (`DEPENDENCY_TIMEOUT_S`, 60 s by default), retrying with back-off, and
then exits non-zero, so the failure shows (a restart with back-off, a failed Job) and says what
was missing. Once running, processes ride out an outage instead (they hold their work and
reconnect), since by then they may have work in hand.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from psn_shared.config import amqp_urls, env_float

log = logging.getLogger(__name__)

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"
EXIT_DEPENDENCIES_MISSING = 3


class DependencyUnavailable(SystemExit):
    """Exits the process with status 3 once logged; what was missing is in the log line."""

    def __init__(self, missing: dict[str, str]) -> None:
        super().__init__(EXIT_DEPENDENCIES_MISSING)
        self.missing = missing


def _database(url: str) -> Callable[[], None]:
    def check() -> None:
        import psycopg

        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")

    return check


def _broker(url: str) -> Callable[[], None]:
    def check() -> None:
        from psn_shared.messaging.broker import connect

        connect(url, connect_timeout=3).release()

    return check


def checks_from_env(*, broker: bool) -> dict[str, Callable[[], None]]:
    """The database when DATABASE_URL names a PostgreSQL server (an SQLite file needs no waiting for),
    and the broker when asked."""
    checks: dict[str, Callable[[], None]] = {}
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgresql"):
        checks["database"] = _database(database_url)
    if broker:
        checks["broker"] = _broker(amqp_urls(os.environ.get("AMQP_URL") or DEFAULT_AMQP_URL))
    return checks


def await_dependencies(checks: dict[str, Callable[[], None]], *, timeout: float | None = None,
                       stop: threading.Event | None = None) -> None:
    """Return once every check passes; raise DependencyUnavailable after `timeout` seconds."""
    timeout = env_float("DEPENDENCY_TIMEOUT_S", 60.0) if timeout is None else timeout
    stop = stop or threading.Event()
    deadline = time.monotonic() + timeout
    backoff = 0.2
    while True:
        missing: dict[str, str] = {}
        for name, check in checks.items():
            try:
                check()
            except Exception as exc:
                missing[name] = f"{type(exc).__name__}: {exc}"[:300]
        if not missing or stop.is_set():
            return
        if time.monotonic() + backoff > deadline:
            log.error("cannot reach %s after %.0fs; exiting", ", ".join(sorted(missing)), timeout,
                      extra={"ctx_missing": missing})
            raise DependencyUnavailable(missing)
        log.warning("waiting for %s", ", ".join(sorted(missing)), extra={"ctx_missing": missing})
        stop.wait(backoff)
        backoff = min(backoff * 2, 2.0)
