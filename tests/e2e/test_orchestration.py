"""Under an orchestrator: a process without its dependencies exits non-zero after a bounded wait;
SIGTERM stops every process within the grace period without losing work; a web app asked to stop
says it is not ready before it stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from psn_local import SERVICES, TOGETHER, WORKERS, System, SystemConfig
from psn_shared.testing.infra import wait_for

from .conftest import free_port
from .streams import Workflow, complete, effects, lost_and_doubled

pytestmark = [pytest.mark.e2e, pytest.mark.fault]

GRACE_PERIOD_S = 30  # terminationGracePeriodSeconds in deploy/k8s
WAIT_S = 2  # DEPENDENCY_TIMEOUT_S for the processes below
# Processes that talk to RabbitMQ themselves; the others need only their database.
NEEDS_BROKER = {"web", "consumer", "relay"}


def exit_status(process: subprocess.Popen, timeout: float) -> int | None:
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def gone(pid: str) -> bool:
    """The process has exited: no longer in /proc, or a zombie whose parent has not yet reaped it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_every_process_exits_non_zero_when_its_dependencies_never_come(tmp_path):
    runner = System(SystemConfig(log_dir=tmp_path))
    nowhere = {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/psn",
               "AMQP_URL": f"amqp://guest:guest@127.0.0.1:{free_port()}//", "DEPENDENCY_TIMEOUT_S": str(WAIT_S)}
    started = {}
    for service in SERVICES:
        for kind in (*WORKERS[service], "web", "migrate", TOGETHER):
            env = {**runner.env_for(service), **nowhere, "BIND": f"127.0.0.1:{free_port()}"}
            log = tmp_path / f"{service}-{kind}.log"
            started[service, kind] = (log, subprocess.Popen(runner.command(service, kind), env=env,
                                                            stdout=log.open("wb"), stderr=subprocess.STDOUT))
    began = time.monotonic()
    statuses = {key: exit_status(process, timeout=max(1.0, began + 90 - time.monotonic()))
                for key, (_log, process) in started.items()}
    assert {key: status for key, status in statuses.items() if not status} == {}, "all exit, and non-zero"
    for (service, kind), (log, _process) in started.items():
        refusal = next((json.loads(line) for line in log.read_text().splitlines()
                        if line.startswith("{") and "cannot reach" in line), None)
        assert refusal is not None, (service, kind, log.read_text()[-2000:])
        if kind == TOGETHER:  # whichever of its kinds gave up first ended them all
            assert "database" in refusal["missing"], (service, kind, refusal)
            continue
        expected = {"database", "broker"} if kind in NEEDS_BROKER else {"database"}
        assert set(refusal["missing"]) == expected, (service, kind, refusal)


def test_sigterm_stops_every_worker_within_the_grace_period_and_loses_no_work(network, mailbox, system):
    workflow = Workflow.begun(network)
    network.complete_level_2(workflow.cast.cohort_id, workflow.cast.candidate)  # its events are on their way now

    for service in SERVICES:
        for kind in WORKERS[service]:
            began = time.monotonic()
            assert system.kill(service, kind, signal.SIGTERM) == 0, (service, kind)
            assert time.monotonic() - began < GRACE_PERIOD_S
    for service in SERVICES:
        for kind in WORKERS[service]:
            system.start_process(service, kind)

    wait_for(lambda: complete(effects(network, mailbox, system.config.database_urls, workflow)), timeout=60,
             interval=0.2, what="every effect of the workflow")
    assert lost_and_doubled([effects(network, mailbox, system.config.database_urls, workflow)]) == (0, 0)


def test_a_web_app_asked_to_stop_is_not_ready_before_it_stops(system):
    port = free_port()
    env = {**system.env_for("notifications"), "BIND": f"127.0.0.1:{port}", "SHUTDOWN_DRAIN_S": "3"}
    log = system.config.log_dir / "notifications-web-extra.log"
    web = subprocess.Popen(system.command("notifications", "web"), env=env, stdout=log.open("wb"),
                           stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: requests.get(f"{url}/health/ready", timeout=2).status_code == 200, timeout=60,
                 what="the extra web app ready")
        web.send_signal(signal.SIGTERM)
        stopping = wait_for(lambda: (r := requests.get(f"{url}/health/ready", timeout=2)).status_code == 503
                            and r.json(), timeout=2, what="readiness false")
        assert stopping["status"] == "stopping"
        assert web.poll() is None, "still running, and still serving"
        assert requests.get(f"{url}/health/live", timeout=2).status_code == 200
        assert requests.get(f"{url}/openapi.json", timeout=2).status_code == 200
        assert exit_status(web, timeout=GRACE_PERIOD_S) == 0
    finally:
        if web.poll() is None:
            os.killpg(web.pid, signal.SIGKILL)
            web.wait()


def test_a_web_app_asked_to_stop_while_waiting_for_its_dependencies_stops_at_once(tmp_path):
    runner = System(SystemConfig(log_dir=tmp_path))
    nowhere = {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/psn",
               "AMQP_URL": f"amqp://guest:guest@127.0.0.1:{free_port()}//", "DEPENDENCY_TIMEOUT_S": "120",
               "BIND": f"127.0.0.1:{free_port()}"}
    log = tmp_path / "identity-web.log"
    master = subprocess.Popen(runner.command("identity", "web"), env={**runner.env_for("identity"), **nowhere},
                              stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    try:
        waiting = wait_for(lambda: children.read_text().split(), timeout=30, what="the master's waiting child")
        master.send_signal(signal.SIGTERM)
        assert exit_status(master, timeout=10) not in (None, 0)
        # Within moments, not the 120 s a child would wait for its dependencies; a zombie is not waiting.
        wait_for(lambda: all(gone(pid) for pid in waiting), timeout=5, what="no child left waiting")
    finally:
        if master.poll() is None:
            os.killpg(master.pid, signal.SIGKILL)
            master.wait()
