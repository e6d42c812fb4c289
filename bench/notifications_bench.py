"""Notifications' figures.

- `notifications_per_s`: events consumed -> messages accepted by an SMTP sink, end to end. 1,000
  people in the staff copy (seeded with COPY); N `identity.role.granted` events published to the
  broker (as identity's relay publishes them, a batch at a time) with the notifications consumer
  and dispatcher running as their own processes, as in production; the figure is N divided by the
  time from the first publish to the N-th email the sink accepted (every notice is one inbox entry
  and one email). Beside it, the CPU time the consumer and the dispatcher each spent per notice
  over the same span (from /proc: it does not move with the machine's load as the rate does).
- `inbox_p99_ms`: GET /api/v1/inbox (the default page of 50, with the total and unread counts) for
  a person with 1,000 entries, among 100,000 of other people's; the app serving HTTP on loopback in
  this process, on PostgreSQL.

`python bench/notifications_bench.py [N]` prints these alone; BENCH_LOG=<file> keeps the consumer's
and dispatcher's logs.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import requests
from aiosmtpd.controller import Controller
from kombu import Connection
from werkzeug.serving import make_server

import notifications
from notifications.app import create_app
from notifications.config import NotificationsSettings
from psn_shared.events import Envelope
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.relay import ConfirmingPublisher
from psn_shared.messaging.topology import Topology, declare_all
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory, delete_namespace

PEOPLE = 1_000
# Events go to the broker as identity's relay sends them: a batch at a time, every confirm in flight. One
# confirm awaited per event held the bench to the broker's fsync rate (158/s on a quiet machine), so the
# consumer kept up with batches of one or two and the figure measured the publisher, not notifications.
PUBLISH_BATCH = 100
LOG = open(os.environ.get("BENCH_LOG", os.devnull), "ab")  # noqa: SIM115 - the processes write to it


class CountingSink:
    def __init__(self) -> None:
        self.accepted = 0
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.accepted += 1
        self.last_at = time.perf_counter()
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _seed_staff(url: str) -> list[str]:
    people = [str(uuid.uuid4()) for _ in range(PEOPLE)]
    now = datetime.now(UTC) - timedelta(days=1)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        with conn.cursor().copy("COPY staff (staff_id, name, status, roles, as_of, email) FROM STDIN") as copy:
            for n, staff_id in enumerate(people):
                copy.write_row((staff_id, f"Person {n}", "active", '["staff"]', now, f"person{n}@psn.test"))
        conn.execute("ANALYZE")
    return people


def _granted(staff_id: str) -> Envelope:
    return Envelope.new("identity.role.granted", {
        "staff_id": staff_id, "role": "trainer", "reason": "Level 3 completed", "granted_by": None,
        "granted_at": datetime.now(UTC), "monthly_hours": None,
    }, source="identity")


def _queue_has_consumer(amqp_url: str, queue: str) -> bool:
    with Connection(amqp_url) as conn:
        return conn.channel().queue_declare(queue, passive=True).consumer_count > 0


@dataclass(frozen=True)
class PipelineFigures:
    per_s: float
    consumer_cpu_ms: float  # per notice
    dispatcher_cpu_ms: float


def _cpu_s(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pipeline_figures(databases: DatabaseFactory, amqp_url: str, count: int = 10_000) -> PipelineFigures:
    url = databases.migrated(notifications, "pipeline")
    people = _seed_staff(url)
    namespace = f"psn-bench-n-{uuid.uuid4().hex[:8]}"
    topology = Topology(namespace, "notifications")
    sink = CountingSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=_free_port())
    # The sink stands in for a mail server: its log of every SMTP command (50,000 lines a run) would be
    # this process's work, on the cores the consumer and dispatcher are measured on.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    smtp.start()
    env = {**os.environ, "DATABASE_URL": url, "AMQP_URL": amqp_url, "AMQP_NAMESPACE": namespace,
           "SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "LOG_LEVEL": "WARNING"}
    with Connection(amqp_url) as conn:
        declare_all(conn.channel(), namespace)
    processes = [subprocess.Popen([sys.executable, "-m", f"notifications.entrypoints.{kind}"], env=env,
                                  stdout=LOG, stderr=subprocess.STDOUT)
                 for kind in ("consumer", "dispatcher")]
    try:
        deadline = time.monotonic() + 60
        while not _queue_has_consumer(amqp_url, topology.queue_name):
            if time.monotonic() > deadline:
                raise RuntimeError("the notifications consumer did not start")
            time.sleep(0.1)
        events = [_granted(people[n % PEOPLE]) for n in range(count)]
        messages = [(e.id, e.type, e.to_json(), e.correlationid) for e in events]
        publisher = ConfirmingPublisher(amqp_url, topology)
        publisher.connect()
        cpu_before = [_cpu_s(process.pid) for process in processes]
        started = time.perf_counter()
        try:
            for start in range(0, count, PUBLISH_BATCH):
                publisher.publish(messages[start:start + PUBLISH_BATCH])
        finally:
            publisher.close()
        deadline = time.monotonic() + 300
        while sink.accepted < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {sink.accepted} of {count} emails arrived")
            time.sleep(0.05)
        consumer_cpu, dispatcher_cpu = (_cpu_s(p.pid) - before for p, before in zip(processes, cpu_before, strict=True))
        return PipelineFigures(count / (sink.last_at - started), consumer_cpu / count * 1000,
                               dispatcher_cpu / count * 1000)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        smtp.stop()
        names = [n for s in SUBSCRIPTIONS for n in Topology(namespace, s).all_queue_names()]
        delete_namespace(amqp_url, namespace, names)


def measure_inbox(databases: DatabaseFactory, requests_count: int = 500) -> list[float]:
    url = databases.migrated(notifications, "inbox")
    reader = str(uuid.uuid4())
    others = [str(uuid.uuid4()) for _ in range(100)]
    now = datetime.now(UTC)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        columns = "id, recipient_id, event_id, kind, subject, body, created_at, read_at, critical"
        with conn.cursor().copy(f"COPY inbox_entries ({columns}) FROM STDIN") as copy:
            for n in range(101_000):
                owner = reader if n < 1_000 else others[n % 100]
                read = now if n % 3 else None
                copy.write_row((str(uuid.uuid4()), owner, str(uuid.uuid4()), "role_granted",
                                "You are now a peer support trainer", "Dear Person,\n\n" + "Text. " * 60,
                                now - timedelta(minutes=n), read, False))
        conn.execute("ANALYZE")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(replace(NotificationsSettings.load(), database_url=url), verifier=tokens.verifier())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    latencies = []
    try:
        with requests.Session() as http:
            headers = tokens.bearer(reader)
            for n in range(requests_count + 20):
                started = time.perf_counter()
                response = http.get(f"http://127.0.0.1:{server.server_port}/api/v1/inbox", headers=headers,
                                    timeout=30)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200 or response.json()["total"] != 1_000:
                    raise RuntimeError(f"GET /inbox answered {response.status_code}: {response.text[:200]}")
                if n >= 20:  # the first few warm the connection pool and caches
                    latencies.append(elapsed)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["psn.engine"].dispose()
    return latencies


if __name__ == "__main__":
    import statistics

    from run import percentile

    factory = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                              f"notif{uuid.uuid4().hex[:6]}")
    try:
        events = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
        pipeline = pipeline_figures(factory, os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"), events)
        print(f"notifications_per_s: {pipeline.per_s:.0f}")
        print(f"notifications_consumer_cpu_ms: {pipeline.consumer_cpu_ms:.2f}")
        print(f"notifications_dispatcher_cpu_ms: {pipeline.dispatcher_cpu_ms:.2f}")
        figures = measure_inbox(factory)
        print(f"inbox_p50_ms: {statistics.median(figures):.1f}")
        print(f"inbox_p99_ms: {percentile(figures, 0.99):.1f}")
    finally:
        factory.drop_all()
