"""Sessions' unit of work: one transaction, with its repositories and its outbox."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db import UnitOfWork, unit_of_work_factory
from sessions.adapters.orm import messaging, start_mappers
from sessions.adapters.repository import RequestRepository, StaffRepository, SupporterRepository

# Any fixed 64-bit number, the same in every sessions process.
ALLOCATION_LOCK = 0x5E55_1045


class SessionsUnitOfWork(UnitOfWork):
    staff: StaffRepository
    supporters: SupporterRepository
    requests: RequestRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="sessions")

    def __enter__(self) -> SessionsUnitOfWork:
        super().__enter__()
        self.staff = StaffRepository(self.session)
        self.supporters = SupporterRepository(self.session)
        self.requests = RequestRepository(self.session)
        return self

    def serialise_allocations(self) -> None:
        """Take the allocation lock until this transaction ends.

        Allocating reads supporters' loads and then writes: two transactions doing it at once
        could overfill a supporter or hand one waiting request out twice. Allocations are rare,
        so one lock is simpler than row locks and cannot deadlock. SQLite already serialises
        writers (BEGIN IMMEDIATE).
        """
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ALLOCATION_LOCK})


def uow_factory(engine: Engine) -> Callable[[], SessionsUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, SessionsUnitOfWork)
