"""Wellbeing champions in every team, and the colleagues each member of staff can turn to.

A champion is appointed for a team (by a manager of theirs or a coordinator, as any role is granted);
the grant names the team, so moving out of it or leaving the board ends the appointment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from identity.domain import coverage, policy
from identity.domain.coverage import Contact
from identity.domain.model import RoleGrant, Team
from identity.service_layer import roles
from identity.service_layer.common import get_member, today
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import InvalidInput, NotFound
from psn_shared.roles import Role


@dataclass(frozen=True)
class AppointChampion:
    team_id: str
    staff_id: str
    reason: str
    actor: Principal


def appoint_champion(cmd: AppointChampion, uow: IdentityUnitOfWork) -> RoleGrant:
    """Appoint a member of the team as one of its wellbeing champions."""
    team = _team(cmd.team_id, uow)
    member = uow.staff.get(cmd.staff_id)
    if member is None or member.team_id != team.id:
        raise InvalidInput("not a member of this team", field="staff_id")
    return roles.grant_by_person(roles.GrantRole(member.id, Role.WELLBEING_CHAMPION, cmd.reason, cmd.actor), uow)


def team_champions(team_id: str, uow: IdentityUnitOfWork) -> list[Contact]:
    return [Contact.of(member) for member in uow.staff.holders(Role.WELLBEING_CHAMPION, [_team(team_id, uow).id])]


@dataclass(frozen=True)
class SupportContacts:
    """Whom a member of staff can turn to: their team's champions and their service's peer supporters."""

    team: Team | None
    champions: list[Contact]
    peer_supporters: list[Contact]


def support_contacts(staff_id: str, uow: IdentityUnitOfWork) -> SupportContacts:
    member = get_member(staff_id, uow)
    team = uow.teams.get(member.team_id) if member.team_id else None
    if team is None:
        return SupportContacts(None, [], [])
    champions = [Contact.of(m) for m in uow.staff.holders(Role.WELLBEING_CHAMPION, [team.id]) if m.id != member.id]
    service_teams = {t.id: t.name for t in uow.teams.list(service_id=team.service_id)} if team.service_id else {
        team.id: team.name}
    supporters = [m for m in uow.staff.holders(Role.PEER_SUPPORTER, service_teams) if m.id != member.id]
    known = uow.supporters.of([m.id for m in supporters])
    contacts = [coverage.supporter_contact(m, service_teams.get(m.team_id), known.get(m.id)) for m in supporters]
    # Those taking new cases first, then by name.
    contacts.sort(key=lambda c: (not c.available, c.name))
    return SupportContacts(team, champions, contacts)


def champion_coverage(
    actor: Principal, organisation_id: str | None, service_id: str | None, uow: IdentityUnitOfWork
) -> dict[str, Any]:
    """Teams without a champion or peer supporter, and with only one: all teams for the coordinators and
    the governance group, a line manager's own teams (those of the people they manage) for them."""
    teams = uow.teams.list(service_id=service_id, organisation_id=organisation_id)
    if policy.coverage_scope(actor.roles) == "teams":
        theirs = {m.team_id for m in uow.staff.reports_of(actor.staff_id, today()) if m.active}
        teams = [t for t in teams if t.id in theirs]
    return coverage.coverage(
        teams, uow.staff.holders_by_team(Role.WELLBEING_CHAMPION), uow.staff.holders_by_team(Role.PEER_SUPPORTER)
    )


def _team(team_id: str, uow: IdentityUnitOfWork) -> Team:
    team = uow.teams.get(team_id)
    if team is None:
        raise NotFound("no such team")
    return team
