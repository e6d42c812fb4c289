"""Training's unit of work: one transaction, with its repositories and its outbox."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db import UnitOfWork, unit_of_work_factory
from training.adapters.orm import messaging, start_mappers
from training.adapters.repository import (
    CertificateRepository,
    ClaimRepository,
    CohortRepository,
    CompetenceRepository,
    CompletionRepository,
    DelegationRepository,
    NominationRepository,
    StaffRepository,
    TeamRepository,
)


class TrainingUnitOfWork(UnitOfWork):
    staff: StaffRepository
    teams: TeamRepository
    competences: CompetenceRepository
    completions: CompletionRepository
    claims: ClaimRepository
    cohorts: CohortRepository
    nominations: NominationRepository
    delegations: DelegationRepository
    certificates: CertificateRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="training")

    def __enter__(self) -> TrainingUnitOfWork:
        super().__enter__()
        session = self.session
        self.staff = StaffRepository(session)
        self.teams = TeamRepository(session)
        self.competences = CompetenceRepository(session)
        self.completions = CompletionRepository(session)
        self.claims = ClaimRepository(session)
        self.cohorts = CohortRepository(session)
        self.nominations = NominationRepository(session)
        self.delegations = DelegationRepository(session)
        self.certificates = CertificateRepository(session)
        return self


def uow_factory(engine: Engine) -> Callable[[], TrainingUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, TrainingUnitOfWork)
