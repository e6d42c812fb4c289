"""The headline's two consumer hops in process: statements, CPU and wall per transaction.

identity's grant (`training.level.completed` -> `identity.role.granted`) and sessions' activation
(`identity.role.granted` -> `sessions.supporter.activated`), each applied by the services' own
EventConsumer (inbox claim with its subject locks, the handler, the commit) on a migrated database
of its own, with the work each does after the headline's event: identity's availability and
sessions' serving of the waiting list (both on `sessions.supporter.activated`). No broker: the
commit wakes the relay instead of publishing, as in the services' tests. Statements and CPU hold
still on a loaded machine; `headline.py` gives the wall time of the whole chain.

    python bench/headline_hops.py [--workflows 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, event

import identity
import sessions
from identity.events.handlers import HANDLERS as IDENTITY_HANDLERS
from identity.service_layer.staff import RegisterStaff, register_staff
from identity.service_layer.uow import uow_factory as identity_uow
from psn_shared.db import make_engine
from psn_shared.events import Envelope
from psn_shared.messaging.consumer import EventConsumer
from psn_shared.messaging.topology import Topology
from psn_shared.roles import Role
from psn_shared.testing.infra import DatabaseFactory
from sessions.config import SessionsSettings
from sessions.events.handlers import HANDLERS as SESSIONS_HANDLERS
from sessions.service_layer.uow import uow_factory as sessions_uow


class Counted:
    """Statements sent on one engine, CPU and wall per applied event, by name."""

    def __init__(self, engine: Engine) -> None:
        self.statements = 0
        self.figures: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args: Any) -> None:
        self.statements += 1

    def apply(self, name: str, consumer: EventConsumer, envelope: Envelope) -> None:
        self.statements = 0
        cpu, wall = time.process_time(), time.perf_counter()
        consumer._apply([(None, envelope)])  # the consumer's transaction, without a broker
        figures = self.figures[name]
        figures["wall_ms"].append((time.perf_counter() - wall) * 1000)
        figures["cpu_ms"].append((time.process_time() - cpu) * 1000)
        figures["statements"].append(self.statements)


def consumer(service: str, uow_factory: Callable[[], Any], handlers: dict) -> EventConsumer:
    return EventConsumer(amqp_url="", topology=Topology("bench", service), uow_factory=uow_factory, handlers=handlers)


def activated(staff_id: str) -> Envelope:
    return Envelope.new("sessions.supporter.activated", {"supporter_id": staff_id, "monthly_capacity": 4},
                        source="sessions", subject=staff_id)


def identity_hop(url: str, workflows: int) -> Counted:
    engine = make_engine(url)
    make = identity_uow(engine)
    counted, worker = Counted(engine), consumer("identity", make, IDENTITY_HANDLERS)
    for n in range(workflows):
        with make() as uow:
            tag = uuid.uuid4().hex[:8]
            staff_id = register_staff(RegisterStaff(employee_number=f"H{tag}", name=f"Candidate {n}",
                                                    email=f"candidate-{tag}@bench.test"), uow).id
            uow.commit()
        approvals = [{"approver_id": str(uuid.uuid4()), "capacity": capacity, "monthly_hours": 4,
                      "approved_at": datetime(2026, 11, 1, tzinfo=UTC)}
                     for capacity in ("line_manager", "senior_manager")]
        completed = Envelope.new("training.level.completed", {
            "staff_id": staff_id, "level": 2, "completed_on": date(2026, 11, 20), "monthly_hours": 4,
            "approvals": approvals}, source="training", subject=staff_id)
        counted.apply("identity_grant", worker, completed)
        counted.apply("identity_availability", worker, activated(staff_id))
    engine.dispose()
    return counted


def sessions_hop(url: str, workflows: int) -> Counted:
    os.environ["DATABASE_URL"] = url
    engine = make_engine(url)
    make = sessions_uow(engine, SessionsSettings.load().caps)
    counted, worker = Counted(engine), consumer("sessions", make, SESSIONS_HANDLERS)
    team = str(uuid.uuid4())
    for n in range(workflows):
        staff_id = str(uuid.uuid4())
        worker._apply([(None, Envelope.new("identity.staff.registered", {
            "staff_id": staff_id, "employee_number": f"H{n}", "name": f"Candidate {n}", "email": f"c{n}@bench.test",
            "team_id": team, "grade": None, "line_manager_id": None, "senior_manager_id": None, "status": "active",
            "roles": ["staff"], "organisation_id": None, "start_date": None}, source="identity", subject=staff_id))])
        granted = Envelope.new("identity.role.granted", {
            "staff_id": staff_id, "role": Role.PEER_SUPPORTER, "reason": "Level 2 Peer Supporter completed",
            "granted_by": None, "granted_at": datetime.now(UTC), "monthly_hours": 4},
            source="identity", subject=staff_id)
        counted.apply("sessions_activation", worker, granted)
        counted.apply("sessions_waiting_list", worker, activated(staff_id))
    engine.dispose()
    return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=200)
    args = parser.parse_args()
    databases = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                                f"hops{uuid.uuid4().hex[:8]}")
    try:
        hops = [identity_hop(databases.migrated(identity, "identity"), args.workflows),
                sessions_hop(databases.migrated(sessions, "sessions"), args.workflows)]
    finally:
        databases.drop_all()
    for counted in hops:
        for name, figures in counted.figures.items():
            for figure, values in figures.items():
                print(f"{name}_{figure}: {statistics.median(values):.2f}")
    print(f"load_average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
