"""Training's unit of work as the use cases see it: one transaction, its repositories, its events.

Plain Python: `training.adapters.unit_of_work` is the real one (SQLAlchemy, outbox), and the
service-layer tests use in-memory fakes of the same repositories.
"""

from __future__ import annotations

from psn_shared.unit_of_work import AbstractUnitOfWork
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


class TrainingUnitOfWork(AbstractUnitOfWork):
    staff: StaffRepository
    teams: TeamRepository
    competences: CompetenceRepository
    completions: CompletionRepository
    claims: ClaimRepository
    cohorts: CohortRepository
    nominations: NominationRepository
    delegations: DelegationRepository
    certificates: CertificateRepository
