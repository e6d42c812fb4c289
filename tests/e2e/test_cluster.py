"""The system on a three-node RabbitMQ cluster loses the node that leads its queues, twice.

Three extra RabbitMQ nodes run on this machine beside its own broker (untouched), clustered;
every process is given all three addresses. In the middle of a stream of headline workflows the
node leading the consumers' quorum queues is stopped (cleanly, as a pod is); it is started
again, and then the node leading them by then is killed outright. Every workflow completes and
every effect happens exactly once.

Figures printed: cluster_events_lost, cluster_effects_doubled (both must be 0) and, for each
stop, the seconds from the node stopping to the first workflow started after it completing.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter

import pytest

from psn_local import SERVICES
from psn_local.cluster import Node, RabbitCluster
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD, running, system_config
from .streams import Workflow, complete, effects, lost_and_doubled

pytestmark = [pytest.mark.e2e, pytest.mark.fault]

WORKFLOWS_PER_STOP = 4
COMPLETE_WITHIN_S = 120


def leading_node(cluster: RabbitCluster, queues: list[str]) -> Node:
    """The node leading the consumers' queues (all of them, as every client first tries the same node)."""
    leaders = cluster.leaders(queues)
    assert set(leaders) == set(queues), leaders
    return cluster.node(Counter(leaders.values()).most_common(1)[0][0])


def stream_losing(network: Network, cluster: RabbitCluster, node: Node, workflows: list[Workflow],
                  *, crash: bool) -> float:
    """Complete half the workflows, stop `node` and complete the rest while it goes; seconds from
    the stop to the first workflow started after it being allocated."""
    half = len(workflows) // 2
    for workflow in workflows[:half]:
        network.complete_level_2(workflow.cast.cohort_id, workflow.cast.candidate)
    stopping = threading.Thread(target=cluster.stop_node, args=(node,), kwargs={"crash": crash})
    stopped_at = time.monotonic()
    stopping.start()
    for workflow in workflows[half:]:
        network.complete_level_2(workflow.cast.cohort_id, workflow.cast.candidate)
    stopping.join(timeout=90)
    assert not node.running, f"{node.name} did not stop"
    wait_for(lambda: workflows[half].allocated(network), timeout=COMPLETE_WITHIN_S, interval=0.05,
             what="the first workflow after the stop")
    return time.monotonic() - stopped_at


def test_losing_the_leading_node_mid_stream_loses_and_doubles_nothing(
    databases, mailbox, providers, tmp_path_factory, test_run_id, request, capsys,
):
    work = tmp_path_factory.mktemp("cluster")
    cluster = RabbitCluster(work / "rabbitmq")
    namespace = f"psn-cluster-{test_run_id}"
    try:
        cluster.start()
        config = system_config(work / "system", databases=databases, amqp_url=cluster.amqp_url,
                               amqp_namespace=namespace, mailbox=mailbox, providers=providers, hint="cluster")
        with running(config, request) as system:
            network = Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD)
            queues = [Topology(namespace, service).queue_name for service in SERVICES]
            workflows = [Workflow.begun(network) for _ in range(2 * WORKFLOWS_PER_STOP)]
            first, second = workflows[:WORKFLOWS_PER_STOP], workflows[WORKFLOWS_PER_STOP:]

            leader = leading_node(cluster, queues)
            flowing_after_stop = stream_losing(network, cluster, leader, first, crash=False)
            assert leader.name not in cluster.leaders(queues).values()
            cluster.restart_node(leader)

            other = leading_node(cluster, queues)
            assert other is not leader
            flowing_after_crash = stream_losing(network, cluster, other, second, crash=True)

            deadline = time.monotonic() + COMPLETE_WITHIN_S
            for workflow in workflows:
                with contextlib.suppress(AssertionError):  # what never came is counted as lost below
                    wait_for(lambda w=workflow: complete(effects(network, mailbox, config.database_urls, w)),
                             timeout=max(0.1, deadline - time.monotonic()), interval=0.2,
                             what="every effect of the workflow")
            counted = [effects(network, mailbox, config.database_urls, w) for w in workflows]
            lost, doubled = lost_and_doubled(counted)
            with capsys.disabled():
                print(f"\ncluster_events_lost={lost} cluster_effects_doubled={doubled} "
                      f"cluster_flowing_after_leader_stop_s={flowing_after_stop:.1f} "
                      f"cluster_flowing_after_leader_crash_s={flowing_after_crash:.1f}")
            assert (lost, doubled) == (0, 0), counted
    finally:
        cluster.close()
