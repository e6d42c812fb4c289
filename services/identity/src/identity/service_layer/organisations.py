"""Organisations, their services (directorates) and teams.

Each use case takes a command and a unit of work, and commits or changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from identity.domain.enums import OrganisationKind
from identity.domain.model import Organisation, Service, Team
from identity.events import published
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.errors import Conflict, InvalidInput, NotFound
from psn_shared.preconditions import Precondition, unconditional

# Older clients name a team's organisation without saying what kind it is.
DEFAULT_ORGANISATION_KIND = OrganisationKind.HEALTH_BOARD


@dataclass(frozen=True)
class CreateOrganisation:
    name: str
    kind: OrganisationKind


@dataclass(frozen=True)
class CreateService:
    name: str
    organisation_id: str


@dataclass(frozen=True)
class CreateTeam:
    name: str
    service: str | None = None
    organisation: str | None = None
    service_id: str | None = None


@dataclass(frozen=True)
class UpdateTeam:
    team_id: str
    changes: dict[str, Any]


def create_organisation(cmd: CreateOrganisation, uow: IdentityUnitOfWork) -> Organisation:
    if uow.organisations.by_name(cmd.name):
        raise Conflict("an organisation with this name already exists", field="name")
    organisation = Organisation(name=cmd.name, kind=cmd.kind)
    uow.organisations.add(organisation)
    uow.commit()
    return organisation


def create_service(cmd: CreateService, uow: IdentityUnitOfWork) -> Service:
    if uow.organisations.get(cmd.organisation_id) is None:
        raise InvalidInput("no such organisation", field="organisation_id")
    if uow.services.find(cmd.organisation_id, cmd.name):
        raise Conflict("this organisation already has a service with this name", field="name")
    service = Service(name=cmd.name, organisation_id=cmd.organisation_id)
    uow.services.add(service)
    uow.commit()
    return service


def create_team(cmd: CreateTeam, uow: IdentityUnitOfWork) -> Team:
    """A team inside a service, named by id or (as older clients do) by service and organisation names."""
    service = _service_for(cmd, uow)
    if uow.teams.find(service.id, cmd.name):
        raise Conflict("this service already has a team with this name", field="name")
    organisation = uow.organisations.get(service.organisation_id)
    team = Team.in_service(cmd.name, service, organisation)
    uow.teams.add(team)
    uow.publish(published.team_created(team))
    uow.commit()
    return team


def _service_for(cmd: CreateTeam, uow: IdentityUnitOfWork) -> Service:
    if cmd.service_id:
        service = uow.services.get(cmd.service_id)
        if service is None:
            raise InvalidInput("no such service", field="service_id")
        return service
    if not (cmd.service and cmd.organisation):
        raise InvalidInput("name the service by service_id, or by service and organisation", field="service_id")
    organisation = uow.organisations.by_name(cmd.organisation)
    if organisation is None:
        organisation = Organisation(name=cmd.organisation, kind=DEFAULT_ORGANISATION_KIND)
        uow.organisations.add(organisation)
    service = uow.services.find(organisation.id, cmd.service)
    if service is None:
        service = Service(name=cmd.service, organisation_id=organisation.id)
        uow.services.add(service)
    return service


def update_team(cmd: UpdateTeam, uow: IdentityUnitOfWork, precondition: Precondition = unconditional) -> Team:
    """Rename a team, or move it to another service of its organisation (if still the version read)."""
    team = uow.teams.get(cmd.team_id)
    if team is None:
        raise NotFound("no such team")
    uow.hold(team)
    precondition(team)
    changes = dict(cmd.changes)
    if "service_id" in changes:
        service = uow.services.get(changes["service_id"])
        if service is None or service.organisation_id != team.organisation_id:
            raise InvalidInput("no such service in the team's organisation", field="service_id")
        changes["service"] = service.name
    name, service_id = changes.get("name", team.name), changes.get("service_id", team.service_id)
    clash = uow.teams.find(service_id, name)
    if clash is not None and clash.id != team.id:
        raise Conflict("this service already has a team with this name", field="name")
    changed = [k for k, v in changes.items() if getattr(team, k) != v]
    for key in changed:
        setattr(team, key, changes[key])
    if changed:
        uow.publish(published.team_updated(team, changed))
    uow.commit()
    return team
