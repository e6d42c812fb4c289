"""One process importing a service's worker kinds and forking each: independent failure and shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KINDS = ["shared.tests.worker_kinds.alpha", "shared.tests.worker_kinds.beta"]


def wait_for(condition, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


def pid_of(directory: Path, name: str) -> int | None:
    try:
        return int((directory / f"{name}.pid").read_text())
    except (OSError, ValueError):
        return None


def start(directory: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "psn_shared.workers", *KINDS], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), "WORKER_KINDS_DIR": str(directory), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_each_kind_runs_in_its_own_process_and_a_dead_one_is_started_again_alone(tmp_path):
    host = start(tmp_path)
    try:
        alpha, beta = (wait_for(lambda n=n: pid_of(tmp_path, n), f"{n} to start") for n in ("alpha", "beta"))
        assert len({alpha, beta, host.pid}) == 3
        os.kill(alpha, signal.SIGKILL)
        again = wait_for(lambda: (pid := pid_of(tmp_path, "alpha")) != alpha and pid, "alpha to start again")
        assert again != alpha
        assert pid_of(tmp_path, "beta") == beta
        os.kill(beta, 0)  # beta ran on, untouched
    finally:
        host.terminate()
        host.wait(timeout=20)


def test_sigterm_lets_every_kind_finish_its_work_then_the_host_exits(tmp_path):
    host = start(tmp_path)
    for name in ("alpha", "beta"):
        wait_for(lambda n=name: pid_of(tmp_path, n), f"{name} to start")
    host.send_signal(signal.SIGTERM)
    assert host.wait(timeout=20) == 0
    assert {p.name for p in tmp_path.glob("*.stopped")} == {"alpha.stopped", "beta.stopped"}


def test_a_kind_whose_dependencies_never_came_ends_the_set_with_its_status(tmp_path):
    host = start(tmp_path, BETA_EXIT="3")
    assert host.wait(timeout=20) == 3
    alpha = pid_of(tmp_path, "alpha")
    if alpha is not None:  # started before beta gave up: it was asked to stop, and did
        with pytest.raises(ProcessLookupError):
            os.kill(alpha, 0)
