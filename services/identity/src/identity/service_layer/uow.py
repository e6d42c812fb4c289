"""Identity's unit of work: one transaction, with its repositories and the events it publishes.

Use cases are written against `IdentityUnitOfWork` (plain Python); `SqlIdentityUnitOfWork` is the
real one, on SQLAlchemy with the outbox, and the service-layer tests use in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Self

from sqlalchemy import Engine, Insert, bindparam, insert, inspect
from sqlalchemy.orm import Session, make_transient_to_detached, sessionmaker

from identity.adapters.orm import messaging, role_grants, start_mappers
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
from identity.domain.model import RoleGrant
from psn_shared.db import UnitOfWork, unit_of_work_factory
from psn_shared.events import NewEvent
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

    def add_grant(self, grant: RoleGrant, announcements: list[NewEvent]) -> None:
        """A role just granted (already among its holder's grants) and the events that announce it."""
        self.publish_many(announcements)


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


    def add_grant(self, grant: RoleGrant, announcements: list[NewEvent]) -> None:
        """On PostgreSQL in one statement (training's Level 2 completion, on the headline's path): the
        grant's INSERT in a CTE of the outbox's, where the ORM's flush and the outbox send two. Only for
        one announcement and a grant that is the session's one pending object (its holder stored).
        """
        if (self.session.get_bind().dialect.name != "postgresql" or len(announcements) != 1
                or not inspect(grant).pending or any(other is not grant for other in self.session.new)):
            return super().add_grant(grant, announcements)
        values = {f"grant_{column.key}": getattr(grant, column.key) for column in role_grants.c}
        _, row = self._to_send(announcements[0])
        values |= {f"event_{key}": value for key, value in row.items()}
        # Written below: the session is told it holds the grant as a stored row, so no flush writes it again.
        self.session.expunge(grant)
        make_transient_to_detached(grant)
        self.session.add(grant)
        self.session.execute(_grant_statement(), values)


@cache
def _grant_statement() -> Insert:
    """INSERT the grant in a CTE of the outbox's INSERT."""
    grant = insert(role_grants).values(
        {column.key: bindparam(f"grant_{column.key}", type_=column.type) for column in role_grants.c})
    row = {column.key: bindparam(f"event_{column.key}", type_=column.type)
           for column in messaging.outbox.c if column.key != "published_at"}
    return insert(messaging.outbox).values(row).add_cte(grant.cte("new_grant"))


def uow_factory(engine: Engine) -> Callable[[], SqlIdentityUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, SqlIdentityUnitOfWork)
