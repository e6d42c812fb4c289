"""PSS and RSS of every process `make run` starts, by process, idle after some headline workflows.

    python bench/memory_by_kind.py [WORKFLOWS] [--workers-apart]

Starts the system as bench/run.py does (its own databases and namespace, the reports app, the
worker kinds together unless --workers-apart), runs WORKFLOWS headline workflows (20 by default),
lets it settle for a few seconds, then prints one line a process (PSS, RSS, what it runs) and the
totals: what `make bench` reports as system_pss_mb / system_rss_mb, taken apart.
Needs PostgreSQL (DATABASE_URL, a server URL) and RabbitMQ (AMQP_URL).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import headline
import system_memory

from psn_local import SERVICES, System, SystemConfig
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import DatabaseFactory, delete_namespace
from psn_shared.testing.workflow import Network

MAIL_PORT = 18196
SETTLE_S = 5.0


def describe(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    return " ".join(w.rsplit("/", 1)[-1] for w in words if w and not w.startswith("-c"))[:110]


def main() -> None:
    workflows = int(next((a for a in sys.argv[1:] if a.isdigit()), "20"))
    database_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    run = uuid.uuid4().hex[:8]
    namespace = f"psn-mem-{run}"
    databases = DatabaseFactory(database_url, f"mem{run}")
    work = Path(tempfile.mkdtemp(prefix="psn-mem-"))
    config = SystemConfig(
        amqp_url=amqp_url, amqp_namespace=namespace,
        database_urls={s: databases.create(f"mem_{s}") for s in SERVICES},
        ports={s: 18100 + n for n, s in enumerate(SERVICES)},
        web_port=18100 + len(SERVICES), reports_port=18100 + len(SERVICES) + 1,
        workers_together="--workers-apart" not in sys.argv,
        smtp_url=f"smtp://127.0.0.1:{MAIL_PORT}", log_dir=work / "logs", var_dir=work,
    )
    system = System(config)
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
                             "-l", f"127.0.0.1:{MAIL_PORT}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        system.start()
        time.sleep(SETTLE_S)
        roots = [process.pid for process in system.processes.values()]
        print(f"at start-up: PSS {system_memory.pss_mb(roots):.0f} MiB")
        network = Network({s: system.url(s) for s in SERVICES}, config.admin_email, config.admin_password)
        latencies = sorted(headline.measure(network, amqp_url, f"{namespace}.events", workflows))
        p50, p99 = (latencies[round(share * (len(latencies) - 1))] for share in (0.5, 0.99))
        print(f"headline p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        time.sleep(SETTLE_S)
        pids = sorted(system_memory.family(roots))
        for pid in pids:
            pss, rss = (size([pid], with_descendants=False) for size in (system_memory.pss_mb, system_memory.rss_mb))
            print(f"{pss:7.1f} {rss:7.1f}  {describe(pid)}")
        print(f"after {workflows} headline workflows: {len(pids)} processes, "
              f"PSS {system_memory.pss_mb(roots):.0f} MiB, RSS {system_memory.rss_mb(roots):.0f} MiB")
    finally:
        system.stop()
        sink.terminate()
        sink.wait(timeout=20)
        names = [n for s in SUBSCRIPTIONS for n in Topology(namespace, s).all_queue_names()]
        delete_namespace(amqp_url, namespace, names)
        databases.drop_all()


if __name__ == "__main__":
    main()
