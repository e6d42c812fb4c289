"""The system as `make run` starts it: each service's worker kinds as threads of one process
(`psn_shared.workers`) and a SQLite database a service, where the other e2e tests run a process a
kind on PostgreSQL. Headline workflows complete, each effect once, and no process logs an error on
the way (a kind that starts beside the others must find what they share ready, not half made). `make demo`
walks the headline against it too, as a new user would, and reports what happened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psn_local import SERVICES
from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD, delete_queues, running, system_config
from .streams import Workflow, complete, effects, lost_and_doubled

pytestmark = pytest.mark.e2e

WORKFLOWS = 2
DEMO = Path(__file__).parents[2] / "deploy" / "local" / "demo.py"


def errors_logged(log_dir: Path) -> list[str]:
    """Each ERROR or CRITICAL record in the system's logs, as '<file>: <logger>: <message>'."""
    found = []
    for path in sorted(log_dir.glob("*.log")):
        for line in path.read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue  # the mail sink's and other plain output
            record = json.loads(line)
            if record.get("level") in ("ERROR", "CRITICAL"):
                found.append(f"{path.name}: {record.get('logger')}: {record.get('message')}")
    return found


def test_as_make_run_starts_it_the_headline_completes_once_and_nothing_logs_an_error(
    databases, amqp_url, mailbox, providers, tmp_path_factory, test_run_id, request,
):
    namespace = f"psn-together-{test_run_id}"
    work = tmp_path_factory.mktemp("together")
    config = system_config(work, databases=databases, amqp_url=amqp_url, amqp_namespace=namespace,
                           mailbox=mailbox, providers=providers, hint="together")
    config.workers_together = True
    config.database_urls = {s: f"sqlite:///{work / s}.sqlite3" for s in SERVICES}
    try:
        with running(config, request) as system:
            network = Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD)
            workflows = [Workflow.begun(network) for _ in range(WORKFLOWS)]
            for workflow in workflows:
                network.complete_level_2(workflow.cast.cohort_id, workflow.cast.candidate)
            for workflow in workflows:
                wait_for(lambda w=workflow: complete(effects(network, mailbox, config.database_urls, w)),
                         timeout=60, interval=0.2, what="every effect of the workflow")
            counted = [effects(network, mailbox, config.database_urls, w) for w in workflows]
            assert lost_and_doubled(counted) == (0, 0), counted
            said = demo_against(system)
            assert "the waiting request is now allocated to the new supporter" in said, said
            assert "colleague's inbox: " in said and "supporter's inbox: A colleague has been matched" in said, said
            assert errors_logged(config.log_dir) == []
    finally:
        delete_queues(amqp_url, namespace)


def demo_against(system) -> str:
    """What `make demo` prints, walked against this system."""
    env = {**os.environ, "PSN_ADMIN_EMAIL": ADMIN_EMAIL, "PSN_ADMIN_PASSWORD": ADMIN_PASSWORD,
           **{f"PSN_{s.upper()}_URL": system.url(s) for s in SERVICES}}
    walked = subprocess.run([sys.executable, str(DEMO)], env=env, capture_output=True, text=True, timeout=120)
    assert walked.returncode == 0, walked.stderr[-2000:]
    return walked.stdout
