"""Where an API read's time goes: a requester's `GET /support-requests/<id>` in process.

Figures that hold still while others load the machine: CPU per request in this process, SQL
statements and round trips to PostgreSQL per request (a statement, a BEGIN, a ROLLBACK and the
pool's ping each cost one), and the same CPU for a bare Flask hello in process, for scale. The app
runs through Flask's test client (no HTTP, no gunicorn), so the times are the app's own; the CPU
of the PostgreSQL backends serving it is read from /proc (a local server only), and Python function
calls per request are counted, which no load moves.

    python bench/api_read_profile.py [requests] [--cprofile FILE] [--hooks]

`--cprofile` also writes a cProfile of the reads (CPU time) to FILE, for `pstats`; `--hooks` times
each of Flask's before-request, after-request and teardown hooks (CPU per request, in a pass of its own).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path

import api_reads
import psycopg
from allocation_profile import backend_cpu_s
from flask import Flask
from sqlalchemy import Engine, event

import sessions
from psn_shared.db import engine as engine_module
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from sessions.app import create_app
from sessions.config import SessionsSettings
from sessions.events.handlers import HANDLERS
from sessions.service_layer.uow import uow_factory

WARM_UP = 50


def count_sent(engine: Engine) -> Counter[str]:
    """Counts from now on what is sent PostgreSQL, each a round trip: statements by their first word, and
    the BEGIN, COMMIT, ROLLBACK and ping psycopg and the pool send around them (a COMMIT or ROLLBACK with
    no transaction open, as in autocommit, is answered by psycopg itself). Statements are counted at
    psycopg's cursor, which sees those SQLAlchemy executes, and at `psn_shared.db.read_row`'s own execution
    through libpq."""
    sent: Counter[str] = Counter()

    def in_transaction(connection: object) -> bool:
        dbapi_connection = getattr(connection, "dbapi_connection", connection)  # the pool's proxy, or psycopg's own
        return dbapi_connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    execute = psycopg.Cursor.execute

    @wraps(execute)
    def counted(cursor: psycopg.Cursor, statement: str, *args: object, **kwargs: object) -> object:
        if not cursor.connection.autocommit and not in_transaction(cursor.connection):
            sent["BEGIN (psycopg, before the statement)"] += 1
        sent[str(statement).split(None, 1)[0].upper()] += 1
        return execute(cursor, statement, *args, **kwargs)

    psycopg.Cursor.execute = counted
    run_prepared = engine_module._DriverRead._execute

    @wraps(run_prepared)
    def counted_prepared(read: object, *args: object) -> object:
        sent["SELECT"] += 1
        return run_prepared(read, *args)

    engine_module._DriverRead._execute = counted_prepared

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, record) -> None:
        sent["CONNECT (a new connection: several round trips)"] += 1

    dialect = engine.dialect

    def counting(name: str, kind: str, *, only_in_transaction: bool) -> None:
        done = getattr(dialect, name)

        def do(dbapi_connection: object, *args: object) -> object:
            if not only_in_transaction or in_transaction(dbapi_connection):
                sent[kind] += 1
            return done(dbapi_connection, *args)

        setattr(dialect, name, do)

    counting("do_ping", "PING (pool checkout)", only_in_transaction=False)
    counting("do_commit", "COMMIT", only_in_transaction=True)
    counting("do_rollback", "ROLLBACK", only_in_transaction=True)
    return sent


def seed(engine: Engine) -> tuple[str, str]:
    """A requester and a supporter in sessions' copy of the staff; returns (requester id, supporter id)."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from services.sessions.tests.news import Identity  # the tests' builders of identity's news

    make_uow = uow_factory(engine)

    def deliver(envelope) -> None:
        with make_uow() as uow:
            HANDLERS[envelope.type](envelope, uow)
            uow.commit()

    identity = Identity(deliver)
    requester, supporter = identity.register(), identity.register()
    identity.grant(supporter)
    return requester, supporter


def cpu_per_request(call, count: int) -> list[float]:
    cpus = []
    for _ in range(count):
        cpu = time.process_time()
        call()
        cpus.append((time.process_time() - cpu) * 1000)
    return cpus


def time_hooks(app: Flask) -> dict[str, list[float]]:
    """Wraps each of the app's before-request, after-request and teardown hooks so that its CPU is
    kept (ms, one entry a call), by hook, from now on."""
    spent: dict[str, list[float]] = defaultdict(list)

    def timed(kind: str, hook: Callable) -> Callable:
        name = f"{kind} {hook.__module__}.{hook.__qualname__}"

        @wraps(hook)
        def run(*args: object) -> object:
            cpu = time.process_time()
            try:
                return hook(*args)
            finally:
                spent[name].append((time.process_time() - cpu) * 1000)

        return run

    for kind, hooks in (("before", app.before_request_funcs), ("after", app.after_request_funcs),
                        ("teardown", app.teardown_request_funcs)):
        for key, funcs in hooks.items():
            hooks[key] = [timed(kind, hook) for hook in funcs]
    return spent


def python_calls_per_request(call, count: int) -> float:
    """Python function calls per request: unlike CPU time, the same however loaded the machine is."""
    counting = cProfile.Profile()
    counting.enable()
    for _ in range(count):
        call()
    counting.disable()
    return sum(entry.callcount for entry in counting.getstats()) / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("requests", type=int, nargs="?", default=2000)
    parser.add_argument("--cprofile")
    parser.add_argument("--hooks", action="store_true", help="also time each of Flask's hooks, in a pass of its own")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    factory = DatabaseFactory(server_url, f"readprof{uuid.uuid4().hex[:6]}")
    try:
        url = factory.migrated(sessions, "reads")
        app = create_app(replace(SessionsSettings.load(), database_url=url), verifier=tokens.verifier())
        engine = app.extensions["psn.engine"]
        requester, _ = seed(engine)
        client, headers = app.test_client(), tokens.bearer(requester)
        created = client.post("/api/v1/support-requests", headers=headers,
                              json={"mode": "video", "scope": "any", "urgency": "routine", "details": "Profiled."})
        if created.status_code != 201:
            raise RuntimeError(f"POST answered {created.status_code}: {created.text}")
        path = f"/api/v1/support-requests/{created.json['id']}"

        def read() -> None:
            response = client.get(path, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"GET answered {response.status_code}: {response.text}")

        cpu_per_request(read, WARM_UP)
        sent = count_sent(engine)
        profile = cProfile.Profile(time.process_time)
        if args.cprofile:
            profile.enable()
        backend_before = backend_cpu_s(engine, server_url)
        cpus = cpu_per_request(read, args.requests)
        backend = (backend_cpu_s(engine, server_url) - backend_before) * 1000 / args.requests
        profile.disable()
        sent = Counter(sent)  # as it stood after the timed reads: the counting pass below sends more
        calls = python_calls_per_request(read, 200)
        if args.hooks:
            spent = time_hooks(app)
            cpu_per_request(read, args.requests)
            for name, cpus_of_hook in sorted(spent.items(), key=lambda item: -sum(item[1])):
                print(f"hook_cpu_ms_per_request: {statistics.mean(cpus_of_hook):.4f} "
                      f"(median {statistics.median(cpus_of_hook):.4f}) {name}")
        hello = api_reads.app.test_client()
        hello_cpus = cpu_per_request(lambda: hello.get("/hello"), args.requests)
        print(f"allocated: {created.json.get('supporter_id') is not None}")
        print(f"read_cpu_ms_per_request: {statistics.mean(cpus):.3f} (median {statistics.median(cpus):.3f})")
        print(f"hello_cpu_ms_per_request: {statistics.mean(hello_cpus):.3f} "
              f"(median {statistics.median(hello_cpus):.3f})")
        print(f"postgres_cpu_ms_per_request: {backend:.3f}")
        print(f"python_calls_per_request: {calls:.0f}")
        print(f"round_trips_per_request: {sum(sent.values()) / args.requests:.2f}")
        for kind, count in sent.most_common():
            print(f"  {count / args.requests:5.2f} x {kind}")
        if args.cprofile:
            profile.dump_stats(args.cprofile)
        engine.dispose()
    finally:
        factory.drop_all()


if __name__ == "__main__":
    main()
