"""make bench: every figure in one run on the local broker and database, one `name: value` a line.

Needs PostgreSQL (DATABASE_URL, a server URL) and RabbitMQ (AMQP_URL); creates and drops its
own databases and queues.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import allocation
import api_reads
import bare_kombu
import floor
import headline
import identity_import
import notifications_bench
import pipeline
import system_memory
import web_pages
from results import Results, latest

from psn_local import SERVICES, WEB, System, SystemConfig
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import DatabaseFactory, delete_namespace
from psn_shared.testing.workflow import Network

PIPELINE_EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
WORKFLOWS = int(os.environ.get("BENCH_WORKFLOWS", "200"))
ALLOCATIONS = int(os.environ.get("BENCH_ALLOCATIONS", "500"))
NOTICES = int(os.environ.get("BENCH_NOTICES", "10000"))
READ_SECONDS = float(os.environ.get("BENCH_READ_SECONDS", "2"))
READ_ROUNDS = int(os.environ.get("BENCH_READ_ROUNDS", "5"))
PAGE_ROUNDS = int(os.environ.get("BENCH_PAGE_ROUNDS", "40"))
HELLO_PORT = 18095
MAIL_PORT = 18096


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(frozen=True)
class SystemFigures:
    headline_ms: list[float]
    floor_ms: list[float]
    rss_mb: float
    pss_mb: float
    reads: api_reads.ReadRounds
    pages: web_pages.PageFigures


def run_system(databases: DatabaseFactory, amqp_url: str, run: str) -> SystemFigures:
    """The whole system as `make run` starts it: the headline taking turns with its floor, its memory
    after, API reads and web pages."""
    namespace = f"psn-bench-{run}"
    work = Path(tempfile.mkdtemp(prefix="psn-bench-"))
    config = SystemConfig(
        amqp_url=amqp_url,
        amqp_namespace=namespace,
        database_urls={s: databases.create(f"headline_{s}") for s in SERVICES},
        ports={s: 18000 + n for n, s in enumerate(SERVICES)},
        web_port=18000 + len(SERVICES),
        reports_port=18000 + len(SERVICES) + 1,
        workers_together=True,  # as `make run` runs them
        smtp_url=f"smtp://127.0.0.1:{MAIL_PORT}",  # a sink taking the system's emails, as `make run` has
        log_dir=work / "logs",
        var_dir=work,
    )
    system = System(config)
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
                             "-l", f"127.0.0.1:{MAIL_PORT}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        system.start()
        network = Network({s: system.url(s) for s in SERVICES}, config.admin_email, config.admin_password)
        with floor.Floor(databases.create("floor"), amqp_url, config.web_workers) as bare:
            latencies, floor_ms = headline.measure_beside(network, amqp_url, f"{namespace}.events", bare, WORKFLOWS)
        rss = system_memory.rss_mb(process.pid for process in system.processes.values())
        pss = system_memory.pss_mb(process.pid for process in system.processes.values())
        reads = measure_reads(network, system, config.web_workers)
        pids = [process.pid for process in system.processes.values()]
        pages = web_pages.measure(network, system.url(WEB), pids, PAGE_ROUNDS)
        return SystemFigures(latencies, floor_ms, rss, pss, reads, pages)
    finally:
        system.stop()
        sink.terminate()
        sink.wait(timeout=20)
        names = [n for s in SUBSCRIPTIONS for n in Topology(namespace, s).all_queue_names()]
        delete_namespace(amqp_url, namespace, names)


def measure_reads(network: Network, system: System, web_workers: int) -> api_reads.ReadRounds:
    """A requester reading their own support request and the bare hello, in turn, READ_ROUNDS times."""
    requester = network.login(network.register("Reading Requester", team_id=network.create_team("Bench readers")))
    request = network.ask_for_support(requester, scope="any")
    url = f"{system.url('sessions')}/api/v1/support-requests/{request['id']}"
    hello = api_reads.hello_server(HELLO_PORT, web_workers)
    try:
        return api_reads.in_turn(url, requester.auth, f"http://127.0.0.1:{HELLO_PORT}/hello",
                                 rounds=READ_ROUNDS, seconds=READ_SECONDS)
    finally:
        hello.terminate()
        hello.wait(timeout=20)


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    run = uuid.uuid4().hex[:8]
    logging.getLogger("alembic").setLevel(logging.WARNING)  # each database migrated: lines between the figures
    databases = DatabaseFactory(database_url, f"bench{run}")
    results = Results()
    try:
        figures = run_system(databases, amqp_url, run)
        latencies = figures.headline_ms
        results.add("headline_p50_ms", statistics.median(latencies), 1)
        results.add("headline_p99_ms", percentile(latencies, 0.99), 1)
        bare = figures.floor_ms
        results.add("headline_floor_p50_ms", statistics.median(bare), 1)
        results.add("headline_floor_p99_ms", percentile(bare, 0.99), 1)
        results.add("headline_ratio_p50", statistics.median(latencies) / statistics.median(bare), 2)
        results.add("headline_ratio_p99", percentile(latencies, 0.99) / percentile(bare, 0.99), 2)
        results.add("system_rss_mb", figures.rss_mb, 0)
        results.add("system_pss_mb", figures.pss_mb, 0)
        results.add("api_read_per_s", figures.reads.read_per_s, 0)
        results.add("api_hello_per_s", figures.reads.hello_per_s, 0)
        results.add("api_read_ratio", figures.reads.ratio, 2)
        results.add("web_page_p95_ms", percentile(figures.pages.all_ms, 0.95), 1)
        for page, timings in figures.pages.by_page_ms.items():
            results.add(f"web_page_{page}_p95_ms", percentile(timings, 0.95), 1)
        results.add("web_page_cpu_ms", figures.pages.cpu_ms_per_page, 1)
        pipeline_rate = pipeline.measure(databases.create("pipeline"), amqp_url, PIPELINE_EVENTS,
                                         writers=2, per_transaction=50)
        results.add("pipeline_events_per_s", pipeline_rate, 0)
        web_shaped = pipeline.measure(databases.create("pipeline_web"), amqp_url, PIPELINE_EVENTS,
                                      writers=3, per_transaction=1)
        results.add("pipeline_one_event_per_transaction_events_per_s", web_shaped, 0)
        bare_rate = bare_kombu.measure(amqp_url, PIPELINE_EVENTS)
        results.add("bare_kombu_events_per_s", bare_rate, 0)
        results.add("pipeline_ratio", pipeline_rate / bare_rate, 2)
        results.add("import_40k_rows_s", identity_import.measure(databases.create("identity_import")), 1)
        allocations = allocation.measure(databases, ALLOCATIONS)
        results.add("allocation_p50_ms", statistics.median(allocations), 1)
        results.add("allocation_p99_ms", percentile(allocations, 0.99), 1)
        notices = notifications_bench.pipeline_figures(databases, amqp_url, NOTICES)
        results.add("notifications_per_s", notices.per_s, 0)
        results.add("notifications_consumer_cpu_ms", notices.consumer_cpu_ms, 2)
        results.add("notifications_dispatcher_cpu_ms", notices.dispatcher_cpu_ms, 2)
        inbox = notifications_bench.measure_inbox(databases)
        results.add("inbox_p50_ms", statistics.median(inbox), 1)
        results.add("inbox_p99_ms", percentile(inbox, 0.99), 1)
    finally:
        databases.drop_all()
    saved = results.save()
    previous = latest(other_than=saved)
    if previous is not None:
        results.compare(previous)


if __name__ == "__main__":
    main()
