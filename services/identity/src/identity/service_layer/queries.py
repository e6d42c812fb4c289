"""What the API reads: each query takes its arguments and a unit of work, checks who may see it, and changes nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from identity.domain.model import Delegation, Organisation, RoleGrant, Service, Staff, Team
from identity.domain.policy import check_may_read_delegations, check_may_read_record
from identity.service_layer.auth import principal_of
from identity.service_layer.common import get_member, manages, today
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import NotFound


def organisations(uow: IdentityUnitOfWork) -> list[Organisation]:
    return uow.organisations.list()


def services(organisation_id: str | None, uow: IdentityUnitOfWork) -> list[Service]:
    return uow.services.list(organisation_id)


def teams(service_id: str | None, organisation_id: str | None, uow: IdentityUnitOfWork) -> list[Team]:
    return uow.teams.list(service_id=service_id, organisation_id=organisation_id)


def team(team_id: str, uow: IdentityUnitOfWork) -> Team:
    found = uow.teams.get(team_id)
    if found is None:
        raise NotFound("no such team")
    return found


def staff_page(
    filters: dict[str, str | None], limit: int, offset: int, uow: IdentityUnitOfWork
) -> tuple[list[Staff], int]:
    """A page of staff and how many match in all; `filters` as the repository's list takes them."""
    return uow.staff.list(limit=limit, offset=offset, **filters)


def member(staff_id: str, actor: Principal, uow: IdentityUnitOfWork) -> Staff:
    found = get_member(staff_id, uow)
    check_may_read_record(actor.staff_id, actor.roles, found.id, manages_them=manages(actor.staff_id, found, uow))
    return found


def role_history(staff_id: str, actor: Principal, uow: IdentityUnitOfWork) -> list[RoleGrant]:
    """Every grant the person has had, who granted it, when and why, and how it ended."""
    return member(staff_id, actor, uow).role_grants


def delegations(manager_id: str, actor: Principal, uow: IdentityUnitOfWork) -> list[dict[str, Any]]:
    check_may_read_delegations(actor.staff_id, actor.roles, manager_id)
    return named(uow.delegations.of_manager(manager_id), uow)


def named(delegations: list[Delegation], uow: IdentityUnitOfWork) -> list[dict[str, Any]]:
    """Each delegation with its delegate's name: a manager may not read the delegate's record itself."""
    names = {member.id: member.name for member in uow.staff.many({d.delegate_id for d in delegations})}
    return [{**asdict(d), "delegate_name": names.get(d.delegate_id)} for d in delegations]


def colleagues(name: str, uow: IdentityUnitOfWork) -> list[Staff]:
    """Active staff whose name holds `name`, by name: the first 20, for a manager naming a delegate."""
    found, _ = uow.staff.list(limit=20, q=name, status="active")
    return found


def reports(manager_id: str, uow: IdentityUnitOfWork) -> list[Staff]:
    """Whom `manager_id` line-manages or senior-manages, and those of any manager they stand in for today."""
    return uow.staff.reports_of(manager_id, today())


@dataclass(frozen=True)
class Me:
    """The caller's record, and every role they hold now: the manager roles the directory implies included."""

    member: Staff
    roles: frozenset[str]


def me(staff_id: str, uow: IdentityUnitOfWork) -> Me:
    found = get_member(staff_id, uow)
    return Me(found, principal_of(found, uow).roles)
