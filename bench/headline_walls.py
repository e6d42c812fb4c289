"""The headline and its floor hop by hop: wall per hop on `make run`'s system, in the same run.

An observer on the broker for each hop's event (training's `training.level.completed`,
identity's `identity.role.granted`, sessions' `sessions.supporter.activated`; the floor's
`floor.hop.2`, `floor.hop.3`, `floor.done`) stamps its arrival; each hop's wall is the time from
the previous hop's event (or the request sent) to its own. The system starts as `bench/run.py`
starts it (workers together, an SMTP sink), paced and warmed up as `headline.py`; the floor runs
right after on the same machine. Prints p50 per hop and in all, and the load average.

    python bench/headline_walls.py [--workflows 60] [--port-base 18300]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import floor
import requests
from headline import PACE_S, WARM_UP, Observer, prepare_candidates

from psn_local import SERVICES, System, SystemConfig
from psn_shared.events import Envelope
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import DatabaseFactory, delete_namespace
from psn_shared.testing.workflow import Network

HEADLINE_HOPS = {"training": "training.level.completed", "identity": "identity.role.granted",
                 "sessions": "sessions.supporter.activated"}
FLOOR_HOPS = {"web": "floor.hop.1", "hop 1": "floor.hop.2", "hop 2": "floor.hop.3", "hop 3": "floor.done"}


def staff_of(body: bytes) -> str:
    data = Envelope.from_json(body).data
    return getattr(data, "staff_id", None) or data.supporter_id


def run_of(body: bytes) -> str:
    return json.loads(body)["run_id"]


def hop_walls(observers: dict[str, Observer], key: str, started: float) -> dict[str, float]:
    walls, previous = {}, started
    for name, observer in observers.items():
        arrived = observer.wait(key)
        walls[name] = (arrived - previous) * 1000
        previous = arrived
    walls["all"] = (previous - started) * 1000
    return walls


def measure_system(databases: DatabaseFactory, amqp_url: str, workflows: int, port_base: int) -> dict[str, list]:
    namespace = f"psn-walls-{uuid.uuid4().hex[:8]}"
    work = Path(tempfile.mkdtemp(prefix="psn-walls-"))
    mail_port = port_base + 20
    config = SystemConfig(
        amqp_url=amqp_url, amqp_namespace=namespace,
        database_urls={s: databases.create(f"walls_{s}") for s in SERVICES},
        ports={s: port_base + n for n, s in enumerate(SERVICES)}, web_port=None,
        workers_together=True, smtp_url=f"smtp://127.0.0.1:{mail_port}", log_dir=work / "logs", var_dir=work)
    system = System(config)
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
                             "-l", f"127.0.0.1:{mail_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls: dict[str, list] = defaultdict(list)
    try:
        system.start()
        network = Network({s: system.url(s) for s in SERVICES}, config.admin_email, config.admin_password)
        booked = prepare_candidates(network, workflows + WARM_UP)
        observers = {name: Observer(amqp_url, f"{namespace}.events", key, staff_of)
                     for name, key in HEADLINE_HOPS.items()}
        try:
            for n, (cohort, candidate) in enumerate(booked):
                network.start_cohort(cohort)  # started before the clock, as in prepare_candidates
                time.sleep(PACE_S)
                started = time.perf_counter()
                network.complete_level_2(cohort, candidate)
                if n >= WARM_UP:
                    for name, wall in hop_walls(observers, candidate.id, started).items():
                        walls[name].append(wall)
        finally:
            for observer in observers.values():
                observer.close()
    finally:
        system.stop()
        sink.terminate()
        sink.wait(timeout=20)
        names = [n for s in SUBSCRIPTIONS for n in Topology(namespace, s).all_queue_names()]
        delete_namespace(amqp_url, namespace, names)
    return walls


def measure_floor(database_url: str, amqp_url: str, workflows: int, port: int) -> dict[str, list]:
    """`floor.measure`'s chain with an observer per hop."""
    import multiprocessing as mp

    import psycopg

    database_url = database_url.replace("postgresql+psycopg://", "postgresql://")
    exchange_name = f"psn-walls-floor-{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {floor.TABLE} (id varchar(36) PRIMARY KEY, step varchar(16) NOT NULL, "
                     "run_id varchar(36) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")
    from kombu import Connection
    with Connection(amqp_url) as conn:
        floor._exchange(exchange_name)(conn.channel()).declare()
    ready = [mp.Event() for _ in range(floor.HOPS)]
    hops = [mp.Process(target=floor._hop, args=(n + 1, amqp_url, database_url, exchange_name, ready[n]), daemon=True)
            for n in range(floor.HOPS)]
    for hop in hops:
        hop.start()
    web = floor._start_web(database_url, amqp_url, exchange_name, SystemConfig.web_workers, port)
    observers = {name: Observer(amqp_url, exchange_name, key, run_of) for name, key in FLOOR_HOPS.items()}
    walls: dict[str, list] = defaultdict(list)
    try:
        for event in ready:
            event.wait(30)
        floor._wait_listening(port)
        with requests.Session() as http:
            for n in range(workflows + WARM_UP):
                time.sleep(PACE_S)
                run_id = str(uuid.uuid4())
                started = time.perf_counter()
                http.post(f"http://127.0.0.1:{port}/runs", json={"run_id": run_id}, timeout=10).raise_for_status()
                if n >= WARM_UP:
                    for name, wall in hop_walls(observers, run_id, started).items():
                        walls[name].append(wall)
    finally:
        for observer in observers.values():
            observer.close()
        web.terminate()
        web.wait(timeout=20)
        for hop in hops:
            hop.terminate()
            hop.join(timeout=10)
        floor._delete_broker_objects(amqp_url, exchange_name)
    return walls


def report(label: str, walls: dict[str, list]) -> None:
    print(f"{label}: " + ", ".join(f"{name} {statistics.median(values):.1f}" for name, values in walls.items())
          + f" (p50 ms; load {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=60)
    parser.add_argument("--port-base", type=int, default=18300)
    parser.add_argument("--no-floor", action="store_true")
    args = parser.parse_args()
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    databases = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                                f"walls{uuid.uuid4().hex[:8]}")
    try:
        report("headline", measure_system(databases, amqp_url, args.workflows, args.port_base))
        if not args.no_floor:
            report("floor", measure_floor(databases.create("floor"), amqp_url, args.workflows, args.port_base + 30))
    finally:
        databases.drop_all()


if __name__ == "__main__":
    main()
