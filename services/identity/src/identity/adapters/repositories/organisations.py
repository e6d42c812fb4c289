"""Where organisations, their services and teams are found and kept."""

from __future__ import annotations

import abc

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.domain.hr_import import TeamKey
from identity.domain.model import Organisation, Service, Team


class OrganisationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, organisation: Organisation) -> None: ...

    @abc.abstractmethod
    def get(self, organisation_id: str) -> Organisation | None: ...

    @abc.abstractmethod
    def by_name(self, name: str) -> Organisation | None: ...

    @abc.abstractmethod
    def list(self) -> list[Organisation]:
        """Every organisation, by name."""


class ServiceRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, service: Service) -> None: ...

    @abc.abstractmethod
    def get(self, service_id: str) -> Service | None: ...

    @abc.abstractmethod
    def find(self, organisation_id: str, name: str) -> Service | None: ...

    @abc.abstractmethod
    def list(self, organisation_id: str | None = None) -> list[Service]:
        """Services by name, of one organisation when given."""


class TeamRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, team: Team) -> None: ...

    @abc.abstractmethod
    def get(self, team_id: str) -> Team | None: ...

    @abc.abstractmethod
    def find(self, service_id: str, name: str) -> Team | None: ...

    @abc.abstractmethod
    def list(self, *, service_id: str | None = None, organisation_id: str | None = None) -> list[Team]:
        """Teams by name, of one service or organisation when given."""

    @abc.abstractmethod
    def keyed(self) -> dict[TeamKey, str]:
        """Every team's id by (organisation id, service name, team name), as the HR import names them."""


class SqlOrganisationRepository(OrganisationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, organisation: Organisation) -> None:
        self.session.add(organisation)

    def get(self, organisation_id: str) -> Organisation | None:
        return self.session.get(Organisation, organisation_id)

    def by_name(self, name: str) -> Organisation | None:
        return self.session.scalars(select(Organisation).where(Organisation.name == name)).first()

    def list(self) -> list[Organisation]:
        return list(self.session.scalars(select(Organisation).order_by(Organisation.name)))


class SqlServiceRepository(ServiceRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, service: Service) -> None:
        self.session.add(service)

    def get(self, service_id: str) -> Service | None:
        return self.session.get(Service, service_id)

    def find(self, organisation_id: str, name: str) -> Service | None:
        query = select(Service).where(Service.organisation_id == organisation_id, Service.name == name)
        return self.session.scalars(query).first()

    def list(self, organisation_id: str | None = None) -> list[Service]:
        query = select(Service).order_by(Service.name)
        if organisation_id:
            query = query.where(Service.organisation_id == organisation_id)
        return list(self.session.scalars(query))


class SqlTeamRepository(TeamRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, team: Team) -> None:
        self.session.add(team)

    def get(self, team_id: str) -> Team | None:
        return self.session.get(Team, team_id)

    def find(self, service_id: str, name: str) -> Team | None:
        return self.session.scalars(select(Team).where(Team.service_id == service_id, Team.name == name)).first()

    def list(self, *, service_id: str | None = None, organisation_id: str | None = None) -> list[Team]:
        query = select(Team).order_by(Team.name)
        if service_id:
            query = query.where(Team.service_id == service_id)
        if organisation_id:
            query = query.where(Team.organisation_id == organisation_id)
        return list(self.session.scalars(query))

    def keyed(self) -> dict[TeamKey, str]:
        rows = self.session.execute(select(Team.organisation_id, Team.service, Team.name, Team.id))
        return {(org, service, name): team_id for org, service, name, team_id in rows}
