"""A service's worker kinds as threads of one process: independent failure and shutdown."""

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


def starts(directory: Path, name: str) -> list[int]:
    """The pid of the process each start of the kind ran in, in order."""
    try:
        return [int(line) for line in (directory / f"{name}.starts").read_text().split()]
    except (OSError, ValueError):
        return []


def start(directory: Path, kinds: list[str] = KINDS, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "psn_shared.workers", *kinds], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), "WORKER_KINDS_DIR": str(directory), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def running(host: subprocess.Popen, directory: Path) -> int:
    """The process running the kinds, once both have started."""
    alpha, beta = (wait_for(lambda n=n: starts(directory, n), f"{n} to start") for n in ("alpha", "beta"))
    assert alpha == beta, "both kinds in one process"
    assert alpha[0] != host.pid, "not the one the kinds' crash would end"
    return alpha[0]


def test_a_kind_that_fails_is_started_again_alone_while_the_others_run_on(tmp_path):
    host = start(tmp_path)
    try:
        child = running(host, tmp_path)
        (tmp_path / "alpha.fail").touch()
        wait_for(lambda: len(starts(tmp_path, "alpha")) == 2, "alpha to start again")
        assert starts(tmp_path, "alpha") == [child, child], "in a new thread of the same process"
        assert starts(tmp_path, "beta") == [child], "beta ran on, untouched"
    finally:
        host.terminate()
        host.wait(timeout=20)


def test_a_kind_that_fails_while_no_other_runs_is_started_again_all_the_same(tmp_path):
    host = start(tmp_path, KINDS[:1])
    try:
        child = wait_for(lambda: starts(tmp_path, "alpha"), "alpha to start")[0]
        for times in (2, 3):  # the second time after a longer back-off
            (tmp_path / "alpha.fail").touch()
            wait_for(lambda n=times: len(starts(tmp_path, "alpha")) == n, "alpha to start again")
        assert starts(tmp_path, "alpha") == [child] * 3
    finally:
        host.terminate()
        host.wait(timeout=20)


def test_a_hard_crash_of_the_kinds_process_starts_them_all_again(tmp_path):
    host = start(tmp_path)
    try:
        child = running(host, tmp_path)
        os.kill(child, signal.SIGKILL)
        for name in ("alpha", "beta"):
            again = wait_for(lambda n=name: starts(tmp_path, n)[1:], f"{name} to start again")
            assert again[0] not in (child, host.pid)
        assert host.poll() is None
    finally:
        host.terminate()
        host.wait(timeout=20)


def test_sigterm_lets_every_kind_finish_its_work_then_the_host_exits(tmp_path):
    host = start(tmp_path)
    child = running(host, tmp_path)
    host.send_signal(signal.SIGTERM)
    assert host.wait(timeout=20) == 0
    assert {p.name for p in tmp_path.glob("*.stopped")} == {"alpha.stopped", "beta.stopped"}
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_a_kind_whose_dependencies_never_came_ends_the_set_with_its_status(tmp_path):
    host = start(tmp_path, BETA_EXIT="3")
    assert host.wait(timeout=20) == 3
    assert (tmp_path / "alpha.stopped").exists() or not starts(tmp_path, "alpha"), "alpha was asked to stop, and did"
    for child in starts(tmp_path, "beta"):
        with pytest.raises(ProcessLookupError):
            os.kill(child, 0)
