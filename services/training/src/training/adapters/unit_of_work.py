"""Training's unit of work over SQLAlchemy: one session for its repositories and its outbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db import UnitOfWork, unit_of_work_factory
from training.adapters.orm import messaging, start_mappers
from training.adapters.sql_repository import (
    SqlCertificateRepository,
    SqlClaimRepository,
    SqlCohortRepository,
    SqlCompetenceRepository,
    SqlCompletionRepository,
    SqlDelegationRepository,
    SqlNominationRepository,
    SqlStaffRepository,
    SqlTeamRepository,
)
from training.service_layer.unit_of_work import TrainingUnitOfWork


class SqlTrainingUnitOfWork(UnitOfWork, TrainingUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="training")

    def __enter__(self) -> Self:
        super().__enter__()
        session = self.session
        self.staff = SqlStaffRepository(session)
        self.teams = SqlTeamRepository(session)
        self.competences = SqlCompetenceRepository(session)
        self.completions = SqlCompletionRepository(session)
        self.claims = SqlClaimRepository(session)
        self.cohorts = SqlCohortRepository(session)
        self.nominations = SqlNominationRepository(session)
        self.delegations = SqlDelegationRepository(session)
        self.certificates = SqlCertificateRepository(session)
        return self


def uow_factory(engine: Engine) -> Callable[[], SqlTrainingUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, SqlTrainingUnitOfWork)
