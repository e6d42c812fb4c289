"""The directory's use cases: organisations, services, teams, staff, leavers and movers, delegations.

Each takes a command and a unit of work, and commits or changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from identity.adapters.passwords import hash_password
from identity.domain.model import (
    DIRECTORY_FIELDS,
    PROFILE_FIELDS,
    Delegation,
    Organisation,
    OrganisationKind,
    Service,
    Staff,
    Team,
    line_management_cycle,
    new_id,
)
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

DIRECTORY_ADMINS = ("admin", "coordinator")
DEFAULT_ORGANISATION_KIND = OrganisationKind.HEALTH_BOARD


def today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class CreateOrganisation:
    name: str
    kind: str


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


@dataclass(frozen=True)
class RegisterStaff:
    employee_number: str
    name: str
    email: str
    password: str | None = None
    team_id: str | None = None
    grade: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None
    organisation_id: str | None = None
    job_title: str | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class UpdateStaff:
    staff_id: str
    changes: dict[str, Any]
    actor: Principal


@dataclass(frozen=True)
class LeaveStaff:
    staff_id: str
    left_on: date
    reason: str
    actor_id: str | None


@dataclass(frozen=True)
class ReinstateStaff:
    staff_id: str


@dataclass(frozen=True)
class Delegate:
    manager_id: str
    delegate_id: str
    starts_on: date
    ends_on: date
    reason: str
    actor: Principal = field(repr=False)


@dataclass(frozen=True)
class EndDelegation:
    manager_id: str
    delegation_id: str
    reason: str
    actor: Principal = field(repr=False)


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
    team = new_team(uow, cmd.name, service, organisation)
    uow.commit()
    return team


def new_team(
    uow: IdentityUnitOfWork, name: str, service: Service, organisation: Organisation, team_id: str | None = None
) -> Team:
    team = Team(name=name, service=service.name, organisation=organisation.name, service_id=service.id,
                organisation_id=organisation.id, id=team_id or new_id())
    uow.teams.add(team)
    uow.publish("identity.team.created", team.to_event(), subject=team.id)
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


def update_team(cmd: UpdateTeam, uow: IdentityUnitOfWork) -> Team:
    """Rename a team, or move it to another service of its organisation."""
    team = uow.teams.get(cmd.team_id)
    if team is None:
        raise NotFound("no such team")
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
        uow.publish("identity.team.updated", {**team.to_event(), "changed": sorted(changed)}, subject=team.id)
    uow.commit()
    return team


def register_staff(cmd: RegisterStaff, uow: IdentityUnitOfWork) -> Staff:
    organisation_id = _organisation_of(cmd.team_id, cmd.organisation_id, uow)
    for field_name in ("line_manager_id", "senior_manager_id"):
        _check_manager(getattr(cmd, field_name), field_name, uow)
    if uow.staff.by_email(cmd.email):
        raise Conflict("a member of staff with this email already exists", field="email")
    if uow.staff.by_employee_number(organisation_id, cmd.employee_number):
        raise Conflict("this organisation already has someone with this employee number", field="employee_number")
    member = Staff(
        employee_number=cmd.employee_number,
        name=cmd.name,
        email=cmd.email,
        team_id=cmd.team_id,
        grade=cmd.grade,
        line_manager_id=cmd.line_manager_id,
        senior_manager_id=cmd.senior_manager_id,
        organisation_id=organisation_id,
        job_title=cmd.job_title,
        start_date=cmd.start_date,
        password_hash=hash_password(cmd.password) if cmd.password else None,
    )
    uow.staff.add(member)
    uow.publish("identity.staff.registered", member.to_snapshot(), subject=member.id)
    uow.commit()
    return member


def _organisation_of(team_id: str | None, organisation_id: str | None, uow: IdentityUnitOfWork) -> str | None:
    """A member of staff belongs to their team's organisation."""
    if team_id:
        team = uow.teams.get(team_id)
        if team is None:
            raise InvalidInput("no such team", field="team_id")
        if organisation_id and organisation_id != team.organisation_id:
            raise InvalidInput("the team belongs to another organisation", field="organisation_id")
        return team.organisation_id
    if organisation_id and uow.organisations.get(organisation_id) is None:
        raise InvalidInput("no such organisation", field="organisation_id")
    return organisation_id


def _check_manager(manager_id: str | None, field_name: str, uow: IdentityUnitOfWork) -> None:
    if manager_id:
        manager = uow.staff.get(manager_id)
        if manager is None or not manager.active:
            raise InvalidInput("no such active member of staff", field=field_name)


def editable_fields(actor: Principal, staff_id: str) -> tuple[str, ...]:
    """Directory administrators edit the directory; everyone edits their own profile fields only."""
    if actor.has_role(*DIRECTORY_ADMINS):
        return DIRECTORY_FIELDS + PROFILE_FIELDS
    if actor.staff_id == staff_id:
        return PROFILE_FIELDS
    raise Forbidden("you may edit only your own record")


def update_staff(cmd: UpdateStaff, uow: IdentityUnitOfWork) -> Staff:
    """Edit a record; a move of team or manager (any directory field) is announced with what changed."""
    allowed = editable_fields(cmd.actor, cmd.staff_id)
    for name in cmd.changes:
        if name not in allowed:
            raise Forbidden(f"you may not set {name}", field=name)
    member = uow.staff.get(cmd.staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    changes = dict(cmd.changes)
    if "team_id" in changes or "organisation_id" in changes:
        team_id = changes.get("team_id", member.team_id)
        wanted_org = changes.get("organisation_id") or (None if "team_id" in changes else member.organisation_id)
        changes["organisation_id"] = _organisation_of(team_id, wanted_org, uow)
    _check_new_managers(member, changes, uow)
    _check_unique(member, changes, uow)
    changed = member.update(changes)
    moved = [name for name in changed if name in DIRECTORY_FIELDS]
    if moved:
        uow.publish("identity.staff.updated", {**member.to_snapshot(), "changed": sorted(moved)}, subject=member.id)
    uow.commit()
    return member


def _check_new_managers(member: Staff, changes: dict[str, Any], uow: IdentityUnitOfWork) -> None:
    for field_name in ("line_manager_id", "senior_manager_id"):
        if field_name in changes and changes[field_name] != getattr(member, field_name):
            _check_manager(changes[field_name], field_name, uow)
    manager_id = changes.get("line_manager_id")
    if manager_id and line_management_cycle(member.id, manager_id, _line_manager_lookup(uow)):
        raise InvalidInput("this line manager would close a loop of line management", field="line_manager_id")


def _line_manager_lookup(uow: IdentityUnitOfWork):
    def manager_of(staff_id: str) -> str | None:
        person = uow.staff.get(staff_id)
        return person.line_manager_id if person else None

    return manager_of


def _check_unique(member: Staff, changes: dict[str, Any], uow: IdentityUnitOfWork) -> None:
    if "email" in changes:
        other = uow.staff.by_email(changes["email"])
        if other is not None and other.id != member.id:
            raise Conflict("a member of staff with this email already exists", field="email")
    if "employee_number" in changes or "organisation_id" in changes:
        organisation_id = changes.get("organisation_id", member.organisation_id)
        number = changes.get("employee_number", member.employee_number)
        other = uow.staff.by_employee_number(organisation_id, number)
        if other is not None and other.id != member.id:
            raise Conflict("this organisation already has someone with this employee number", field="employee_number")


def leave(cmd: LeaveStaff, uow: IdentityUnitOfWork) -> Staff:
    member = uow.staff.get(cmd.staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    mark_leaver(member, cmd.left_on, cmd.reason, cmd.actor_id, uow)
    uow.commit()
    return member


def mark_leaver(member: Staff, left_on: date, reason: str, actor_id: str | None, uow: IdentityUnitOfWork) -> None:
    """Every role ends (each announced with its reason), every login ends, and other services hear it."""
    at = datetime.now(UTC)
    for grant in member.leave(left_on, at, actor_id, reason):
        publish_revoked(uow, grant)
    uow.refresh_tokens.revoke_all_of(member.id, at)
    uow.password_resets.spend_all_of(member.id, at)
    uow.publish("identity.staff.left", {"staff_id": member.id, "left_on": left_on, "reason": reason},
                subject=member.id)


def publish_revoked(uow: IdentityUnitOfWork, grant: Any) -> None:
    uow.publish(
        "identity.role.revoked",
        {"staff_id": grant.staff_id, "role": grant.role, "reason": grant.revoke_reason,
         "revoked_by": grant.revoked_by, "revoked_at": grant.revoked_at, "ending": grant.ending},
        subject=grant.staff_id,
    )


def reinstate(cmd: ReinstateStaff, uow: IdentityUnitOfWork) -> Staff:
    member = uow.staff.get(cmd.staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    mark_reinstated(member, uow)
    uow.commit()
    return member


def mark_reinstated(member: Staff, uow: IdentityUnitOfWork) -> None:
    member.reinstate()
    uow.publish("identity.staff.reinstated", member.to_snapshot(), subject=member.id)


def delegate(cmd: Delegate, uow: IdentityUnitOfWork) -> Delegation:
    """A line manager (or a directory administrator for them) names a temporary manager for a period."""
    _check_may_delegate(cmd.actor, cmd.manager_id)
    if uow.staff.get(cmd.manager_id) is None:
        raise NotFound("no such member of staff")
    _check_manager(cmd.delegate_id, "delegate_id", uow)
    delegation = Delegation(
        manager_id=cmd.manager_id, delegate_id=cmd.delegate_id, starts_on=cmd.starts_on, ends_on=cmd.ends_on,
        reason=cmd.reason, created_by=cmd.actor.staff_id,
    )
    uow.delegations.add(delegation)
    uow.publish("identity.delegation.granted", {
        "delegation_id": delegation.id, "manager_id": delegation.manager_id, "delegate_id": delegation.delegate_id,
        "starts_on": delegation.starts_on, "ends_on": delegation.ends_on, "granted_by": delegation.created_by,
        "reason": delegation.reason,
    }, subject=delegation.manager_id)
    uow.commit()
    return delegation


def end_delegation(cmd: EndDelegation, uow: IdentityUnitOfWork) -> Delegation:
    """End a delegation early, or cancel one not yet begun: whoever may delegate for the manager may end it."""
    _check_may_delegate(cmd.actor, cmd.manager_id)
    delegation = uow.delegations.get(cmd.delegation_id, lock=True)
    if delegation is None or delegation.manager_id != cmd.manager_id:
        raise NotFound("no such delegation for this manager")
    delegation.end(reason=cmd.reason, ended_by=cmd.actor.staff_id, at=datetime.now(UTC))
    uow.publish("identity.delegation.ended", {
        "delegation_id": delegation.id, "manager_id": delegation.manager_id, "delegate_id": delegation.delegate_id,
        "ended_at": delegation.ended_at, "reason": delegation.end_reason, "ended_by": delegation.ended_by,
    }, subject=delegation.manager_id)
    uow.commit()
    return delegation


def _check_may_delegate(actor: Principal, manager_id: str) -> None:
    if actor.staff_id != manager_id and not actor.has_role(*DIRECTORY_ADMINS):
        raise Forbidden("only the manager, a coordinator or an administrator may delegate")


def manages(manager_id: str, member: Staff, uow: IdentityUnitOfWork) -> bool:
    """Is `manager_id` this person's line or senior manager, or standing in for their line manager today?"""
    if manager_id in (member.line_manager_id, member.senior_manager_id):
        return True
    return member.line_manager_id in uow.staff.delegators(manager_id, today())
