"""Identity's unit of work: one transaction, with its repositories and its outbox."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from identity.adapters.orm import messaging, start_mappers
from identity.adapters.repositories.delegations import DelegationRepository
from identity.adapters.repositories.organisations import OrganisationRepository, ServiceRepository, TeamRepository
from identity.adapters.repositories.staff import StaffRepository
from identity.adapters.repositories.tokens import PasswordResetRepository, RefreshTokenRepository
from psn_shared.db import UnitOfWork, unit_of_work_factory


class IdentityUnitOfWork(UnitOfWork):
    organisations: OrganisationRepository
    services: ServiceRepository
    teams: TeamRepository
    staff: StaffRepository
    delegations: DelegationRepository
    refresh_tokens: RefreshTokenRepository
    password_resets: PasswordResetRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="identity")

    def __enter__(self) -> IdentityUnitOfWork:
        super().__enter__()
        self.organisations = OrganisationRepository(self.session)
        self.services = ServiceRepository(self.session)
        self.teams = TeamRepository(self.session)
        self.staff = StaffRepository(self.session)
        self.delegations = DelegationRepository(self.session)
        self.refresh_tokens = RefreshTokenRepository(self.session)
        self.password_resets = PasswordResetRepository(self.session)
        return self


def uow_factory(engine: Engine) -> Callable[[], IdentityUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, IdentityUnitOfWork)
