"""Which allocations are slow: `allocation.py`'s requests in process, each classified by its shape.

A request's shape is what it asked (mode, scope, urgency) and how it was answered: allocated
at which step of the candidate statement's window (10, 100, 1,000 supporters), by the full
candidate statement, or left waiting (and which statements told why). Each request's wall time,
its CPU in this process and its statements are printed per shape, then the slowest 2%.

The seed (the same as `allocation.py`'s, from the same random state) takes minutes; it is built
once into a template database kept between runs (`--keep`), and every run clones it:

    python bench/allocation_shapes.py --keep            # builds allocshapes_seed, runs, keeps it
    python bench/allocation_shapes.py --runs 3          # reuses it: three runs, each on a fresh clone
    python bench/allocation_shapes.py --drop            # drops the template
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import statistics
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import allocation
import psycopg
from run import percentile
from sqlalchemy import event

import sessions
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from sessions.app import create_app
from sessions.config import SessionsSettings

TEMPLATE = "allocshapes_seed"
STATE = Path(__file__).parent / "var" / "allocation_shapes.pickle"
WARM_UP = 20


@dataclass
class Answered:
    mode: str
    scope: str
    urgency: str
    wall_ms: float = 0.0
    cpu_ms: float = 0.0
    postgres_ms: float = 0.0
    sql_ms: float = 0.0  # waiting on the statements (PostgreSQL's work, at the resolution of a clock)
    statements: list[str] = field(default_factory=list)
    windows: list[int] = field(default_factory=list)
    outcome: str = ""

    def shape(self) -> str:
        return f"{self.mode:9} {self.scope:12} {self.outcome}"


def _kind(statement: str, parameters: object) -> str:
    text = " ".join(statement.split())
    if "window_size" in text:
        return "window"
    if text.startswith("SELECT EXISTS"):
        return "offering"
    if "pg_advisory" in text:
        return "requester"
    if "count_month_allocations" in text:
        return "sample" if isinstance(parameters, dict) and parameters.get("limit") == 50 else "candidates"
    return text.split()[0].lower() + ("_" + text.split()[2].lower() if text.startswith("WITH") else "")


def _outcome(answered: Answered, status: str) -> str:
    kinds = Counter(answered.statements)
    if status == "allocated":
        if answered.windows and kinds["candidates"] == 0:
            return f"allocated at window {answered.windows[-1]}"
        return f"allocated by the full statement (x{kinds['candidates']})"
    told = "+sample" if kinds["sample"] else ""
    told += "+offering" if kinds["offering"] else ""
    return f"waiting ({told.lstrip('+')})"


def seed_template(server_url: str) -> None:
    admin = psycopg.connect(server_url, autocommit=True)
    factory = DatabaseFactory(server_url, f"allocshapes{uuid.uuid4().hex[:6]}")
    rng = random.Random(8)
    url = factory.migrated(sessions, "allocation")
    requesters, _ = allocation.seed(url, rng)
    STATE.parent.mkdir(exist_ok=True)
    STATE.write_bytes(pickle.dumps((requesters, rng.getstate())))
    factory._admin.dispose()
    name = url.rsplit("/", 1)[1]
    admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{TEMPLATE}"')
    admin.close()


def _backend_cpu_ms(pids: list[int]) -> float:
    """CPU the backends have used so far, in ticks of 10 ms: meaningful as a mean over many requests."""
    used = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used += int(fields[11]) + int(fields[12])
    return used * 1000 / os.sysconf("SC_CLK_TCK")


def one_run(server_url: str, count: int) -> list[Answered]:
    requesters, state = pickle.loads(STATE.read_bytes())
    rng = random.Random()
    rng.setstate(state)
    factory = DatabaseFactory(server_url, f"allocshapes{uuid.uuid4().hex[:6]}")
    template = server_url.rsplit("/", 1)[0] + "/" + TEMPLATE
    try:
        url = factory.create("run", template)
        app = create_app(replace(SessionsSettings.load(), database_url=url), verifier=tokens.verifier())
        engine = app.extensions["psn.engine"]
        current: list[Answered] = []

        @event.listens_for(engine, "before_cursor_execute")
        def _seen(conn, cursor, statement, parameters, context, executemany) -> None:
            if current:
                current[-1].statements.append(_kind(statement, parameters))
                if isinstance(parameters, dict) and "window_size" in parameters:
                    current[-1].windows.append(parameters["window_size"])
                conn.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _done(conn, cursor, statement, parameters, context, executemany) -> None:
            if current:
                current[-1].sql_ms += (time.perf_counter() - conn.info["started"]) * 1000

        client, pids = app.test_client(), []
        answered = []
        for n, requester in enumerate(rng.sample(requesters, count + WARM_UP)):
            mode = rng.choice(("video", "phone", "in_person"))
            location = rng.choice(allocation.PLACES) if mode == "in_person" else None
            body = {"mode": mode, "scope": rng.choice(allocation.SCOPES), "urgency": rng.choice(allocation.URGENCIES),
                    "details": "Benchmark request.", "location": location}
            current.append(Answered(mode, body["scope"], body["urgency"]))
            postgres = _backend_cpu_ms(pids)
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.post("/api/v1/support-requests", json=body, headers=tokens.bearer(requester))
            current[-1].cpu_ms = (time.process_time() - cpu) * 1000
            current[-1].wall_ms = (time.perf_counter() - wall) * 1000
            current[-1].postgres_ms = _backend_cpu_ms(pids) - postgres
            if n == 0:
                with psycopg.connect(server_url) as conn:
                    pids = [row[0] for row in conn.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s", (engine.url.database,))]
            if response.status_code != 201:
                raise RuntimeError(f"POST /support-requests answered {response.status_code}: {response.text}")
            current[-1].outcome = _outcome(current[-1], response.json["status"])
            if n >= WARM_UP:
                answered.append(current[-1])
        engine.dispose()
        return answered
    finally:
        factory.drop_all()


def report(answered: list[Answered]) -> None:
    walls = [a.wall_ms for a in answered]
    print(f"in_process_p50_ms: {statistics.median(walls):.1f}  p99: {percentile(walls, 0.99):.1f}  "
          f"cpu_ms mean: {statistics.mean(a.cpu_ms for a in answered):.2f}  "
          f"cpu p99: {percentile([a.cpu_ms for a in answered], 0.99):.2f}  "
          f"postgres cpu_ms mean: {statistics.mean(a.postgres_ms for a in answered):.2f}  "
          f"sql_ms p50: {statistics.median(a.sql_ms for a in answered):.2f}  "
          f"statements: {statistics.mean(len(a.statements) for a in answered):.2f}  "
          f"load: {os.getloadavg()[0]:.1f}")
    shapes: dict[str, list[Answered]] = defaultdict(list)
    for a in answered:
        shapes[a.shape()].append(a)
    print(f"  {'n':>4} {'wall p50':>8} {'wall max':>8} {'cpu p50':>7} {'cpu max':>7} {'pg mean':>7} {'sql p50':>7}"
          f" {'stmts':>5}"
          "  shape")
    for shape, group in sorted(shapes.items(), key=lambda item: -statistics.median(a.cpu_ms for a in item[1])):
        print(f"  {len(group):4} {statistics.median(a.wall_ms for a in group):8.1f} "
              f"{max(a.wall_ms for a in group):8.1f} {statistics.median(a.cpu_ms for a in group):7.2f} "
              f"{max(a.cpu_ms for a in group):7.2f} {statistics.mean(a.postgres_ms for a in group):7.2f} "
              f"{statistics.median(a.sql_ms for a in group):7.2f} "
              f"{statistics.mean(len(a.statements) for a in group):5.1f}  {shape}")
    print("  slowest 2% by CPU:")
    for a in sorted(answered, key=lambda a: -a.cpu_ms)[:max(1, len(answered) // 50)]:
        print(f"    cpu {a.cpu_ms:6.2f} wall {a.wall_ms:6.1f}  {a.shape()} {a.urgency:8} windows {a.windows} "
              f"{' '.join(a.statements)}")
    print("  slowest 2% by wall:")
    for a in sorted(answered, key=lambda a: -a.wall_ms)[:max(1, len(answered) // 50)]:
        print(f"    wall {a.wall_ms:6.1f} cpu {a.cpu_ms:6.2f}  {a.shape()} {a.urgency:8} windows {a.windows}")
    shares = Counter(a.shape() for a in sorted(answered, key=lambda a: -a.wall_ms)[:max(1, len(answered) // 10)])
    print("  shapes of the slowest 10% by wall:", dict(shares.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("requests", type=int, nargs="?", default=500)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the seeded template for later runs")
    parser.add_argument("--drop", action="store_true", help="drop the seeded template and stop")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if args.drop:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        STATE.unlink(missing_ok=True)
        return
    with psycopg.connect(server_url) as conn:
        seeded = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone()
    if not seeded or not STATE.exists():
        seed_template(server_url)
    try:
        for _ in range(args.runs):
            report(one_run(server_url, args.requests))
    finally:
        if not args.keep:
            with psycopg.connect(server_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            STATE.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
