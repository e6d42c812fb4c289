"""Faults in the middle of the headline workflow: it still completes, and nothing happens twice."""

from __future__ import annotations

import subprocess
import uuid

import pika
import pytest
from sqlalchemy import create_engine, text

from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import prepare

from .streams import headline_emails

pytestmark = [pytest.mark.e2e, pytest.mark.fault]


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)


def outbox_count(database_url: str, event_type: str, needle: str) -> int:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM outbox WHERE routing_key = :t AND body LIKE :n"),
            {"t": event_type, "n": f"%{needle}%"},
        ).scalar()
    engine.dispose()
    return count


def assert_told_once(network, mailbox, cast) -> None:
    """One inbox entry per event and recipient, and one email each (beside training's own news of the nomination)."""

    def headline_entries() -> list[dict]:
        return [e for e in network.inbox(cast.candidate) if not e["kind"].startswith("training_")]

    inbox = wait_for(lambda: (i := headline_entries()) and len(i) >= 2 and i, what="supporter's inbox")
    assert len(inbox) == 2, inbox
    emails = wait_for(lambda: (m := headline_emails(mailbox, cast.candidate)) and len(m) >= 2 and m, what="emails")
    assert len(emails) == 2


def test_broker_stopped_and_started_mid_workflow(network, mailbox, system):
    cast = prepare(network)
    waiting = network.ask_for_support(cast.requester)
    try:
        rabbitmqctl("stop_app")
        network.complete_level_2(cast.cohort_id, cast.candidate)  # commits to the outbox while the broker is away
    finally:
        rabbitmqctl("start_app")
        rabbitmqctl("await_startup")
    network.wait_allocatable(cast.candidate, timeout=90)
    request = wait_for(lambda: (r := network.support_request(cast.requester, waiting["id"]))["status"] == "allocated"
                       and r, timeout=60, what="the request allocated")
    assert request["supporter_id"] == cast.candidate.id
    assert_told_once(network, mailbox, cast)


def test_consumer_killed_after_commit_before_ack_applies_nothing_twice(network, mailbox, system):
    cast = prepare(network)
    waiting = network.ask_for_support(cast.requester)
    # It fires after the activation's commit, before the waiting list is served (a transaction of
    # its own, when sessions.supporter.activated comes back): the request is still allocated, once.
    failpoint = system.config.var_dir / "failpoints" / "sessions-consumer-after-commit"
    failpoint.touch()
    network.complete_level_2(cast.cohort_id, cast.candidate)

    consumer = system.process("sessions", "consumer")
    wait_for(lambda: consumer.poll() is not None, what="the sessions consumer to die at the failpoint")
    assert not failpoint.exists()
    system.start_process("sessions", "consumer")

    network.wait_allocatable(cast.candidate, timeout=60)
    wait_for(lambda: network.support_request(cast.requester, waiting["id"])["status"] == "allocated",
             what="the request allocated")
    sessions_db = system.config.database_urls["sessions"]
    assert outbox_count(sessions_db, "sessions.supporter.activated", cast.candidate.id) == 1
    assert outbox_count(sessions_db, "sessions.request.allocated", waiting["id"]) == 1
    assert network.supporter(cast.candidate)["open_allocations"] == 1
    assert_told_once(network, mailbox, cast)


def test_a_malformed_message_is_dead_lettered_while_the_queue_keeps_flowing(network, system, amqp_url):
    topology = Topology(system.config.amqp_namespace, "sessions")
    garbage = f"not an event {uuid.uuid4()}".encode()
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url.rstrip("/") + "/%2F"))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(topology.exchange.name, "identity.role.granted", garbage)

    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)

    def dead_lettered() -> bool:
        while True:
            method, properties, body = channel.basic_get(topology.dead_letter_queue_name, auto_ack=True)
            if method is None:
                return False
            if body == garbage:
                return "malformed" in properties.headers["x-psn-error"]

    try:
        assert wait_for(dead_lettered, what="the malformed message in the dead-letter queue")
    finally:
        connection.close()
