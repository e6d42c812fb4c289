"""Allocation at scale: `POST /support-requests` against NHS-Scotland-sized numbers.

160,000 staff copies in 4,000 teams (each with a line manager, and a senior manager over several
teams), 5,000 supporters (varied teams, modes, places, monthly hours and loads; some paused or
cooling down after a heavy case, some stood in for by a temporary manager), 1,000 waiting
requests and 6,000 open allocations. Seeded with COPY, not the API. Then 500 requests, one at a
time from different colleagues (modes and scopes varied), each timed from sending the request to
its 201 answer: the sessions app itself, serving HTTP on loopback in this process, on PostgreSQL.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg
import requests
from werkzeug.serving import make_server

import sessions
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from sessions.app import create_app
from sessions.config import SessionsSettings

STAFF, TEAMS, SUPPORTERS, WAITING, OPEN_ALLOCATIONS = 160_000, 4_000, 5_000, 1_000, 6_000
PLACES = [f"Hospital {n}" for n in range(40)]
MODES = (["video"], ["phone"], ["video", "phone"], ["video", "phone", "in_person"], ["in_person"])
URGENCIES, SCOPES = ("urgent", "soon", "routine"), ("any", "any", "outside_team", "within_team")


def _ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def _copy(conn: psycopg.Connection, table: str, columns: tuple[str, ...], rows: Iterator[tuple]) -> None:
    with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def seed(url: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """Fill the database; returns the staff who may ask (not supporters) and the supporters."""
    now = datetime.now(UTC)
    staff, teams = _ids(STAFF), _ids(TEAMS)
    team_of = [teams[n * TEAMS // STAFF] for n in range(STAFF)]
    first_of_team = {team: staff[n] for n, team in reversed(list(enumerate(team_of)))}
    # A senior manager over each run of 8 teams: the line manager of the run's first team.
    senior_of_team = {team: first_of_team[teams[(i // 8) * 8]] for i, team in enumerate(teams)}

    def staff_rows() -> Iterator[tuple]:
        for n, staff_id in enumerate(staff):
            team = team_of[n]
            line = first_of_team[team] if first_of_team[team] != staff_id else None
            senior = senior_of_team[team] if senior_of_team[team] not in (staff_id, line) else None
            yield (staff_id, f"Person {n}", team, line, senior, "active", '["staff"]', now, now,
                   f"person{n}@psn.test", None, None)

    supporters = rng.sample(staff, SUPPORTERS)
    chosen = set(supporters)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # Who holds this month's open allocations, and when each was made. A supporter's last
    # allocation is the latest of them, as allocating records it; the others were last given a
    # request before this month, or never.
    held = [(rng.choice(supporters), month_start + (now - month_start) * rng.random()) for _ in range(OPEN_ALLOCATIONS)]
    last_allocated = {supporter: None if rng.random() < 0.2 else month_start - timedelta(hours=rng.randint(1, 2000))
                      for supporter in supporters}
    for supporter, at in held:
        last_allocated[supporter] = max(at, last_allocated[supporter] or at)

    def profile_rows() -> Iterator[tuple]:
        for staff_id in supporters:
            modes = rng.choice(MODES)
            places = rng.sample(PLACES, rng.randint(1, 4)) if "in_person" in modes else []
            paused = rng.random() < 0.05
            cool_down = now + timedelta(days=rng.randint(1, 14)) if rng.random() < 0.03 else None
            yield (staff_id, rng.randint(1, 8), now, True, rng.random() > 0.02, last_allocated[staff_id], True,
                   json.dumps(modes),
                   json.dumps(places), paused, now if paused else None, cool_down)

    requesters = [s for s in staff if s not in chosen]

    def request_rows() -> Iterator[tuple]:
        for n in range(WAITING + OPEN_ALLOCATIONS):
            mode = rng.choice(("video", "phone", "in_person"))
            location = rng.choice(PLACES) if mode == "in_person" else None
            created = now - timedelta(hours=rng.randint(1, 24 * 20))
            if n < WAITING:
                yield (str(uuid.uuid4()), rng.choice(requesters), mode, "any", rng.choice(URGENCIES), "Seeded.",
                       location, created, "waiting", None, None, "every eligible supporter is at capacity this month",
                       created, "[]")
            else:
                supporter, allocated = held[n - WAITING]
                yield (str(uuid.uuid4()), rng.choice(requesters), mode, "any", rng.choice(URGENCIES), "Seeded.",
                       location, min(created, allocated), "allocated", supporter, allocated, None, None, "[]")

    def delegation_rows() -> Iterator[tuple]:
        today = now.date()
        for _ in range(200):  # temporary managers: supporters standing in for a team's manager
            yield (str(uuid.uuid4()), first_of_team[rng.choice(teams)], rng.choice(supporters),
                   today - timedelta(days=3), today + timedelta(days=10))

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        _copy(conn, "staff", ("staff_id", "name", "team_id", "line_manager_id", "senior_manager_id", "status",
                              "roles", "as_of", "roles_as_of", "email", "preferred_name", "phone"), staff_rows())
        _copy(conn, "supporter_profiles", (
            "staff_id", "monthly_capacity", "role_changed_at", "active", "allocatable", "last_allocated_at",
            "certified", "modes", "places", "paused", "paused_at", "cool_down_until"), profile_rows())
        _copy(conn, "support_requests", (
            "id", "requester_id", "mode", "scope", "urgency", "details", "location", "created_at", "status",
            "supporter_id", "allocated_at", "waiting_reason", "waiting_since", "excluded_supporters"), request_rows())
        _copy(conn, "delegations", ("id", "manager_id", "delegate_id", "starts_on", "ends_on"), delegation_rows())
        conn.execute("ANALYZE")
    return requesters, supporters


def measure(databases: DatabaseFactory, count: int = 500, seed_value: int = 8) -> list[float]:
    """Latencies in milliseconds, one per POST /support-requests."""
    rng = random.Random(seed_value)
    url = databases.migrated(sessions, "allocation")
    requesters, _ = seed(url, rng)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    app = create_app(replace(SessionsSettings.load(), database_url=url), verifier=tokens.verifier())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/api/v1/support-requests"
    latencies = []
    try:
        with requests.Session() as http:
            for n, requester in enumerate(rng.sample(requesters, count + 20)):
                mode = rng.choice(("video", "phone", "in_person"))
                location = rng.choice(PLACES) if mode == "in_person" else None
                body = {"mode": mode, "scope": rng.choice(SCOPES), "urgency": rng.choice(URGENCIES),
                        "details": "Benchmark request.", "location": location}
                headers = tokens.bearer(requester)
                started = time.perf_counter()
                response = http.post(base, json=body, headers=headers, timeout=30)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 201:
                    raise RuntimeError(f"POST /support-requests answered {response.status_code}: {response.text}")
                if n >= 20:  # the first few warm the connection pool and caches
                    latencies.append(elapsed)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["psn.engine"].dispose()
    return latencies


if __name__ == "__main__":
    import statistics
    import sys

    from run import percentile

    factory = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                              f"alloc{uuid.uuid4().hex[:6]}")
    try:
        figures = measure(factory, int(sys.argv[1]) if len(sys.argv) > 1 else 500)
        print(f"allocation_p50_ms: {statistics.median(figures):.1f}")
        print(f"allocation_p99_ms: {percentile(figures, 0.99):.1f}")
    finally:
        factory.drop_all()
