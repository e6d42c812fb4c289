"""The outbox relay and the idempotent consumer against the real broker and database."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pika
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import sessionmaker

from psn_shared.db import UnitOfWork, make_engine, messaging_tables
from psn_shared.db.notify import make_waiter
from psn_shared.db.unit_of_work import publish_after_commit
from psn_shared.events import Envelope, NewEvent
from psn_shared.events.contracts import PasswordResetRequested, TeamCreated, TeamUpdated
from psn_shared.messaging.consumer import ATTEMPTS_HEADER, ERROR_HEADER, EventConsumer
from psn_shared.messaging.relay import ConfirmingPublisher, OutboxRelay, PublisherAfterCommit
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import delete_namespace, wait_for

metadata = MetaData()
tables = messaging_tables(metadata)
seen = Table("teams_seen", metadata, Column("name", String(100), primary_key=True), Column("times", Integer))
flaky_failures: dict[str, int] = {}


def count_team(event: Envelope, uow: UnitOfWork) -> None:
    name = event.data.name
    if name.startswith("poison"):
        raise RuntimeError("this team always fails")
    if name.startswith("flaky") and flaky_failures.get(name, 0) < 1:
        flaky_failures[name] = flaky_failures.get(name, 0) + 1
        raise RuntimeError("fails the first time only")
    statement = pg_insert(seen).values(name=name, times=1)
    uow.session.execute(statement.on_conflict_do_update(index_elements=[seen.c.name], set_={"times": seen.c.times + 1}))


@pytest.fixture(scope="module")
def engine(databases):
    engine = make_engine(databases.create("messaging"))
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def namespace(amqp_url, test_run_id) -> Iterator[str]:
    namespace = f"psn-msgtest-{test_run_id}"
    yield namespace
    from psn_shared.events.subscriptions import SUBSCRIPTIONS

    # Each service's queues as the tests declare them: the module's topology with its short delays, the
    # lingering consumer's (and the relays') with the default ones, which have more delay queues.
    services = [*SUBSCRIPTIONS, "msgtest", "msglinger"]
    topologies = [Topology(namespace, s, delays) for s in services for delays in ((0.2, 0.4), Topology.retry_delays_s)]
    delete_namespace(amqp_url, namespace, sorted({n for t in topologies for n in t.all_queue_names()}))


@pytest.fixture(scope="module")
def topology(namespace) -> Topology:
    return Topology(namespace, "msgtest", retry_delays_s=(0.2, 0.4))


@pytest.fixture(scope="module")
def running(engine, amqp_url, topology) -> Iterator[EventConsumer]:
    """A relay and a consumer on threads, as the worker processes run them."""
    stop = threading.Event()
    relay = OutboxRelay(engine, tables, ConfirmingPublisher(amqp_url, topology), sweep_s=0.5)
    session_factory = sessionmaker(bind=engine)
    consumer = EventConsumer(
        amqp_url=amqp_url,
        topology=topology,
        uow_factory=lambda: UnitOfWork(session_factory, tables, source="test"),
        handlers={"identity.team.created": count_team},
    )
    threads = [threading.Thread(target=relay.run, args=(stop,)), threading.Thread(target=consumer.run, args=(stop,))]
    for thread in threads:
        thread.start()
    wait_for(consumer.ready.is_set, what="consumer ready")
    yield consumer
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


def team_event(name: str) -> TeamCreated:
    return TeamCreated(team_id=str(uuid.uuid4()), name=name, service="Acute", organisation="NHSGGC")


def publish_through_outbox(engine, *names: str) -> None:
    session_factory = sessionmaker(bind=engine)
    for name in names:
        with UnitOfWork(session_factory, tables, source="test") as uow:
            uow.publish(NewEvent("identity.team.created", team_event(name)))
            uow.commit()


def times_seen(engine, name: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(seen.c.times).where(seen.c.name == name)).scalar()


def pika_channel(amqp_url: str):
    """A channel whose each publish waits for the broker's confirm: a quorum queue may drop unconfirmed
    messages still on their way when the connection closes."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url.rstrip("/") + "/%2F"))
    channel = connection.channel()
    channel.confirm_delivery()
    return connection, channel


def dead_letters(amqp_url: str, topology: Topology) -> list[tuple[dict, bytes]]:
    connection, channel = pika_channel(amqp_url)
    found = []
    while True:
        method, properties, body = channel.basic_get(topology.dead_letter_queue_name, auto_ack=True)
        if method is None:
            break
        found.append((properties.headers or {}, body))
    connection.close()
    return found


def test_every_committed_event_is_handled_exactly_once(engine, running):
    names = [f"team-{i}-{uuid.uuid4().hex[:6]}" for i in range(60)]
    publish_through_outbox(engine, *names)
    wait_for(lambda: all(times_seen(engine, n) == 1 for n in names), what="all handled")
    with engine.connect() as conn:
        unpublished = conn.execute(select(func.count()).where(tables.outbox.c.published_at.is_(None))).scalar()
    assert unpublished == 0


def test_a_duplicate_delivery_has_no_second_effect(engine, running, amqp_url, topology):
    name = f"dup-{uuid.uuid4().hex[:6]}"
    body = Envelope.new("identity.team.created", team_event(name), source="test").to_json()
    connection, channel = pika_channel(amqp_url)
    for _ in range(3):  # as a publisher retrying after a lost confirm would
        channel.basic_publish(topology.exchange.name, "identity.team.created", body)
    connection.close()
    marker = f"after-dup-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, marker)
    wait_for(lambda: times_seen(engine, marker) == 1, what="marker handled")
    assert times_seen(engine, name) == 1


def test_a_malformed_message_is_dead_lettered_and_the_queue_keeps_flowing(engine, running, amqp_url, topology):
    connection, channel = pika_channel(amqp_url)
    channel.basic_publish(topology.exchange.name, "identity.team.created", b"{not json")
    connection.close()
    after = f"after-poison-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, after)
    wait_for(lambda: times_seen(engine, after) == 1, what="the next event handled")
    letters = wait_for(lambda: dead_letters(amqp_url, topology), what="a dead letter")
    assert letters[0][1] == b"{not json"
    assert "malformed" in letters[0][0][ERROR_HEADER]


def test_a_failing_handler_is_retried_with_backoff_then_dead_lettered(engine, running, amqp_url, topology):
    flaky, poison = f"flaky-{uuid.uuid4().hex[:6]}", f"poison-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, poison, flaky)
    wait_for(lambda: times_seen(engine, flaky) == 1, what="the flaky event handled on its retry")
    letters = wait_for(lambda: dead_letters(amqp_url, topology), what="the poison event dead-lettered")
    assert json.loads(letters[0][1])["data"]["name"] == poison
    assert letters[0][0][ATTEMPTS_HEADER] == topology.max_attempts + 1
    assert times_seen(engine, poison) is None


def test_a_lingering_consumer_applies_events_arriving_soon_after_the_first_in_one_transaction(
    databases, amqp_url, namespace
):
    topology = Topology(namespace, "msglinger")
    applied: list[tuple[str, UnitOfWork]] = []
    # An inbox of its own: the module's consumer sees the same events and claims them in its inbox.
    engine = make_engine(databases.create("messaging_linger"))
    metadata.create_all(engine)
    session_factory = sessionmaker(bind=engine)
    consumer = EventConsumer(
        amqp_url=amqp_url, topology=topology, batch_size=3, linger_s=2.0,
        uow_factory=lambda: UnitOfWork(session_factory, tables, source="test"),
        handlers={"identity.team.created": lambda event, uow: applied.append((event.data.name, uow))},
    )
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,))
    thread.start()
    connection, channel = pika_channel(amqp_url)
    try:
        wait_for(consumer.ready.is_set, what="consumer ready")

        def publish(name: str) -> None:
            body = Envelope.new("identity.team.created", team_event(name), source="test").to_json()
            channel.basic_publish(topology.exchange.name, "identity.team.created", body)

        publish("first")
        # Once the broker has handed it over, the consumer holds it, waiting for more.
        wait_for(lambda: channel.queue_declare(topology.queue_name, passive=True).method.message_count == 0,
                 what="the first event taken by the consumer")
        publish("second")
        publish("third")
        wait_for(lambda: len(applied) == 3, what="three events applied")
        publish("alone")
        wait_for(lambda: len(applied) == 4, what="a lone event applied once the linger is over")
    finally:
        connection.close()
        stop.set()
        thread.join(timeout=10)
        engine.dispose()
    assert [name for name, _ in applied] == ["first", "second", "third", "alone"]
    first_uow = applied[0][1]
    assert [uow is first_uow for _, uow in applied] == [True, True, True, False]


@pytest.mark.fault
def test_nothing_is_lost_or_doubled_when_the_broker_drops_every_connection(engine, running):
    names = [f"cut-{i}-{uuid.uuid4().hex[:6]}" for i in range(200)]
    writer = threading.Thread(target=publish_through_outbox, args=(engine, *names))
    writer.start()
    try:
        wait_for(lambda: any(times_seen(engine, n) for n in names), what="the first events through")
        subprocess.run(["rabbitmqctl", "close_all_connections", "fault test"], check=True, capture_output=True)
    finally:
        writer.join()
    wait_for(lambda: all(times_seen(engine, n) == 1 for n in names), timeout=60, what="every event once")


def test_the_relay_republishes_rows_left_unmarked(engine, running):
    """A relay that died after the broker's acks but before marking: the rows go out again, harmlessly."""
    name = f"unmarked-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, name)
    wait_for(lambda: times_seen(engine, name) == 1, what="first delivery")
    with engine.begin() as conn:
        conn.execute(update(tables.outbox).where(tables.outbox.c.body.contains(name)).values(published_at=None))
    marker = f"marker-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, marker)
    wait_for(lambda: times_seen(engine, marker) == 1, what="marker")
    assert times_seen(engine, name) == 1


@pytest.fixture
def publishing_after_commit() -> Iterator[Callable[[str], PublisherAfterCommit]]:
    """publishing_after_commit(amqp_url): this process publishes its own events at commit, for one test."""
    installed: list[PublisherAfterCommit] = []

    def install(amqp_url: str, topology: Topology) -> PublisherAfterCommit:
        publisher = PublisherAfterCommit(ConfirmingPublisher(amqp_url, topology, confirm_timeout=2, connect_timeout=1))
        installed.append(publisher)
        publish_after_commit(publisher)
        return publisher

    yield install
    publish_after_commit(None)
    for publisher in installed:
        publisher.close()


def published_at(engine, name: str) -> datetime | None:
    with engine.connect() as conn:
        return conn.execute(select(tables.outbox.c.published_at).where(tables.outbox.c.body.contains(name))).scalar()


def test_the_committing_process_publishes_its_events_itself_and_a_copy_from_the_relay_changes_nothing(
        engine, running, amqp_url, topology, publishing_after_commit):
    publishing_after_commit(amqp_url, topology)
    name = f"at-once-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, name)
    assert published_at(engine, name) is not None  # confirmed and marked before commit() returned
    wait_for(lambda: times_seen(engine, name) == 1, what="handled")
    with engine.begin() as conn:  # as if this process died before marking: the relay's sweep sends it again
        conn.execute(update(tables.outbox).where(tables.outbox.c.body.contains(name)).values(published_at=None))
    wait_for(lambda: published_at(engine, name) is not None, what="the relay's copy sent")
    marker = f"marker-{uuid.uuid4().hex[:6]}"
    publish_through_outbox(engine, marker)
    wait_for(lambda: times_seen(engine, marker) == 1, what="marker")
    assert times_seen(engine, name) == 1


def test_events_the_committing_process_cannot_publish_go_through_the_relay(
        engine, running, topology, publishing_after_commit):
    publisher = publishing_after_commit("amqp://guest:guest@127.0.0.1:1//", topology)  # nobody listens there
    names = [f"relayed-{i}-{uuid.uuid4().hex[:6]}" for i in range(3)]
    publish_through_outbox(engine, *names)
    wait_for(lambda: all(times_seen(engine, n) == 1 for n in names), what="every event through the relay")
    assert not publisher([])  # after a failure it steps aside for a while rather than try on every commit


def test_a_secret_event_is_left_to_the_relay_by_the_committing_process(engine):
    handed_over: list[list[str]] = []
    publish_after_commit(lambda messages: handed_over.append([m.routing_key for m in messages]) or True)
    try:
        with UnitOfWork(sessionmaker(bind=engine), tables, source="test") as uow:
            uow.publish(NewEvent("identity.password_reset.requested", PasswordResetRequested(
                staff_id=str(uuid.uuid4()), name="Ann", email="ann@psn.test", reset_url="https://psn.test/reset/s3cret",
                expires_at=datetime.now(UTC))))
            uow.commit()
        publish_through_outbox(engine, f"plain-{uuid.uuid4().hex[:6]}")
    finally:
        publish_after_commit(None)
    assert handed_over == [["identity.team.created"]]  # the relay blanks a secret's data once it is sent


def test_the_listen_waiter_returns_soon_after_stop_is_set(engine):
    stop = threading.Event()
    waiter = make_waiter(engine, "psn_test_stop", stop)
    try:
        waiter.wait(30.0)  # the first call connects and LISTENs, then returns at once
        threading.Timer(0.2, stop.set).start()
        started = time.monotonic()
        waiter.wait(30.0)
        assert time.monotonic() - started < 1.5
        started = time.monotonic()
        waiter.wait(30.0)  # already stopped: no wait at all
        assert time.monotonic() - started < 0.1
    finally:
        waiter.close()


def test_the_listen_waiter_still_wakes_on_a_notify(engine):
    stop = threading.Event()
    waiter = make_waiter(engine, "psn_test_wake", stop)
    try:
        waiter.wait(30.0)
        threading.Timer(0.2, lambda: _notify(engine, "psn_test_wake")).start()
        started = time.monotonic()
        waiter.wait(30.0)
        assert time.monotonic() - started < 5.0
    finally:
        waiter.close()


def _notify(engine, channel: str) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"NOTIFY {channel}")


def postgres_cluster() -> list[str]:
    version = sorted(Path("/etc/postgresql").iterdir(), key=lambda p: float(p.name))[-1].name
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


@pytest.mark.fault
def test_nothing_is_lost_or_doubled_when_the_database_restarts(engine, running):
    names = [f"pg-{i}-{uuid.uuid4().hex[:6]}" for i in range(150)]
    publish_through_outbox(engine, *names)
    try:
        subprocess.run([*postgres_cluster(), "restart"], check=True, capture_output=True, timeout=120)
    finally:
        subprocess.run([*postgres_cluster(), "start"], capture_output=True, timeout=120)
    wait_for(lambda: all(times_seen(engine, n) == 1 for n in names), timeout=90, what="every event once")


def test_the_relay_purges_old_outbox_rows_and_old_inbox_ids_only(engine, amqp_url, topology):
    now = datetime.now(UTC)
    ids = {name: str(uuid.uuid4()) for name in ("old_out", "new_out", "unpublished", "old_in", "new_in")}
    with engine.begin() as conn:
        conn.execute(tables.outbox.insert(), [
            {"id": ids["old_out"], "routing_key": "x", "body": "{}", "created_at": now - timedelta(days=9),
             "published_at": now - timedelta(days=8)},
            {"id": ids["new_out"], "routing_key": "x", "body": "{}", "created_at": now, "published_at": now},
            {"id": ids["unpublished"], "routing_key": "x", "body": "{}", "created_at": now - timedelta(days=9),
             "published_at": None},
        ])
        conn.execute(tables.inbox.insert(), [
            {"event_id": ids["old_in"], "event_type": "x", "handled_at": now - timedelta(days=31)},
            {"event_id": ids["new_in"], "event_type": "x", "handled_at": now - timedelta(days=29)},
        ])
    relay = OutboxRelay(engine, tables, ConfirmingPublisher(amqp_url, topology),
                        retention=timedelta(days=7), inbox_retention=timedelta(days=30))
    relay.purge()
    with engine.connect() as conn:
        left = set(conn.execute(select(tables.outbox.c.id)).scalars()) | set(
            conn.execute(select(tables.inbox.c.event_id)).scalars())
    assert {ids["new_out"], ids["unpublished"], ids["new_in"]} <= left
    assert not {ids["old_out"], ids["old_in"]} & left
    with engine.begin() as conn:
        conn.execute(tables.outbox.delete().where(tables.outbox.c.id.in_([ids["new_out"], ids["unpublished"]])))


def test_a_secret_event_leaves_no_data_in_the_outbox_once_the_broker_has_it(databases, amqp_url, topology):
    engine = make_engine(databases.create("messaging_secrets"))  # no other relay claims these rows
    metadata.create_all(engine)
    publish_through_outbox(engine, "kept")
    with UnitOfWork(sessionmaker(bind=engine), tables, source="test") as uow:
        uow.publish(NewEvent("identity.team.updated", TeamUpdated(
            team_id=str(uuid.uuid4()), name="secret", service="Acute", organisation="NHSGGC", changed=["name"])))
        uow.commit()
    relay = OutboxRelay(engine, tables, ConfirmingPublisher(amqp_url, topology),
                        secret_types=frozenset({"identity.team.updated"}))
    try:
        assert relay.drain() == 2
    finally:
        relay.publisher.close()
    with engine.connect() as conn:
        rows = dict(conn.execute(select(tables.outbox.c.routing_key, tables.outbox.c.body)).all())
    engine.dispose()
    scrubbed = json.loads(rows["identity.team.updated"])
    assert scrubbed["data"] is None and scrubbed["type"] == "identity.team.updated"
    assert json.loads(rows["identity.team.created"])["data"]["name"] == "kept"
