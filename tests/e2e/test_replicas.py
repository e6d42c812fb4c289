"""Two copies of every web app, consumer and relay; one copy of each killed in the middle of a
stream of headline workflows: every workflow completes, every effect exactly once."""

from __future__ import annotations

import contextlib
import signal

import pytest

from psn_local import SERVICES
from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD, delete_queues, running, system_config
from .streams import Workflow, complete, effects, lost_and_doubled

pytestmark = [pytest.mark.e2e, pytest.mark.fault]

WORKFLOWS = 6


def test_two_of_everything_with_one_of_each_killed_midway_completes_exactly_once(
    databases, amqp_url, mailbox, providers, tmp_path_factory, test_run_id, request,
):
    namespace = f"psn-replicas-{test_run_id}"
    config = system_config(tmp_path_factory.mktemp("replicas"), databases=databases, amqp_url=amqp_url,
                           amqp_namespace=namespace, mailbox=mailbox, providers=providers, hint="replicas",
                           replicas=2)
    config.web_workers = 1  # two copies of each web app already: keep the database connections in bounds
    try:
        with running(config, request) as system:
            network = Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD)
            workflows = [Workflow.begun(network) for _ in range(WORKFLOWS)]

            for n, workflow in enumerate(workflows):
                if n == WORKFLOWS // 2:
                    # The first half's events are in flight: a copy of each process dies without warning.
                    for service in SERVICES:
                        for kind in ("relay", "consumer", "web"):
                            system.kill(service, kind, signal.SIGKILL, copy=1)
                network.complete_level_2(workflow.cast.cohort_id, workflow.cast.candidate)

            for workflow in workflows:
                with contextlib.suppress(AssertionError):  # what never came is counted as lost below
                    wait_for(lambda w=workflow: complete(effects(network, mailbox, config.database_urls, w)),
                             timeout=60, interval=0.2, what="every effect of the workflow")
            counted = [effects(network, mailbox, config.database_urls, w) for w in workflows]
            lost, doubled = lost_and_doubled(counted)
            assert (lost, doubled) == (0, 0), counted
            assert all(system.process(s, k).poll() is None for s in SERVICES for k in ("relay", "consumer", "web"))
    finally:
        delete_queues(amqp_url, namespace)
