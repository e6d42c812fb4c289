"""The whole event pipeline: state change + outbox row -> relay -> broker -> consumer + inbox.

Writers commit N state changes, each with its event in the same transaction; the relay and
the consumer run as their own processes, as in production. The figure is N divided by the time
from the first commit to the last event applied.

`per_transaction` sets how many state changes one writer transaction holds: 1 is the shape of
a web request (then the writers' own commits, ~1 ms each on these machines, are the limit, not
the pipeline); a larger batch is the shape of a bulk change such as an HR import, and feeds
the pipeline faster than it drains, so the figure is the pipeline's own throughput.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.orm import sessionmaker

from psn_shared.db import UnitOfWork, make_engine, messaging_tables
from psn_shared.events import Envelope, NewEvent
from psn_shared.events.contracts import TeamCreated
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.consumer import EventConsumer
from psn_shared.messaging.relay import ConfirmingPublisher, OutboxRelay
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import delete_namespace

metadata = MetaData()
tables = messaging_tables(metadata)
teams = Table("teams", metadata, Column("id", String(36), primary_key=True), Column("name", String(100)))
applied = Table("applied", metadata, Column("team_id", String(36), primary_key=True), Column("size", Integer))


def _apply(event: Envelope, uow: UnitOfWork) -> None:
    uow.session.execute(insert(applied).values(team_id=event.data.team_id, size=len(event.data.name)))


def _run_relay(database_url: str, amqp_url: str, topology: Topology, stop: mp.Event) -> None:
    engine = make_engine(database_url)
    OutboxRelay(engine, tables, ConfirmingPublisher(amqp_url, topology)).run(_threading_stop(stop))


def _run_consumer(database_url: str, amqp_url: str, topology: Topology, stop: mp.Event) -> None:
    engine = make_engine(database_url)
    session_factory = sessionmaker(bind=engine)
    EventConsumer(
        amqp_url=amqp_url,
        topology=topology,
        uow_factory=lambda: UnitOfWork(session_factory, tables, source="bench"),
        handlers={"identity.team.created": _apply},
    ).run(_threading_stop(stop))


def _wait_for_queue(amqp_url: str, topology: Topology, timeout: float = 30.0) -> None:
    """The consumer has declared its queue (and bound it) once a passive declare succeeds."""
    from kombu import Connection

    deadline = time.monotonic() + timeout
    with Connection(amqp_url) as conn:
        while True:
            try:
                conn.channel().queue_declare(topology.queue_name, passive=True)
                return
            except conn.channel_errors:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def _threading_stop(stop: mp.Event) -> threading.Event:
    local = threading.Event()
    threading.Thread(target=lambda: (stop.wait(), local.set()), daemon=True).start()
    return local


def _write(database_url: str, first: int, count: int, per_transaction: int, go: mp.Event) -> None:
    """One writer: state changes, each with its event, `per_transaction` to a transaction."""
    engine = make_engine(database_url)
    session_factory = sessionmaker(bind=engine)
    go.wait()
    for start in range(first, first + count, per_transaction):
        with UnitOfWork(session_factory, tables, source="bench") as uow:
            for i in range(start, min(start + per_transaction, first + count)):
                team_id = str(uuid.uuid4())
                uow.session.execute(insert(teams).values(id=team_id, name=f"team {i}"))
                uow.publish(NewEvent("identity.team.created", TeamCreated(
                    team_id=team_id, name=f"team {i}", service="bench", organisation="bench")))
            uow.commit()
    engine.dispose()


def measure(
    database_url: str, amqp_url: str, count: int = 10_000, *, writers: int = 3, per_transaction: int = 1
) -> float:
    engine = make_engine(database_url)
    metadata.create_all(engine)
    namespace = f"psn-bench-{uuid.uuid4().hex[:8]}"
    topology = Topology(namespace, "bench", retry_delays_s=(1.0,))
    stop = mp.Event()
    workers = [mp.Process(target=f, args=(database_url, amqp_url, topology, stop)) for f in (_run_consumer, _run_relay)]
    for worker in workers:
        worker.start()
    _wait_for_queue(amqp_url, topology)
    go = mp.Event()
    share = count // writers
    writing = [
        mp.Process(target=_write, args=(database_url, n * share, share, per_transaction, go)) for n in range(writers)
    ]
    for writer in writing:
        writer.start()
    count = share * writers
    started = time.perf_counter()
    go.set()
    deadline = time.monotonic() + 300
    with engine.connect() as conn:
        while conn.execute(select(func.count()).select_from(applied)).scalar() < count:
            if time.monotonic() > deadline:
                raise RuntimeError("pipeline did not finish in 5 minutes")
            time.sleep(0.02)
            conn.rollback()
    finished = time.perf_counter()
    stop.set()
    for worker in [*writing, *workers]:
        worker.join(timeout=30)
    names = [n for s in [*SUBSCRIPTIONS, "bench"] for n in Topology(namespace, s, (1.0,)).all_queue_names()]
    delete_namespace(amqp_url, namespace, names)
    engine.dispose()
    return count / (finished - started)
