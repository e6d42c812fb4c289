"""Where an allocation's time goes: `POST /support-requests` in process, on `allocation.py`'s seed.

Figures that hold still while others load the machine: CPU per request in this process, CPU per
request in the PostgreSQL backends serving it (read from /proc, so only with a local server),
and SQL statements per request, each statement with its count and mean time. The app runs in
process through Flask's test client (no HTTP), so the times are the app's own.

    python bench/allocation_profile.py [requests] [--cprofile FILE]

`--cprofile` also writes a cProfile of the requests (CPU time) to FILE, for `pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import random
import statistics
import time
import uuid
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import allocation
import psycopg
from sqlalchemy import Engine, event

import sessions
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from sessions.app import create_app
from sessions.config import SessionsSettings

WARM_UP = 20


def backend_cpu_s(engine: Engine, server_url: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends connected to the engine's database."""
    with psycopg.connect(server_url) as conn:
        pids = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (engine.url.database,))]
    used = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # not local, or gone
            continue
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("requests", type=int, nargs="?", default=300)
    parser.add_argument("--cprofile")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    factory = DatabaseFactory(server_url, f"allocprof{uuid.uuid4().hex[:6]}")
    try:
        rng = random.Random(8)
        url = factory.migrated(sessions, "allocation")
        requesters, _ = allocation.seed(url, rng)
        app = create_app(replace(SessionsSettings.load(), database_url=url), verifier=tokens.verifier())
        engine = app.extensions["psn.engine"]
        statements: dict[str, list[float]] = defaultdict(list)

        @event.listens_for(engine, "before_cursor_execute")
        def _started(conn, cursor, statement, parameters, context, executemany) -> None:
            conn.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _ended(conn, cursor, statement, parameters, context, executemany) -> None:
            statements[" ".join(statement.split())[:100]].append(time.perf_counter() - conn.info["started"])

        client, profile = app.test_client(), cProfile.Profile(time.process_time)
        walls, cpus = [], []
        for n, requester in enumerate(rng.sample(requesters, args.requests + WARM_UP)):
            mode = rng.choice(("video", "phone", "in_person"))
            body = {"mode": mode, "scope": rng.choice(allocation.SCOPES), "urgency": rng.choice(allocation.URGENCIES),
                    "details": "Profiled request.",
                    "location": rng.choice(allocation.PLACES) if mode == "in_person" else None}
            headers = tokens.bearer(requester)
            if n == WARM_UP:
                statements.clear()
                backend_before = backend_cpu_s(engine, server_url)
                if args.cprofile:
                    profile.enable()
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.post("/api/v1/support-requests", json=body, headers=headers)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if response.status_code != 201:
                raise RuntimeError(f"POST /support-requests answered {response.status_code}: {response.text}")
            if n >= WARM_UP:
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
        profile.disable()
        backend = (backend_cpu_s(engine, server_url) - backend_before) * 1000 / args.requests
        walls.sort()
        print(f"in_process_p50_ms: {statistics.median(walls):.1f}")
        print(f"in_process_p99_ms: {walls[round(0.99 * (len(walls) - 1))]:.1f}")
        print(f"cpu_ms_per_request: {statistics.mean(cpus):.2f}")
        print(f"postgres_cpu_ms_per_request: {backend:.2f}")
        print(f"statements_per_request: {sum(len(t) for t in statements.values()) / args.requests:.2f}")
        for text, times in sorted(statements.items(), key=lambda item: -sum(item[1])):
            print(f"  {len(times) / args.requests:5.2f} x {statistics.mean(times) * 1000:6.2f} ms  {text}")
        if args.cprofile:
            profile.dump_stats(args.cprofile)
        engine.dispose()
    finally:
        factory.drop_all()


if __name__ == "__main__":
    main()
