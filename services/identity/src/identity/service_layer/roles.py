"""Roles with a history: granted and ended by people (under the written policy) or by training's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from identity.domain.enums import RoleEnding
from identity.domain.model import RoleGrant
from identity.domain.policy import GRANTED_BY, REVOKED_BY, check_may_change_role, suspension_to_lift
from identity.events import published
from identity.service_layer.common import get_member, manages
from identity.service_layer.staff import RegisterStaff, register_staff
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import Conflict
from psn_shared.roles import Role


@dataclass(frozen=True)
class GrantRole:
    staff_id: str
    role: str
    reason: str
    actor: Principal


@dataclass(frozen=True)
class EndRole:
    staff_id: str
    role: str
    reason: str
    ending: RoleEnding  # suspended or withdrawn
    actor: Principal


def grant_by_person(cmd: GrantRole, uow: IdentityUnitOfWork) -> RoleGrant:
    """A person grants a role under the policy; a peer supporter's role comes back only after a suspension."""
    member = get_member(cmd.staff_id, uow)
    check_may_change_role(
        GRANTED_BY, cmd.role, actor_id=cmd.actor.staff_id, actor_roles=cmd.actor.roles, staff_id=member.id,
        manages_them=manages(cmd.actor.staff_id, member, uow),
    )
    hours = None
    if cmd.role == Role.PEER_SUPPORTER:
        hours = suspension_to_lift(member.last_grant(Role.PEER_SUPPORTER)).monthly_hours
    grant = grant_role(member.id, cmd.role, cmd.reason, cmd.actor.staff_id, hours, uow)
    if grant is None:
        raise Conflict(f"{member.name} already holds the role {cmd.role}", field="role")
    uow.commit()
    return grant


def end_by_person(cmd: EndRole, uow: IdentityUnitOfWork) -> RoleGrant:
    """Suspend or withdraw a role, with the reason on record and in the event."""
    member = get_member(cmd.staff_id, uow)
    check_may_change_role(
        REVOKED_BY, cmd.role, actor_id=cmd.actor.staff_id, actor_roles=cmd.actor.roles, staff_id=member.id,
        manages_them=manages(cmd.actor.staff_id, member, uow),
    )
    grant = member.revoke_role(cmd.role, reason=cmd.reason, ending=cmd.ending, at=datetime.now(UTC),
                               revoked_by=cmd.actor.staff_id)
    uow.publish_many(published.grant_ended(grant))
    uow.commit()
    return grant


def grant_role(
    staff_id: str, role: str, reason: str, granted_by: str | None, monthly_hours: int | None, uow: IdentityUnitOfWork
) -> RoleGrant | None:
    """Grant a role and announce it, without committing; granting a role already held changes nothing.

    `granted_by` is None when an event (or the configuration) grants it.
    """
    member = get_member(staff_id, uow)
    grant = member.grant_role(
        role, reason=reason, granted_by=granted_by, monthly_hours=monthly_hours, at=datetime.now(UTC)
    )
    if grant is not None:
        uow.add_grant(grant, published.grant_started(grant))
    return grant


def ensure_administrator(email: str, password: str, uow: IdentityUnitOfWork) -> None:
    """The first administrator, from configuration, so somebody can register everyone else."""
    if uow.staff.by_email(email) is not None:
        return
    admin = register_staff(
        RegisterStaff(employee_number=f"ADMIN-{email}", name="Administrator", email=email, password=password), uow
    )
    grant_role(admin.id, Role.ADMIN, "first administrator, from configuration", None, None, uow)
    uow.commit()
