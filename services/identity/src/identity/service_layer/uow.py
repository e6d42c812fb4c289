"""Identity's unit of work: one transaction, with its repositories and the events it publishes.

Use cases are written against `IdentityUnitOfWork` (plain Python); `SqlIdentityUnitOfWork` is the
real one, on SQLAlchemy with the outbox, and the service-layer tests use in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from identity.adapters.orm import messaging, start_mappers
from identity.adapters.repositories.board import BoardFigures, SqlBoardFigures
from identity.adapters.repositories.delegations import DelegationRepository, SqlDelegationRepository
from identity.adapters.repositories.organisations import (
    OrganisationRepository,
    ServiceRepository,
    SqlOrganisationRepository,
    SqlServiceRepository,
    SqlTeamRepository,
    TeamRepository,
)
from identity.adapters.repositories.signposting import HelpSourceRepository, SqlHelpSourceRepository
from identity.adapters.repositories.staff import SqlStaffRepository, StaffRepository
from identity.adapters.repositories.supporters import (
    SqlSupporterAvailabilityRepository,
    SupporterAvailabilityRepository,
)
from identity.adapters.repositories.tokens import (
    PasswordResetRepository,
    RefreshTokenRepository,
    SqlPasswordResetRepository,
    SqlRefreshTokenRepository,
)
from psn_shared.db import UnitOfWork, unit_of_work_factory
from psn_shared.unit_of_work import AbstractUnitOfWork


class IdentityUnitOfWork(AbstractUnitOfWork):
    organisations: OrganisationRepository
    services: ServiceRepository
    teams: TeamRepository
    staff: StaffRepository
    delegations: DelegationRepository
    supporters: SupporterAvailabilityRepository
    help_sources: HelpSourceRepository
    board: BoardFigures
    refresh_tokens: RefreshTokenRepository
    password_resets: PasswordResetRepository


class SqlIdentityUnitOfWork(UnitOfWork, IdentityUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="identity")

    def __enter__(self) -> Self:
        super().__enter__()
        self.organisations = SqlOrganisationRepository(self.session)
        self.services = SqlServiceRepository(self.session)
        self.teams = SqlTeamRepository(self.session)
        self.staff = SqlStaffRepository(self.session)
        self.delegations = SqlDelegationRepository(self.session)
        self.supporters = SqlSupporterAvailabilityRepository(self.session)
        self.help_sources = SqlHelpSourceRepository(self.session)
        self.board = SqlBoardFigures(self.session)
        self.refresh_tokens = SqlRefreshTokenRepository(self.session)
        self.password_resets = SqlPasswordResetRepository(self.session)
        return self


def uow_factory(engine: Engine) -> Callable[[], SqlIdentityUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, SqlIdentityUnitOfWork)
