"""The failed-login limit holds to the request with three gunicorn workers, as deployed.

Counted per worker, a limit of 5 let through up to 5 failures a worker and answered 401 and 429 in
turn; counted in a store every worker shares, it is exactly 5 failures, then 429s.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

import identity
from psn_shared.testing.infra import wait_for
from services.identity.tests.conftest import ADMIN_EMAIL

GUNICORN_CONF = Path(identity.__file__).resolve().parents[2] / "gunicorn.conf.py"
REDIS = ("127.0.0.1", 6379)
LIMIT = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_listening() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(REDIS) == 0


@pytest.fixture(params=["database://", "redis://127.0.0.1:6379/0"])
def identity_web(request: pytest.FixtureRequest, service_db: str, tmp_path: Path) -> Iterator[str]:
    """identity's web app under gunicorn, 3 workers, on a free loopback port: its base URL."""
    if request.param.startswith("redis") and not redis_listening():
        pytest.skip("no Redis on 127.0.0.1:6379")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": service_db,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "3",
        "RATELIMIT_STORAGE_URI": request.param,
        "LOGIN_LIMIT_PER_ACCOUNT": f"{LIMIT} per 15 minutes",
        # Its own key prefix, so counters in a shared Redis from other runs are not this one's.
        "AMQP_NAMESPACE": f"psn-test-{uuid.uuid4().hex[:8]}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "identity.entrypoints.wsgi:app"]
    web = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: requests.get(f"{base}/health/live", timeout=2).status_code == 200,
                 timeout=60, what="identity under gunicorn")
        # Every worker booted, so the requests below are shared among them.
        wait_for(lambda: (tmp_path / "gunicorn.log").read_text().count("Booting worker") == 3,
                 timeout=30, what="three gunicorn workers")
        yield base
    finally:
        web.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing is in flight
        web.wait(timeout=30)
        log.close()


def wrong_password(base: str, email: str = ADMIN_EMAIL) -> requests.Response:
    return requests.post(f"{base}/api/v1/auth/token", json={"email": email, "password": "not-the-password"},
                         timeout=10)


def test_exactly_the_limit_of_failed_logins_then_429_with_retry_after(identity_web):
    responses = [wrong_password(identity_web) for _ in range(LIMIT + 10)]
    assert [r.status_code for r in responses] == [401] * LIMIT + [429] * 10
    assert all(int(r.headers["Retry-After"]) > 0 for r in responses[LIMIT:])


def test_guesses_sent_all_at_once_still_get_exactly_the_limit(identity_web):
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(r.status_code for r in pool.map(lambda _: wrong_password(identity_web), range(30)))
    assert statuses == [401] * LIMIT + [429] * 25
