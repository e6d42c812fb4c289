"""The headline's training hop in process: a Level 2 completion through Flask's test client.

Each completion is the request `headline.py` sends (the admin completes a participant's course on a
running cohort of 20: every day attended, every competence signed off), on a migrated training
database of its own, with a token signed by the tests' key. No broker: the commit wakes the relay
instead of publishing, as in the services' tests (one NOTIFY). Prints, per completion, the median
CPU (`time.process_time`), statements sent and wall; then Python calls (a profiler counting them,
on completions of their own). CPU and calls hold still on a loaded machine; to compare code before
and after, run this alternately against both trees (`PYTHONPATH=<old>/services/training/src`).

    python bench/completion_profile.py [--completions 100] [--profile 20]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event

import training
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from training.app import create_app
from training.config import TrainingSettings
from training.events.handlers import HANDLERS
from training.service_layer.uow import uow_factory

COHORT_SIZE = 20
DAYS = ["2026-12-01"]  # one course day, as headline.py books
ADMIN = tokens.bearer(str(uuid.uuid4()), "admin")


class Clock:
    """The app's clock: a month before the course days while booking, on the last day while completing."""

    def __init__(self) -> None:
        self.at = datetime(2026, 11, 2, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


def staff_event(staff_id: str, **data: object) -> Any:
    from psn_shared.events import Envelope

    return Envelope.new("identity.staff.registered", {
        "staff_id": staff_id, "employee_number": f"E{staff_id[:8]}", "name": f"Person {staff_id[:6]}",
        "email": f"p{staff_id[:8]}@bench.test", "team_id": None, "grade": "Band 6", "line_manager_id": None,
        "senior_manager_id": None, "status": "active", "roles": ["staff"], **data,
    }, source="identity", subject=staff_id)


def call(client: FlaskClient, method: str, path: str, headers: dict[str, str], json: dict) -> dict:
    response = client.open(path, method=method, json=json, headers=headers)
    assert response.status_code in (200, 201), (path, response.status_code, response.json)
    return response.json


def booked(client: FlaskClient, make_uow: Any, clock: Clock, count: int) -> list[tuple[str, str]]:
    """`count` (cohort, person) pairs: Level 1 recorded, nominated, both managers' approval, booked; cohorts running."""
    line, senior = str(uuid.uuid4()), str(uuid.uuid4())
    people = [str(uuid.uuid4()) for _ in range(count)]
    with make_uow() as uow:
        for staff_id in (line, senior):
            HANDLERS["identity.staff.registered"](staff_event(staff_id), uow)
        for staff_id in people:
            HANDLERS["identity.staff.registered"](
                staff_event(staff_id, line_manager_id=line, senior_manager_id=senior), uow)
        uow.commit()
    pairs, cohort = [], None
    for n, staff_id in enumerate(people):
        if n % COHORT_SIZE == 0:
            cohort = call(client, "POST", "/api/v1/cohorts", ADMIN, {
                "name": f"Cohort {n}", "level": 2, "capacity": COHORT_SIZE,
                "days": [{"date": d, "location": "Room 4"} for d in DAYS]})["id"]
        call(client, "POST", "/api/v1/level1-completions", ADMIN,
             {"staff_id": staff_id, "completed_on": "2026-10-01", "source": "learnpro"})
        nomination = call(client, "POST", "/api/v1/nominations", ADMIN,
                          {"nominee_id": staff_id, "cohort_id": cohort})["id"]
        for manager in (line, senior):
            call(client, "POST", f"/api/v1/nominations/{nomination}/approvals", tokens.bearer(manager),
                 {"decision": "approve", "monthly_hours": 4})
        pairs.append((cohort, staff_id))
    clock.at = datetime.fromisoformat(DAYS[-1]).replace(hour=12, tzinfo=UTC) + timedelta(hours=1)
    for cohort in dict.fromkeys(c for c, _ in pairs):
        call(client, "POST", f"/api/v1/cohorts/{cohort}/state", ADMIN, {"state": "running"})
    return pairs


def complete(client: FlaskClient, cohort: str, staff_id: str) -> None:
    call(client, "POST", f"/api/v1/cohorts/{cohort}/completions", ADMIN,
         {"staff_id": staff_id, "attended_all_days": True, "competences_signed_off": "all"})


def show(_connection: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
    print(f"{statement}\n  {parameters}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--completions", type=int, default=100)
    parser.add_argument("--calls", type=int, default=10, help="completions whose Python calls are counted")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cumulative)")
    parser.add_argument("--statements", action="store_true", help="print one completion's statements")
    args = parser.parse_args()
    databases = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                                f"done{uuid.uuid4().hex[:8]}")
    try:
        os.environ["DATABASE_URL"] = databases.migrated(training, "completion")
        clock = Clock()
        app = create_app(TrainingSettings.load(), verifier=tokens.verifier(), clock=clock)
        client = app.test_client()
        engine = app.extensions["psn.engine"]
        profiled = 20 if args.profile else 0
        pairs = booked(client, uow_factory(engine, clock), clock, 5 + args.completions + args.calls + profiled)
        statements = [0]
        event.listen(engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
        for cohort, staff_id in pairs[:4]:  # warm: first requests build caches
            complete(client, cohort, staff_id)
        if args.statements:
            event.listen(engine, "before_cursor_execute", show)
        complete(client, *pairs[4])
        if args.statements:
            event.remove(engine, "before_cursor_execute", show)
        cpu, wall, sent = [], [], []
        for cohort, staff_id in pairs[5:5 + args.completions]:
            statements[0] = 0
            c, w = time.process_time(), time.perf_counter()
            complete(client, cohort, staff_id)
            wall.append((time.perf_counter() - w) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            sent.append(statements[0])
        calls = [0]

        def counting(_frame: object, what: str, _arg: object) -> None:
            if what == "call" or what == "c_call":
                calls[0] += 1

        per_completion = []
        profiler = cProfile.Profile()
        for cohort, staff_id in pairs[5 + args.completions:5 + args.completions + args.calls]:
            calls[0] = 0
            sys.setprofile(counting)
            complete(client, cohort, staff_id)
            sys.setprofile(None)
            per_completion.append(calls[0])
        if args.profile:
            profiler.enable()
            for cohort, staff_id in pairs[len(pairs) - profiled:]:
                complete(client, cohort, staff_id)
            profiler.disable()
        engine.dispose()
    finally:
        databases.drop_all()
    print(f"completion_cpu_ms: {statistics.median(cpu):.2f} (mean {statistics.mean(cpu):.2f})")
    print(f"completion_statements: {statistics.median(sent):.0f}")
    print(f"completion_wall_ms: {statistics.median(wall):.2f}")
    print(f"completion_python_calls: {statistics.median(per_completion):.0f}")
    print(f"load_average: {os.getloadavg()[0]:.1f}")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
