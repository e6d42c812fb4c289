"""Staff, teams and roles: identity's rules in plain Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from psn_shared.errors import Conflict, InvalidInput

GRANTABLE_ROLES = frozenset(
    {"peer_supporter", "trainer", "wellbeing_champion", "facilitator", "coordinator", "admin"}
)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False)
class Team:
    name: str
    service: str
    organisation: str
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class RoleGrant:
    """One period during which a person held a role: who granted it, when and why."""

    staff_id: str
    role: str
    reason: str
    granted_at: datetime
    granted_by: str | None = None
    monthly_hours: int | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None
    id: str = field(default_factory=new_id)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(eq=False)
class Staff:
    employee_number: str
    name: str
    email: str
    team_id: str | None = None
    grade: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None
    password_hash: str | None = None
    status: str = "active"
    id: str = field(default_factory=new_id)
    role_grants: list[RoleGrant] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.email = self.email.strip().lower()
        if self.line_manager_id == self.id or self.senior_manager_id == self.id:
            raise InvalidInput("nobody can be their own manager", field="line_manager_id")

    @property
    def active(self) -> bool:
        return self.status == "active"

    def held_roles(self) -> set[str]:
        """Granted roles in force now; `staff` is implied for every active member."""
        roles = {g.role for g in self.role_grants if g.active}
        if self.active:
            roles.add("staff")
        return roles

    def grant_role(
        self,
        role: str,
        *,
        reason: str,
        at: datetime,
        granted_by: str | None = None,
        monthly_hours: int | None = None,
    ) -> RoleGrant | None:
        """Grant a role; returns None when it is already held (granting is idempotent)."""
        if role not in GRANTABLE_ROLES:
            raise InvalidInput(f"{role!r} cannot be granted", field="role")
        if not self.active:
            raise Conflict(f"{self.name} has left; roles cannot be granted")
        if role in self.held_roles():
            return None
        grant = RoleGrant(
            staff_id=self.id,
            role=role,
            reason=reason,
            granted_at=at,
            granted_by=granted_by,
            monthly_hours=monthly_hours,
        )
        self.role_grants.append(grant)
        return grant

    def to_snapshot(self) -> dict:
        """The full picture other services keep a local copy of (derived manager roles aside)."""
        return {
            "staff_id": self.id,
            "employee_number": self.employee_number,
            "name": self.name,
            "email": self.email,
            "team_id": self.team_id,
            "grade": self.grade,
            "line_manager_id": self.line_manager_id,
            "senior_manager_id": self.senior_manager_id,
            "status": self.status,
            "roles": sorted(self.held_roles()),
        }


def both_endorsements(approvals: list[dict]) -> bool:
    """Level 2 needs the line manager's and the senior manager's support, each on record."""
    return {a["capacity"] for a in approvals} >= {"line_manager", "senior_manager"}
