"""Where the tests' PostgreSQL and RabbitMQ come from, and how a run keeps to itself.

AMQP_URL / DATABASE_URL (a server URL; each run creates its own databases on it) when set;
else the servers on their default local ports; else testcontainers when a Docker engine is
reachable; else a clear failure saying what to set.
"""

from __future__ import annotations

import os
import re
import socket
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


class MissingInfrastructure(RuntimeError):
    pass


def _docker_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


_containers: list[Any] = []


LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def postgres_server_url() -> str:
    """DATABASE_URL, else a server on the default local port, else a container, else a clear error."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if _listening(5432):
        return LOCAL_POSTGRES_URL
    if _docker_available():
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer("postgres:15", driver="psycopg").start()
        _containers.append(container)
        return container.get_connection_url()
    raise MissingInfrastructure(
        "the tests need PostgreSQL: set DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres) "
        "or make a Docker engine reachable for testcontainers"
    )


def amqp_server_url() -> str:
    """AMQP_URL, else a broker on the default local port, else a container, else a clear error."""
    url = os.environ.get("AMQP_URL")
    if url:
        return url
    if _listening(5672):
        return LOCAL_AMQP_URL
    if _docker_available():
        from testcontainers.rabbitmq import RabbitMqContainer

        container = RabbitMqContainer("rabbitmq:3.13").start()
        _containers.append(container)
        params = container.get_connection_params()
        return f"amqp://guest:guest@{params.host}:{params.port}//"
    raise MissingInfrastructure(
        "the tests need RabbitMQ: set AMQP_URL (e.g. amqp://guest:guest@127.0.0.1:5672//) "
        "or make a Docker engine reachable for testcontainers"
    )


def stop_containers() -> None:
    while _containers:
        _containers.pop().stop()


def run_id() -> str:
    return uuid.uuid4().hex[:8]


class DatabaseFactory:
    """Creates databases named for this run on one server, and drops them all at the end."""

    def __init__(self, server_url: str, run: str) -> None:
        self.server_url = server_url
        self.run = run
        # pre_ping: a fault test may restart PostgreSQL mid-run, leaving the pooled connection dead.
        self._admin = create_engine(_psycopg(server_url), isolation_level="AUTOCOMMIT", pool_size=1, pool_pre_ping=True)
        self._created: list[str] = []
        self._templates: dict[str, str] = {}

    def create(self, hint: str, template: str | None = None) -> str:
        name = f"psn_t_{self.run}_{re.sub(r'[^a-z0-9_]', '_', hint.lower())}"[:63]
        clause = f' TEMPLATE "{make_url(template).database}"' if template else ""
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self._created.append(name)
        return make_url(_psycopg(self.server_url)).set(database=name).render_as_string(hide_password=False)

    def migrated(self, package: ModuleType, hint: str = "template") -> str:
        """A database at the newest revision of a service package's migrations (a template to clone)."""
        from psn_shared.db import upgrade_database

        url = self.create(f"{package.__name__}_{hint}")
        upgrade_database(url, Path(package.__file__).parent / "migrations")
        return url

    def template(self, package: ModuleType, seed: Callable[[str], None] | None = None) -> str:
        """A service's migrated (and seeded) template, made once per run and cloned by each test."""
        if package.__name__ not in self._templates:
            url = self.migrated(package)
            if seed is not None:
                seed(url)
            self._templates[package.__name__] = url
        return self._templates[package.__name__]

    def drop_all(self) -> None:
        with self._admin.connect() as conn:
            for name in reversed(self._created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._created.clear()
        self._admin.dispose()


def _psycopg(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def outbox_events(database_url: str) -> list[dict[str, Any]]:
    """Every event a service's outbox holds, as CloudEvents envelopes, oldest first."""
    import json

    engine = create_engine(_psycopg(database_url))
    with engine.connect() as conn:
        bodies = conn.execute(text("SELECT body FROM outbox ORDER BY created_at")).scalars().all()
    engine.dispose()
    return [json.loads(body) for body in bodies]


def delete_namespace(amqp_url: str, namespace: str, queue_names: list[str]) -> None:
    """Remove a run's queues and exchange from the broker."""
    from kombu import Connection

    with Connection(amqp_url, connect_timeout=5) as conn:
        channel = conn.channel()
        for name in queue_names:
            channel.queue_delete(name)
        channel.exchange_delete(f"{namespace}.events")


def wait_for(predicate: Callable[[], Any], *, timeout: float = 15.0, interval: float = 0.02, what: str = "") -> Any:
    """Poll until `predicate()` is truthy and return its value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # the thing polled may not be up yet
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}; last error: {last_error!r}")
