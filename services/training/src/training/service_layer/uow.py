"""Training's unit of work: one transaction, with its repositories and its outbox.

Use cases take the abstract `TrainingUnitOfWork`; the app, the consumer and the scheduler make
SQLAlchemy ones (`uow_factory`), the service-layer tests in-memory ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db import UnitOfWork, unit_of_work_factory
from psn_shared.unit_of_work import AbstractUnitOfWork
from training.adapters.board import BoardFigures, SqlBoardFigures
from training.adapters.orm import messaging, start_mappers
from training.adapters.repository import (
    CertificateRepository,
    ClaimRepository,
    CohortRepository,
    CompetenceRepository,
    CompletionRepository,
    DelegationRepository,
    NominationRepository,
    OrganisationPolicyRepository,
    StaffRepository,
    TeamRepository,
)
from training.adapters.sql_repository import (
    SqlCertificateRepository,
    SqlClaimRepository,
    SqlCohortRepository,
    SqlCompetenceRepository,
    SqlCompletionRepository,
    SqlDelegationRepository,
    SqlNominationRepository,
    SqlOrganisationPolicyRepository,
    SqlStaffRepository,
    SqlTeamRepository,
)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class TrainingUnitOfWork(AbstractUnitOfWork):
    """`now()` is the unit of work's clock: the system's, or one a test sets (as the scheduler's `now`)."""

    clock: Clock = staticmethod(system_clock)
    staff: StaffRepository
    teams: TeamRepository
    competences: CompetenceRepository
    completions: CompletionRepository
    claims: ClaimRepository
    cohorts: CohortRepository
    nominations: NominationRepository
    delegations: DelegationRepository
    certificates: CertificateRepository
    organisation_policies: OrganisationPolicyRepository
    board: BoardFigures

    def now(self) -> datetime:
        return self.clock()


class SqlTrainingUnitOfWork(UnitOfWork, TrainingUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = system_clock) -> None:
        super().__init__(session_factory, messaging, source="training")
        self.clock = clock

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
        self.organisation_policies = SqlOrganisationPolicyRepository(session)
        self.board = SqlBoardFigures(session)
        return self


def uow_factory(engine: Engine, clock: Clock = system_clock) -> Callable[[], SqlTrainingUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, partial(SqlTrainingUnitOfWork, clock=clock))
