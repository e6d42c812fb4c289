"""The local runner: every service, worker and relay as processes on this machine.

Where there is no Docker engine this starts what docker-compose.yml would, with the same
commands: per service a migration, then gunicorn, the event consumer and the outbox relay
(and the training and sessions schedulers, the notifications dispatcher and reminders scheduler). The end-to-end
tests, the benchmark and `make run` all start the system through it.

Development tooling, not part of any service: it lives in the `psn-local` package under
deploy/local (installed editable by `make install`) and runs the services from this checkout.

    python -m psn_local [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[3]  # the checkout: deploy/local/psn_local/__init__.py
SERVICES = ("identity", "training", "sessions", "notifications")
WORKERS = {
    "identity": ("consumer", "relay"),
    "training": ("consumer", "relay", "scheduler"),
    "sessions": ("consumer", "relay", "scheduler"),
    "notifications": ("consumer", "relay", "dispatcher", "scheduler"),
}
DEFAULT_PORTS = {"identity": 8001, "training": 8002, "sessions": 8003, "notifications": 8004}
# The web front end: no database, no events; it calls the four services' APIs for the people using it.
WEB = "web"
DEFAULT_WEB_PORT = 8000
# The board report's download for the coordinator (psn_reports.app): no database, no events; it asks
# identity, training and sessions for their parts with the caller's token.
REPORTS = "reports"
DEFAULT_REPORTS_PORT = 8005
# The kinds that run as several copies when asked (`replicas`), as Kubernetes scales them; the
# schedulers and the dispatcher stay single, as their Deployments do.
REPLICATED = ("web", "consumer", "relay")
# A service's worker kinds as threads of one process (SystemConfig.workers_together).
TOGETHER = "workers"
# glibc's malloc, for processes that idle most of the time (the environment may override either):
# two arenas, not eight a core, for the few threads each process runs; and a fixed threshold above
# which a block is mapped on its own and given back when freed. Left to adjust itself, glibc raised
# the threshold past identity's 19 MiB password hash and then kept the freed blocks, 19 MiB a worker.
MALLOC_SETTINGS = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": str(1024 * 1024)}


@dataclass
class SystemConfig:
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672//"
    amqp_namespace: str = "psn"
    database_urls: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    smtp_url: str = "smtp://127.0.0.1:8025"
    admin_email: str = "admin@psn.local"
    admin_password: str = "change-me-admin-password"
    log_dir: Path = REPO / "var" / "log"
    var_dir: Path = REPO / "var"
    # One gunicorn worker an app (sync, as everywhere): on a small board's machine a second one
    # costs more memory than the requests it would serve in parallel are worth (bench/README.md, "Memory").
    web_workers: int = 1
    # Copies of each web app, consumer and relay. Web copies share their service's port
    # (SO_REUSEPORT: the kernel spreads connections over them, as a Service spreads them over pods).
    replicas: int = 1
    # Where the web front end listens; None runs the system without it.
    web_port: int | None = DEFAULT_WEB_PORT
    # Where the reports app listens; None (the default, so systems started side by side do not share a
    # port) runs the system without it. `make run` starts it on DEFAULT_REPORTS_PORT.
    reports_port: int | None = None
    # One process per service running its worker kinds as threads (psn_shared.workers: less memory,
    # each kind still failing and stopping on its own), as `make run` does; False runs each kind as
    # a process of its own, as Kubernetes does (and as tests that kill one kind by its pid need).
    workers_together: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)


class System:
    """Starts, watches and stops the whole system's processes."""

    def __init__(self, config: SystemConfig) -> None:
        self.config = config
        self.processes: dict[tuple[str, str, int], subprocess.Popen] = {}  # (service, kind, copy)
        config.log_dir.mkdir(parents=True, exist_ok=True)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port(service)}"

    def port(self, service: str) -> int | None:
        if service == WEB:
            return self.config.web_port
        if service == REPORTS:
            return self.config.reports_port
        return self.config.ports[service]

    def env_for(self, service: str) -> dict[str, str]:
        config = self.config
        env = {
            **MALLOC_SETTINGS,
            **os.environ,
            "AMQP_URL": config.amqp_url,
            "AMQP_NAMESPACE": config.amqp_namespace,
            "IDENTITY_JWKS_URL": f"{self.url('identity')}/.well-known/jwks.json",
            "SMTP_URL": config.smtp_url,
            "IDENTITY_ADMIN_EMAIL": config.admin_email,
            "IDENTITY_ADMIN_PASSWORD": config.admin_password,
            "PSN_VAR_DIR": str(config.var_dir),
            "BIND": f"127.0.0.1:{self.port(service)}",
            "WEB_CONCURRENCY": str(config.web_workers),
            "PYTHONUNBUFFERED": "1",
            # The web front end passes on each browser's address (the services listen on loopback only).
            "TRUSTED_PROXY_HOPS": "1",
            **config.extra_env,
        }
        env.pop("DATABASE_URL", None)
        if config.web_port is not None:
            # The links in emails open the web front end's pages (unless the caller chose others).
            env.setdefault("IDENTITY_RESET_LINK", f"{self.url(WEB)}/reset-password#token=")
            env.setdefault("NOTIFICATIONS_PREFERENCES_URL", f"{self.url(WEB)}/settings/notifications")
            env.setdefault("NOTIFICATIONS_HELP_URL", f"{self.url(WEB)}/help")
            env.setdefault("NOTIFICATIONS_REQUESTS_URL", f"{self.url(WEB)}/support/requests/")
            env.setdefault("SESSIONS_FEEDBACK_LINK", f"{self.url(WEB)}/feedback#token=")
            env.setdefault("TRAINING_CERTIFICATE_CHECK_LINK", f"{self.url(WEB)}/certificates/check/")
        if service in (WEB, REPORTS):
            env.update({f"{s.upper()}_URL": self.url(s) for s in SERVICES})
        if service == WEB:
            env["WEB_SESSION_DIR"] = str(config.var_dir / "web-sessions")
            if config.reports_port is not None:  # where the board report's download is, for its page to link
                env["REPORTS_URL"] = self.url(REPORTS)
        if service in config.database_urls:
            env["DATABASE_URL"] = config.database_urls[service]
        return env

    def command(self, service: str, kind: str) -> list[str]:
        if service == REPORTS:
            return [sys.executable, "-m", "gunicorn", "-c", "python:psn_shared.gunicorn_conf", "psn_reports.wsgi:app"]
        if kind == "web":
            conf = REPO / "services" / service / "gunicorn.conf.py"
            reuse_port = ["--reuse-port"] if self.config.replicas > 1 else []
            return [sys.executable, "-m", "gunicorn", "-c", str(conf), *reuse_port, f"{service}.entrypoints.wsgi:app"]
        if kind == TOGETHER:
            kinds = (f"{service}.entrypoints.{kind}" for kind in WORKERS[service])
            return [sys.executable, "-m", "psn_shared.workers", *kinds]
        return [sys.executable, "-m", f"{service}.entrypoints.{kind}"]

    def migrate(self) -> None:
        running = {s: self._spawn(s, "migrate") for s in SERVICES}
        for service, process in running.items():
            if process.wait(timeout=120) != 0:
                raise RuntimeError(f"{service} migration failed; see {self.log_path(service, 'migrate')}")

    def start(self, *, ready_timeout: float = 60.0) -> None:
        self.migrate()
        for service in SERVICES:
            for kind in self.kinds(service):
                for copy in range(self.copies(kind)):
                    self.start_process(service, kind, copy)
        if self.config.web_port is not None:
            for copy in range(self.copies("web")):
                self.start_process(WEB, "web", copy)
        if self.config.reports_port is not None:
            self.start_process(REPORTS, "web")
        self.wait_ready(ready_timeout)

    def kinds(self, service: str) -> tuple[str, ...]:
        return (TOGETHER, "web") if self.config.workers_together else (*WORKERS[service], "web")

    def copies(self, kind: str) -> int:
        return self.config.replicas if kind in REPLICATED else 1

    def process(self, service: str, kind: str, copy: int = 0) -> subprocess.Popen:
        return self.processes[(service, kind, copy)]

    def start_process(self, service: str, kind: str, copy: int = 0) -> subprocess.Popen:
        process = self._spawn(service, kind, copy)
        self.processes[(service, kind, copy)] = process
        return process

    def _spawn(self, service: str, kind: str, copy: int = 0) -> subprocess.Popen:
        log = open(self.log_path(service, kind, copy), "ab")  # noqa: SIM115 - handed to the child
        # A session of its own: a kill takes gunicorn's workers with their master, as a pod's end does.
        return subprocess.Popen(
            self.command(service, kind), env=self.env_for(service), stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
            start_new_session=True,
        )

    def log_path(self, service: str, kind: str, copy: int = 0) -> Path:
        suffix = f"-{copy}" if copy else ""
        return self.config.log_dir / f"{service}-{kind}{suffix}.log"

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = set(SERVICES) | {app for app in (WEB, REPORTS) if self.port(app) is not None}
        while pending and time.monotonic() < deadline:
            for service in sorted(pending):
                self._check_alive()
                try:
                    if requests.get(f"{self.url(service)}/health/ready", timeout=2).status_code == 200:
                        pending.discard(service)
                except requests.RequestException:
                    pass
            time.sleep(0.1)
        if pending:
            raise RuntimeError(f"not ready after {timeout}s: {sorted(pending)}; logs in {self.config.log_dir}")

    def _check_alive(self) -> None:
        for (service, kind, copy), process in self.processes.items():
            if process.poll() is not None:
                log = self.log_path(service, kind, copy)
                raise RuntimeError(f"{service} {kind} exited with {process.returncode}; see {log}")

    def kill(self, service: str, kind: str, sig: int = signal.SIGKILL, copy: int = 0) -> int:
        """Signal one process (SIGKILL: with every process it started) and wait for it to exit; returns its status."""
        process = self.processes[(service, kind, copy)]
        if sig == signal.SIGKILL:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.send_signal(sig)
        return process.wait(timeout=30)

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM everything (each process finishes its work in hand), then SIGKILL stragglers."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def tail_logs(self, lines: int = 30) -> str:
        out = []
        for path in sorted(self.config.log_dir.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"==> {path.name} <==\n" + "\n".join(text))
        return "\n".join(out)


def create_databases(server_url: str, prefix: str = "psn") -> dict[str, str]:
    """One database per service on a PostgreSQL server (created when missing)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    urls = {}
    with admin.connect() as conn:
        for service in SERVICES:
            name = f"{prefix}_{service}"
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            urls[service] = url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=os.environ.get("PSN_POSTGRES_URL"),
                        help="PostgreSQL server URL; one database per service is created on it (default: SQLite)")
    parser.add_argument("--amqp", default=os.environ.get("AMQP_URL", SystemConfig.amqp_url))
    parser.add_argument("--replicas", type=int, default=1,
                        help="copies of each web app, consumer and relay (default 1)")
    parser.add_argument("--workers-apart", action="store_true",
                        help="each worker kind in a process of its own, as Kubernetes runs them (default: the kinds "
                             "of a service run as threads of one process, which takes less memory)")
    parser.add_argument("--smtp", default=os.environ.get("SMTP_URL"),
                        help="SMTP server for email (default: a local mail sink on 127.0.0.1:8025 printing mail)")
    args = parser.parse_args()
    config = SystemConfig(amqp_url=args.amqp, replicas=args.replicas, reports_port=DEFAULT_REPORTS_PORT,
                          workers_together=not args.workers_apart)
    if args.postgres:
        config.database_urls = create_databases(args.postgres)
    system = System(config)
    sink = None
    if args.smtp:
        config.smtp_url = args.smtp
    else:
        # Out of the terminal's process group, as the system's processes are: Ctrl-C would stop it while
        # the dispatcher still holds its connections. It is stopped last, once they are closed.
        sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:8025"], cwd=REPO,
                                start_new_session=True)
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        system.start()
        print("Peer Support Network is running:")
        for service in SERVICES:
            print(f"  {service:14} {system.url(service)}   (API docs: {system.url(service)}/docs)")
        print(f"  {'web':14} {system.url(WEB)}   (the web front end for staff)")
        print(f"  {'reports':14} {system.url(REPORTS)}   (the board report: /api/v1/reports/board?quarter=)")
        print(f"  administrator  {config.admin_email} / {config.admin_password}")
        print(f"  logs           {config.log_dir}    Ctrl-C stops everything.")
        while not stopping:
            system._check_alive()
            time.sleep(0.5)
    finally:
        system.stop()
        if sink is not None:
            sink.terminate()
            sink.wait(timeout=10)

