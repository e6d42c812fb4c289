"""One consumer hop on the wire, alone on the broker: ours against the floor's.

A service's consumer process, started as `run_consumer` starts it (its `EventConsumer`, publishing its
own events after commit), takes an event from the exchange and publishes the next; an observer stamps
that next event's arrival. The clock starts as the event is handed to the broker (the publisher waits
for its confirm, as every hop before it does). The floor's hop (`floor._hop`: commit one row, publish
with a confirm, ack) is measured the same way in the same run, alternately. Only these processes
work, so the figure is the hop's own, not the system's; the consumer process's CPU per event comes
from /proc.

    python bench/consumer_hop.py identity|sessions [--events 200] [--rounds 2]

identity: `training.level.completed` -> `identity.role.granted` (the grant);
sessions: `identity.role.granted` -> `sessions.supporter.activated` (the activation; the waiting list
it serves when that event comes back runs after the figure, as on the system).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import floor
import psycopg
from headline import Observer
from kombu import Connection, Exchange, Producer

from psn_shared.events import Envelope
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.roles import Role
from psn_shared.testing.infra import DatabaseFactory, delete_namespace

PACE_S = 0.05
NEXT = {"identity": "identity.role.granted", "sessions": "sessions.supporter.activated"}


def _consumer(service: str, database_url: str, amqp_url: str, namespace: str, ready: mp.Event) -> None:
    """The service's consumer as `psn_shared.runtime.run_consumer` runs it."""
    os.environ["DATABASE_URL"] = database_url
    from psn_shared.db import make_engine
    from psn_shared.db.unit_of_work import publish_after_commit
    from psn_shared.messaging.consumer import EventConsumer
    from psn_shared.messaging.relay import ConfirmingPublisher, PublisherAfterCommit

    if service == "identity":
        from identity.events.handlers import HANDLERS
        from identity.service_layer.uow import uow_factory
        make = uow_factory(make_engine(database_url))
    else:
        from sessions.config import SessionsSettings
        from sessions.events.handlers import HANDLERS
        from sessions.service_layer.uow import uow_factory
        make = uow_factory(make_engine(database_url), SessionsSettings.load().caps)
    topology = Topology(namespace, service)
    publish_after_commit(PublisherAfterCommit(ConfirmingPublisher(amqp_url, topology, confirm_timeout=2.0,
                                                                  connect_timeout=1.0)))
    consumer = EventConsumer(amqp_url=amqp_url, topology=topology, uow_factory=make, handlers=HANDLERS)
    stop = threading.Event()
    threading.Thread(target=lambda: (consumer.ready.wait(), ready.set()), daemon=True).start()
    consumer.run(stop)


def _identity_events(database_url: str, count: int) -> list[tuple[str, list[Envelope]]]:
    """Each candidate (registered here) and the event to send for them."""
    from identity.service_layer.staff import RegisterStaff, register_staff
    from identity.service_layer.uow import uow_factory
    from psn_shared.db import make_engine

    engine = make_engine(database_url)
    make, events = uow_factory(engine), []
    for n in range(count):
        with make() as uow:
            tag = uuid.uuid4().hex[:8]
            staff_id = register_staff(RegisterStaff(employee_number=f"H{tag}", name=f"Candidate {n}",
                                                    email=f"candidate-{tag}@bench.test"), uow).id
            uow.commit()
        approvals = [{"approver_id": str(uuid.uuid4()), "capacity": capacity, "monthly_hours": 4,
                      "approved_at": datetime(2026, 11, 1, tzinfo=UTC)}
                     for capacity in ("line_manager", "senior_manager")]
        events.append((staff_id, [Envelope.new("training.level.completed", {
            "staff_id": staff_id, "level": 2, "completed_on": date(2026, 11, 20), "monthly_hours": 4,
            "approvals": approvals}, source="training", subject=staff_id)]))
    engine.dispose()
    return events


def _sessions_events(count: int) -> list[tuple[str, list[Envelope]]]:
    team, events = str(uuid.uuid4()), []
    for n in range(count):
        staff_id = str(uuid.uuid4())
        registered = Envelope.new("identity.staff.registered", {
            "staff_id": staff_id, "employee_number": f"H{n}", "name": f"Candidate {n}", "email": f"c{n}@bench.test",
            "team_id": team, "grade": None, "line_manager_id": None, "senior_manager_id": None, "status": "active",
            "roles": ["staff"], "organisation_id": None, "start_date": None}, source="identity", subject=staff_id)
        granted = Envelope.new("identity.role.granted", {
            "staff_id": staff_id, "role": Role.PEER_SUPPORTER, "reason": "Level 2 Peer Supporter completed",
            "granted_by": None, "granted_at": datetime.now(UTC), "monthly_hours": 4},
            source="identity", subject=staff_id)
        events.append((staff_id, [registered, granted]))
    return events


def _staff_of(body: bytes) -> str:
    data = Envelope.from_json(body).data
    return getattr(data, "staff_id", None) or data.supporter_id


def _cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure_ours(service: str, databases: DatabaseFactory, amqp_url: str, count: int) -> tuple[list[float], float]:
    import identity
    import sessions

    database_url = databases.migrated(identity if service == "identity" else sessions, f"hop_{service}")
    namespace = f"psn-hop-{uuid.uuid4().hex[:8]}"
    topology = Topology(namespace, service)
    events = (_identity_events(database_url, count) if service == "identity" else _sessions_events(count))
    ready = mp.Event()
    process = mp.Process(target=_consumer, args=(service, database_url, amqp_url, namespace, ready), daemon=True)
    process.start()
    ready.wait(30)
    observer = Observer(amqp_url, topology.exchange.name, NEXT[service], _staff_of)
    walls = []
    try:
        with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
            producer = Producer(conn.channel(), exchange=topology.exchange)
            cpu = _cpu_ms(process.pid)
            for staff_id, envelopes in events:
                for envelope in envelopes[:-1]:
                    producer.publish(envelope.to_json(), routing_key=envelope.type, delivery_mode=2,
                                     content_type="application/json")
                time.sleep(PACE_S)
                started = time.perf_counter()
                producer.publish(envelopes[-1].to_json(), routing_key=envelopes[-1].type, delivery_mode=2,
                                 content_type="application/json", message_id=envelopes[-1].id)
                walls.append((observer.wait(staff_id) - started) * 1000)
            time.sleep(0.5)  # the after-work of the last (the waiting list, the mark) is counted too
            cpu = (_cpu_ms(process.pid) - cpu) / count
    finally:
        observer.close()
        process.terminate()
        process.join(10)
        names = [n for s in SUBSCRIPTIONS for n in Topology(namespace, s).all_queue_names()]
        delete_namespace(amqp_url, namespace, names)
    return walls, cpu


def measure_floor(databases: DatabaseFactory, amqp_url: str, count: int) -> tuple[list[float], float]:
    database_url = databases.create("hop_floor").replace("postgresql+psycopg://", "postgresql://")
    exchange_name = f"psn-hop-floor-{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {floor.TABLE} (id varchar(36) PRIMARY KEY, step varchar(16) NOT NULL, "
                     "run_id varchar(36) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")
    exchange = Exchange(exchange_name, type="topic", durable=True)
    with Connection(amqp_url) as conn:
        exchange(conn.channel()).declare()
    ready = mp.Event()
    process = mp.Process(target=floor._hop, args=(1, amqp_url, database_url, exchange_name, ready), daemon=True)
    process.start()
    ready.wait(30)
    observer = Observer(amqp_url, exchange_name, "floor.hop.2", lambda body: json.loads(body)["run_id"])
    walls = []
    try:
        with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
            producer = Producer(conn.channel(), exchange=exchange)
            cpu = _cpu_ms(process.pid)
            for _ in range(count):
                run_id = str(uuid.uuid4())
                time.sleep(PACE_S)
                started = time.perf_counter()
                producer.publish({"run_id": run_id}, routing_key="floor.hop.1", delivery_mode=2, serializer="json")
                walls.append((observer.wait(run_id) - started) * 1000)
            time.sleep(0.5)
            cpu = (_cpu_ms(process.pid) - cpu) / count
    finally:
        observer.close()
        process.terminate()
        process.join(10)
        with Connection(amqp_url) as conn:
            conn.channel().queue_delete(f"{exchange_name}.hop1")
            conn.channel().exchange_delete(exchange_name)
    return walls, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service", choices=sorted(NEXT))
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    databases = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                                f"hop{uuid.uuid4().hex[:8]}")
    try:
        for _ in range(args.rounds):
            for name, run in ((args.service, lambda: measure_ours(args.service, databases, amqp_url, args.events)),
                              ("floor", lambda: measure_floor(databases, amqp_url, args.events))):
                walls, cpu = run()
                walls = walls[10:]  # warm-up
                p90 = sorted(walls)[int(len(walls) * 0.9)]
                print(f"{name}: p50 {statistics.median(walls):.2f} ms, p90 {p90:.2f} ms,"
                      f" consumer CPU {cpu:.2f} ms an event (load {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        databases.drop_all()


if __name__ == "__main__":
    main()
