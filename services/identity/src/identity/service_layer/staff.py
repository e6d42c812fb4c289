"""Staff: registering people, editing their records, movers, leavers and returners.

Each use case takes a command and a unit of work, and commits or changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from identity.adapters.passwords import hash_password
from identity.domain.model import DIRECTORY_FIELDS, PROFILE_FIELDS, Staff, line_management_cycle
from identity.domain.policy import check_may_edit
from identity.events import published
from identity.service_layer.auth import PasswordLink, issue_password_link
from identity.service_layer.common import check_active_member, get_member, today
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput
from psn_shared.preconditions import Precondition, unconditional

MANAGER_FIELDS = ("line_manager_id", "senior_manager_id")


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
    # Registered by hand with no password: welcome them with a link to choose one (decision 78).
    welcome: PasswordLink | None = None


@dataclass(frozen=True)
class WelcomeAgain:
    staff_id: str
    welcome: PasswordLink


@dataclass(frozen=True)
class UpdateStaff:
    staff_id: str
    changes: dict[str, Any]
    actor: Principal


@dataclass(frozen=True)
class LeaveStaff:
    staff_id: str
    left_on: date | None  # today when not given
    reason: str
    actor_id: str | None


@dataclass(frozen=True)
class ReinstateStaff:
    staff_id: str


def register_staff(cmd: RegisterStaff, uow: IdentityUnitOfWork) -> Staff:
    """Add someone to the directory; registered without a password and with `welcome`, they are
    emailed a link to choose their first one (someone given a password was told it by whoever chose it)."""
    organisation_id = _organisation_of(cmd.team_id, cmd.organisation_id, uow)
    for field_name in MANAGER_FIELDS:
        check_active_member(getattr(cmd, field_name), field_name, uow)
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
    uow.publish(published.staff_registered(member))
    if cmd.welcome is not None and member.password_hash is None:
        first_password, url = issue_password_link(member, cmd.welcome, uow)
        uow.publish(published.staff_welcomed(member, first_password, url))
    uow.commit()
    return member


def welcome_again(cmd: WelcomeAgain, uow: IdentityUnitOfWork) -> Staff:
    """Send the welcome again to someone who has never had a password, or a first one to someone the HR import
    registered (decision 86): a fresh link, and the one sent before stops working."""
    member = get_member(cmd.staff_id, uow)
    # Two sent at once must leave one link working: the second waits, then spends the first's.
    uow.hold(member)
    member.check_may_be_welcomed()
    first_password, url = issue_password_link(member, cmd.welcome, uow)
    uow.publish(published.staff_welcomed(member, first_password, url))
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


def update_staff(cmd: UpdateStaff, uow: IdentityUnitOfWork, precondition: Precondition = unconditional) -> Staff:
    """Edit a record; a change others copy (a directory or contact field) is announced with what changed.

    `precondition` checks the record is still the version the editor read (If-Match).
    """
    check_may_edit(cmd.actor.staff_id, cmd.actor.roles, cmd.staff_id, cmd.changes)
    member = get_member(cmd.staff_id, uow)
    uow.hold(member)
    precondition(member)
    changes = dict(cmd.changes)
    if "team_id" in changes or "organisation_id" in changes:
        team_id = changes.get("team_id", member.team_id)
        wanted_org = changes.get("organisation_id") or (None if "team_id" in changes else member.organisation_id)
        changes["organisation_id"] = _organisation_of(team_id, wanted_org, uow)
    _check_new_managers(member, changes, uow)
    _check_unique(member, changes, uow)
    changed = member.update(changes)
    if "team_id" in changed:
        moved_out = member.end_championship_elsewhere(datetime.now(UTC), cmd.actor.staff_id)
        if moved_out is not None:
            uow.publish_many(published.grant_ended(moved_out))
    announced = [name for name in changed if name in DIRECTORY_FIELDS + PROFILE_FIELDS]
    if announced:
        uow.publish(published.staff_updated(member, announced))
    uow.commit()
    return member


def _check_new_managers(member: Staff, changes: dict[str, Any], uow: IdentityUnitOfWork) -> None:
    for field_name in MANAGER_FIELDS:
        if field_name in changes and changes[field_name] != getattr(member, field_name):
            check_active_member(changes[field_name], field_name, uow)
    manager_id = changes.get("line_manager_id")
    if manager_id and line_management_cycle(member.id, manager_id, _line_manager_lookup(uow)):
        raise InvalidInput("this line manager would close a loop of line management", field="line_manager_id")


def _line_manager_lookup(uow: IdentityUnitOfWork) -> Callable[[str], str | None]:
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
    member = get_member(cmd.staff_id, uow)
    mark_leaver(member, cmd.left_on or today(), cmd.reason, cmd.actor_id, uow)
    uow.commit()
    return member


def mark_leaver(member: Staff, left_on: date, reason: str, actor_id: str | None, uow: IdentityUnitOfWork) -> None:
    """Every role ends (each announced with its reason), every login ends, and other services hear it."""
    at = datetime.now(UTC)
    ended = member.leave(left_on, at, actor_id, reason)
    uow.refresh_tokens.revoke_all_of(member.id, at)
    uow.password_resets.spend_all_of(member.id, at)
    ending = [event for grant in ended for event in published.grant_ended(grant)]
    uow.publish_many([*ending, published.staff_left(member, reason)])


def reinstate(cmd: ReinstateStaff, uow: IdentityUnitOfWork) -> Staff:
    member = get_member(cmd.staff_id, uow)
    mark_reinstated(member, uow)
    uow.commit()
    return member


def mark_reinstated(member: Staff, uow: IdentityUnitOfWork) -> None:
    member.reinstate()
    uow.publish(published.staff_reinstated(member))
