"""Two copies of a consumer on one queue, applying one person's news out of order: the staff copy
ends at the newest version and never goes back to an older one."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import amqp
import pytest
from sqlalchemy import MetaData, func, select, text
from sqlalchemy.orm import registry, sessionmaker

from psn_shared.db import UnitOfWork, make_engine, messaging_tables, staff_copy_table
from psn_shared.events import Envelope
from psn_shared.events.contracts import StaffUpdated
from psn_shared.messaging.broker import connect
from psn_shared.messaging.consumer import EventConsumer
from psn_shared.messaging.topology import Topology
from psn_shared.staff_copy import StaffCopy, record_snapshot
from psn_shared.testing.infra import delete_namespace, wait_for

metadata = MetaData()
tables = messaging_tables(metadata)
staff = staff_copy_table(metadata)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
VERSIONS = 8


class Copy(StaffCopy):
    """The staff copy as a service keeps it, mapped for this test alone."""


registry().map_imperatively(Copy, staff)


class Copies:
    def __init__(self, session) -> None:
        self.session = session

    def get(self, staff_id: str) -> Copy | None:
        return self.session.get(Copy, staff_id)

    def add(self, copy: Copy) -> None:
        self.session.add(copy)


class Watch:
    """Who is applying news about whom, at the same moment."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside: Counter[str] = Counter()
        self.most_at_once_per_subject = 0
        self.applied: Counter[tuple[str, str]] = Counter()  # (consumer, subject)

    def enter(self, subject: str) -> None:
        with self.lock:
            self.inside[subject] += 1
            self.most_at_once_per_subject = max(self.most_at_once_per_subject, self.inside[subject])
            self.applied[threading.current_thread().name, subject] += 1

    def leave(self, subject: str) -> None:
        with self.lock:
            self.inside[subject] -= 1


watch = Watch()


def keep_copy(event: Envelope, uow: UnitOfWork) -> None:
    watch.enter(event.subject)
    try:
        # A slow handler (50 ms between reading the copy and writing it) widens the window in
        # which two copies of the consumer could interleave one person's updates.
        copies = Copies(uow.session)
        copies.get(event.data.staff_id)
        uow.session.execute(text("SELECT pg_sleep(0.05)"))
        record_snapshot(copies, event.data, event.time, Copy.from_snapshot)
    finally:
        watch.leave(event.subject)


@pytest.fixture(scope="module")
def engine(databases):
    engine = make_engine(databases.create("consumer_copies"))
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def topology(amqp_url, test_run_id) -> Iterator[Topology]:
    topology = Topology(f"psn-copies-{test_run_id}", "copytest", retry_delays_s=(0.2, 0.4))
    yield topology
    delete_namespace(amqp_url, topology.namespace, topology.all_queue_names())


@pytest.fixture(scope="module")
def two_consumers(engine, amqp_url, topology) -> Iterator[list[EventConsumer]]:
    stop = threading.Event()
    session_factory = sessionmaker(bind=engine)
    consumers = [
        EventConsumer(amqp_url=amqp_url, topology=topology, prefetch=1, batch_size=1,
                      uow_factory=lambda: UnitOfWork(session_factory, tables, source="test"),
                      handlers={"identity.staff.updated": keep_copy})
        for _ in range(2)
    ]
    threads = [threading.Thread(target=c.run, args=(stop,), name=f"consumer-{n}") for n, c in enumerate(consumers)]
    for thread in threads:
        thread.start()
    for consumer in consumers:
        wait_for(consumer.ready.is_set, what="consumer ready")
    yield consumers
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


def update(staff_id: str, version: int) -> Envelope:
    payload = StaffUpdated(staff_id=staff_id, employee_number="E1", name=f"version {version}",
                           email="ann@psn.test", team_id=None, grade=None, line_manager_id=None,
                           senior_manager_id=None, status="active", roles=["staff"], changed=["name"])
    event = Envelope.new("identity.staff.updated", payload, source="identity", subject=staff_id)
    return replace(event, time=T0 + timedelta(seconds=version))


def name_and_clock(engine, staff_id: str) -> tuple[str, datetime] | None:
    with engine.connect() as conn:
        row = conn.execute(staff.select().where(staff.c.staff_id == staff_id)).first()
    return (row.name, row.as_of) if row else None


def handled(engine, event_ids: list[str]) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(tables.inbox.c.event_id.in_(event_ids))).scalar_one()


def test_two_consumers_applying_one_person_s_updates_out_of_order_keep_the_newest(engine, amqp_url, topology,
                                                                                 two_consumers):
    people = [str(uuid.uuid4()) for _ in range(2)]
    # The first version creates each copy; the rest arrive newest first, one person's after the
    # other's, so the two consumers take turns at the same person's updates.
    firsts = [update(person, 0) for person in people]
    rest = [update(person, v) for person in people for v in range(VERSIONS, 0, -1)]
    with connect(amqp_url) as connection:
        channel = connection.channel()

        def publish(event: Envelope) -> None:
            # Confirmed, as every publisher of ours: a quorum queue may drop unconfirmed messages
            # still on their way when the publishing connection closes (one run in twenty did).
            message = amqp.Message(event.to_json(), content_type="application/json", delivery_mode=2)
            channel.basic_publish_confirm(message, exchange=topology.exchange.name, routing_key=event.type)

        for event in firsts:
            publish(event)
        wait_for(lambda: all(name_and_clock(engine, p) for p in people), what="the copies created")
        for event in rest:
            publish(event)

    newest = (f"version {VERSIONS}", T0 + timedelta(seconds=VERSIONS))
    # Counted in the inbox, where each event is recorded once it commits: on a loaded machine a
    # delivery can be handled, rolled back and redelivered, which enters the handler twice.
    every_id = [event.id for event in firsts + rest]
    wait_for(lambda: handled(engine, every_id) == len(every_id), timeout=60, what="every update applied")
    assert [name_and_clock(engine, p) for p in people] == [newest] * len(people)
    assert all(watch.applied[f"consumer-{n}", p] >= 2 for n in range(2) for p in people), watch.applied
    assert watch.most_at_once_per_subject == 1, "never on the same person at once"
