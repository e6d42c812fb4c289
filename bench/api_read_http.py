"""`api_reads.py`'s figure for sessions alone: a requester's `GET /support-requests/<id>` over HTTP against
the bare Flask hello, without starting the whole system as `make bench` does.

Sessions runs under gunicorn with its own settings (`services/sessions/gunicorn.conf.py`, WEB_CONCURRENCY
workers, one unless told, as `make run` and `make bench` run it), the hello with the same settings, and
`api_reads.requests_per_second` drives each in turn, `--rounds` times. Besides requests per second it
prints each server's CPU per request, read from /proc (its workers' user and system time), which the
load of a shared machine moves less than the wall clock.

    python bench/api_read_http.py [--rounds 3] [--seconds 5]

Tokens are signed with a key made for the run and written to a file the sessions app reads
(`sessions_app`, gunicorn's app factory here): identity need not run.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import api_reads
import requests
from api_read_profile import seed
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from system_memory import _children

import sessions
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from sessions.app import create_app
from sessions.config import SessionsSettings

BENCH = Path(__file__).parent
SESSIONS_CONF = BENCH.parent / "services" / "sessions" / "gunicorn.conf.py"
KEY_FILE = "PSN_BENCH_SIGNING_KEY"


def _use_key(path: str) -> None:
    """Sign and verify the tests' tokens with the key in `path` (this process and gunicorn's agree)."""
    tokens.SIGNING_KEY = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    tokens.PUBLIC_KEY = tokens.SIGNING_KEY.public_key()


def sessions_app() -> Flask:
    """gunicorn's app: sessions on DATABASE_URL, accepting the tokens signed with the run's key."""
    _use_key(os.environ[KEY_FILE])
    return create_app(SessionsSettings.load(), verifier=tokens.verifier())


def _cpu_s(pid: int) -> float:
    """CPU seconds used so far by the process and the processes it started (gunicorn's workers)."""
    used, pending, children = 0.0, [pid], _children()
    while pending:
        current = pending.pop()
        pending.extend(children.get(current, []))
        fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def _started(command: list[str], env: dict[str, str], url: str) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(url, timeout=1)
            return process
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{command} did not start") from None
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _measured(url: str, headers: dict[str, str], server: subprocess.Popen, seconds: float) -> tuple[float, float]:
    """Requests per second, and the server's CPU milliseconds per request."""
    cpu = _cpu_s(server.pid)
    started = time.perf_counter()
    per_s = api_reads.requests_per_second(url, headers, seconds=seconds)
    answered = per_s * (time.perf_counter() - started)
    return per_s, (_cpu_s(server.pid) - cpu) * 1000 / answered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    workers = os.environ.get("WEB_CONCURRENCY", "1")
    server_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    factory = DatabaseFactory(server_url, f"readhttp{uuid.uuid4().hex[:6]}")
    servers: list[subprocess.Popen] = []
    with tempfile.NamedTemporaryFile(suffix=".pem") as key_file:
        key_file.write(ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        key_file.flush()
        _use_key(key_file.name)
        try:
            url = factory.migrated(sessions, "reads")
            app = create_app(replace(SessionsSettings.load(), database_url=url), verifier=tokens.verifier())
            requester, _ = seed(app.extensions["psn.engine"])
            asked = {"mode": "video", "scope": "any", "urgency": "routine", "details": "Read over HTTP."}
            created = app.test_client().post("/api/v1/support-requests", json=asked,
                                             headers=tokens.bearer(requester, key=tokens.SIGNING_KEY))
            if created.status_code != 201:
                raise RuntimeError(f"POST answered {created.status_code}: {created.text}")
            app.extensions["psn.engine"].dispose()
            sessions_port, hello_port = _free_port(), _free_port()
            env = {**os.environ, "DATABASE_URL": url, KEY_FILE: key_file.name, "WEB_CONCURRENCY": workers,
                   "BIND": f"127.0.0.1:{sessions_port}", "PYTHONPATH": os.pathsep.join([str(BENCH), *sys.path])}
            read_url = f"http://127.0.0.1:{sessions_port}/api/v1/support-requests/{created.json['id']}"
            servers.append(_started([sys.executable, "-m", "gunicorn", "-c", str(SESSIONS_CONF),
                                     "api_read_http:sessions_app()"], env, read_url))
            servers.append(api_reads.hello_server(hello_port, int(workers)))
            for _ in range(args.rounds):
                headers = tokens.bearer(requester, key=tokens.SIGNING_KEY)  # fresh: a token lives five minutes
                read, read_cpu = _measured(read_url, headers, servers[0], args.seconds)
                hello, hello_cpu = _measured(f"http://127.0.0.1:{hello_port}/hello", {}, servers[1], args.seconds)
                print(f"reads/s: {read:.0f}  hellos/s: {hello:.0f}  ratio: {read / hello:.2f}  "
                      f"server CPU ms a read: {read_cpu:.2f}, a hello: {hello_cpu:.2f}  "
                      f"(load {os.getloadavg()[0]:.1f})", flush=True)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
            factory.drop_all()


if __name__ == "__main__":
    main()
