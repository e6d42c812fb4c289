"""Identity's use cases: each takes a command and a unit of work, and commits or changes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from identity.adapters.passwords import hash_password, verify_password
from identity.domain.model import RoleGrant, Staff, Team, both_endorsements
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput, NotAuthenticated, NotFound

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CreateTeam:
    name: str
    service: str
    organisation: str


@dataclass(frozen=True)
class RegisterStaff:
    employee_number: str
    name: str
    email: str
    password: str
    team_id: str | None = None
    grade: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None


def create_team(cmd: CreateTeam, uow: IdentityUnitOfWork) -> Team:
    team = Team(name=cmd.name, service=cmd.service, organisation=cmd.organisation)
    uow.teams.add(team)
    uow.publish(
        "identity.team.created",
        {"team_id": team.id, "name": team.name, "service": team.service, "organisation": team.organisation},
        subject=team.id,
    )
    uow.commit()
    return team


def register_staff(cmd: RegisterStaff, uow: IdentityUnitOfWork) -> Staff:
    if cmd.team_id and uow.teams.get(cmd.team_id) is None:
        raise InvalidInput("no such team", field="team_id")
    for field_name in ("line_manager_id", "senior_manager_id"):
        manager_id = getattr(cmd, field_name)
        if manager_id:
            manager = uow.staff.get(manager_id)
            if manager is None or not manager.active:
                raise InvalidInput("no such active member of staff", field=field_name)
    if uow.staff.by_email(cmd.email):
        raise Conflict("a member of staff with this email already exists", field="email")
    if uow.staff.by_employee_number(cmd.employee_number):
        raise Conflict("a member of staff with this employee number already exists", field="employee_number")
    member = Staff(
        employee_number=cmd.employee_number,
        name=cmd.name,
        email=cmd.email,
        team_id=cmd.team_id,
        grade=cmd.grade,
        line_manager_id=cmd.line_manager_id,
        senior_manager_id=cmd.senior_manager_id,
        password_hash=hash_password(cmd.password),
    )
    uow.staff.add(member)
    uow.publish("identity.staff.registered", member.to_snapshot(), subject=member.id)
    uow.commit()
    return member


def authenticate(email: str, password: str, uow: IdentityUnitOfWork) -> Principal:
    member = uow.staff.by_email(email)
    if not verify_password(member.password_hash if member else None, password) or member is None:
        raise NotAuthenticated("email or password is wrong")
    if not member.active:
        raise NotAuthenticated("this account is no longer active")
    return principal_of(member, uow)


def principal_of(member: Staff, uow: IdentityUnitOfWork) -> Principal:
    return Principal(staff_id=member.id, roles=frozenset(member.held_roles() | uow.staff.manager_roles(member.id)))


def grant_role(
    uow: IdentityUnitOfWork,
    staff_id: str,
    role: str,
    *,
    reason: str,
    granted_by: str | None,
    monthly_hours: int | None = None,
) -> RoleGrant | None:
    """Grant a role and announce it; granting a role already held changes nothing."""
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    grant = member.grant_role(
        role, reason=reason, granted_by=granted_by, monthly_hours=monthly_hours, at=datetime.now(UTC)
    )
    if grant is not None:
        uow.publish(
            "identity.role.granted",
            {
                "staff_id": member.id,
                "role": role,
                "reason": reason,
                "granted_by": granted_by,
                "granted_at": grant.granted_at,
                "monthly_hours": monthly_hours,
            },
            subject=member.id,
        )
    return grant


def record_level_completed(data: dict, uow: IdentityUnitOfWork) -> None:
    """Training says a level is complete: Level 2 makes a peer supporter, Level 3 a trainer."""
    if data["level"] == 2:
        if not both_endorsements(data["approvals"]):
            log.warning("level 2 completion for %s lacks an endorsement; no role granted", data["staff_id"])
            return
        hours = data["monthly_hours"]
        if hours is None:
            hours = min(a["monthly_hours"] for a in data["approvals"])
        member = uow.staff.get(data["staff_id"])
        if member is not None and not member.active:
            log.info("level 2 completed by %s, who has left; no role granted", data["staff_id"])
            return
        grant_role(
            uow, data["staff_id"], "peer_supporter", reason="Level 2 Peer Supporter completed",
            granted_by=None, monthly_hours=hours,
        )
    elif data["level"] == 3:
        grant_role(uow, data["staff_id"], "trainer", reason="Level 3 Train the Trainer completed", granted_by=None)


def ensure_administrator(uow: IdentityUnitOfWork, email: str, password: str) -> None:
    """The first administrator, from configuration, so somebody can register everyone else."""
    if uow.staff.by_email(email) is not None:
        return
    admin = register_staff(
        RegisterStaff(employee_number=f"ADMIN-{email}", name="Administrator", email=email, password=password), uow
    )
    grant_role(uow, admin.id, "admin", reason="first administrator, from configuration", granted_by=None)
    uow.commit()
