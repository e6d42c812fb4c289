"""Roles with a history: granted and ended by people (under the written policy) or by training's events."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from identity.domain.model import RoleGrant, both_endorsements
from identity.domain.policy import GRANTED_BY, REVOKED_BY, check_may_change_role, suspension_to_lift
from identity.service_layer.common import get_member, manages, publish_revoked
from identity.service_layer.staff import RegisterStaff, register_staff
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import Conflict

log = logging.getLogger(__name__)
PEER_SUPPORTER = "peer_supporter"


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
    ending: str  # a RoleEnding: suspended or withdrawn
    actor: Principal


def grant_by_person(cmd: GrantRole, uow: IdentityUnitOfWork) -> RoleGrant:
    """A person grants a role under the policy; a peer supporter's role comes back only after a suspension."""
    member = get_member(cmd.staff_id, uow)
    check_may_change_role(
        GRANTED_BY, cmd.role, actor_id=cmd.actor.staff_id, actor_roles=cmd.actor.roles, staff_id=member.id,
        manages_them=manages(cmd.actor.staff_id, member, uow),
    )
    hours = None
    if cmd.role == PEER_SUPPORTER:
        hours = suspension_to_lift(member.last_grant(PEER_SUPPORTER)).monthly_hours
    grant = grant_role(member.id, cmd.role, reason=cmd.reason, granted_by=cmd.actor.staff_id, monthly_hours=hours,
                       uow=uow)
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
    publish_revoked(grant, uow)
    uow.commit()
    return grant


def grant_role(
    staff_id: str,
    role: str,
    *,
    reason: str,
    granted_by: str | None,
    monthly_hours: int | None = None,
    uow: IdentityUnitOfWork,
) -> RoleGrant | None:
    """Grant a role and announce it, without committing; granting a role already held changes nothing."""
    member = get_member(staff_id, uow)
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
    member = uow.staff.get(data["staff_id"])
    if member is not None and not member.active:
        log.info("level %s completed by %s, who has left; no role granted", data["level"], data["staff_id"])
        return
    if data["level"] == 2:
        if not both_endorsements(data["approvals"]):
            log.warning("level 2 completion for %s lacks an endorsement; no role granted", data["staff_id"])
            return
        hours = data["monthly_hours"]
        if hours is None:
            hours = min(a["monthly_hours"] for a in data["approvals"])
        grant_role(
            data["staff_id"], PEER_SUPPORTER, reason="Level 2 Peer Supporter completed",
            granted_by=None, monthly_hours=hours, uow=uow,
        )
    elif data["level"] == 3:
        grant_role(data["staff_id"], "trainer", reason="Level 3 Train the Trainer completed", granted_by=None, uow=uow)


def ensure_administrator(uow: IdentityUnitOfWork, email: str, password: str) -> None:
    """The first administrator, from configuration, so somebody can register everyone else."""
    if uow.staff.by_email(email) is not None:
        return
    admin = register_staff(
        RegisterStaff(employee_number=f"ADMIN-{email}", name="Administrator", email=email, password=password), uow
    )
    grant_role(admin.id, "admin", reason="first administrator, from configuration", granted_by=None, uow=uow)
    uow.commit()
