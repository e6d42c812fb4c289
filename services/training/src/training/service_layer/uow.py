"""Training's unit of work: one transaction, with its repositories and its outbox."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db import UnitOfWork, unit_of_work_factory
from training.adapters.orm import messaging, start_mappers
from training.adapters.repository import (
    CohortRepository,
    CompletionRepository,
    NominationRepository,
    StaffRepository,
)


class TrainingUnitOfWork(UnitOfWork):
    staff: StaffRepository
    completions: CompletionRepository
    cohorts: CohortRepository
    nominations: NominationRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="training")

    def __enter__(self) -> TrainingUnitOfWork:
        super().__enter__()
        self.staff = StaffRepository(self.session)
        self.completions = CompletionRepository(self.session)
        self.cohorts = CohortRepository(self.session)
        self.nominations = NominationRepository(self.session)
        return self


def uow_factory(engine: Engine) -> Callable[[], TrainingUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, TrainingUnitOfWork)
