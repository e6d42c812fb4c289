"""The directory (organisations, services, teams, staff), roles and delegations: identity's rules in plain Python."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from identity.domain.enums import OrganisationKind, RoleEnding, StaffStatus
from psn_shared.errors import Conflict, InvalidInput
from psn_shared.roles import MANAGER_ROLES, Role

if TYPE_CHECKING:
    from identity.domain.supporter_hours import HoursChange

# `staff` comes with being an active member, the manager roles with the directory: nobody grants them.
GRANTABLE_ROLES = frozenset(Role) - MANAGER_ROLES - {Role.STAFF}

# The directory fields a change to which other services must hear of (identity.staff.updated).
DIRECTORY_FIELDS = (
    "employee_number", "name", "email", "job_title", "grade", "team_id", "organisation_id",
    "line_manager_id", "senior_manager_id", "start_date",
)
# What a member of staff owns in their own record; everything else belongs to HR and the coordinators.
# Announced too: sessions shows them to a person's peer supporter as their contact.
PROFILE_FIELDS = ("preferred_name", "phone")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(eq=False)
class Organisation:
    """The health board, or a partner local authority."""

    name: str
    kind: OrganisationKind
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.kind not in list(OrganisationKind):
            raise InvalidInput(f"kind must be one of {', '.join(OrganisationKind)}", field="kind")
        self.kind = OrganisationKind(self.kind)


@dataclass(eq=False)
class Service:
    """A directorate inside an organisation."""

    name: str
    organisation_id: str
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Team:
    """A team inside a service; the service and organisation names are kept beside their ids for the events."""

    name: str
    service: str
    organisation: str
    service_id: str | None = None
    organisation_id: str | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def in_service(cls, name: str, service: Service, organisation: Organisation, team_id: str | None = None) -> Team:
        return cls(name=name, service=service.name, organisation=organisation.name, service_id=service.id,
                   organisation_id=organisation.id, id=team_id or new_id())


@dataclass(eq=False)
class RoleGrant:
    """One period during which a person held a role: who granted it, when and why, and how it ended."""

    staff_id: str
    role: Role
    reason: str
    granted_at: datetime
    granted_by: str | None = None
    monthly_hours: int | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None
    ending: RoleEnding | None = None
    team_id: str | None = None  # a wellbeing champion's team: the one they were appointed for
    id: str = field(default_factory=new_id)
    # A peer supporter's hours changed since the grant (domain/supporter_hours.py), oldest first.
    hours_changes: list[HoursChange] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def champion_of(self) -> str | None:
        """The team this grant makes its holder a wellbeing champion of, if it does."""
        return self.team_id if self.role == Role.WELLBEING_CHAMPION else None


@dataclass(eq=False)
class Delegation:
    """A temporary manager who stands in for a line manager over a period (both days included)."""

    manager_id: str
    delegate_id: str
    starts_on: date
    ends_on: date
    reason: str
    created_by: str | None = None
    id: str = field(default_factory=new_id)
    ended_at: datetime | None = None
    ended_by: str | None = None
    end_reason: str | None = None

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise InvalidInput("the period must end on or after its first day", field="ends_on")
        if self.delegate_id == self.manager_id:
            raise InvalidInput("a manager cannot delegate to themselves", field="delegate_id")

    def in_force(self, day: date) -> bool:
        return self.ended_at is None and self.starts_on <= day <= self.ends_on

    def end(self, *, reason: str, ended_by: str | None, at: datetime) -> None:
        """End it now, before its last day (or cancel it before its first): the period's dates stay as granted."""
        if self.ended_at is not None:
            raise Conflict("this delegation has already been ended")
        if self.ends_on < at.date():
            raise Conflict("this delegation is already over")
        self.ended_at, self.ended_by, self.end_reason = at, ended_by, reason


@dataclass(eq=False)
class SupporterAvailability:
    """Whether a peer supporter takes new cases, as far as identity hears: sessions announces a supporter
    it can allocate to (`sessions.supporter.activated`), training a certificate that lapsed. Each time is
    the event's, and only a newer one moves it, so late or repeated news changes nothing."""

    staff_id: str
    activated_at: datetime | None = None
    lapsed_at: datetime | None = None

    def activated(self, at: datetime) -> None:
        if self.activated_at is None or at > self.activated_at:
            self.activated_at = at

    def lapsed(self, at: datetime) -> None:
        if self.lapsed_at is None or at > self.lapsed_at:
            self.lapsed_at = at

    def available(self, grant: RoleGrant | None) -> bool:
        """Activated by sessions since the grant in force, and not lapsed since."""
        if grant is None or not grant.active or self.activated_at is None:
            return False
        if self.activated_at < grant.granted_at:
            return False
        return self.lapsed_at is None or self.lapsed_at < self.activated_at


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
    status: StaffStatus = StaffStatus.ACTIVE
    organisation_id: str | None = None
    job_title: str | None = None
    start_date: date | None = None
    left_on: date | None = None
    preferred_name: str | None = None
    phone: str | None = None
    id: str = field(default_factory=new_id)
    role_grants: list[RoleGrant] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.email = self.email.strip().lower()
        self._check_managers()

    def _check_managers(self) -> None:
        if self.line_manager_id == self.id:
            raise InvalidInput("nobody can be their own manager", field="line_manager_id")
        if self.senior_manager_id == self.id:
            raise InvalidInput("nobody can be their own manager", field="senior_manager_id")

    @property
    def active(self) -> bool:
        return self.status == StaffStatus.ACTIVE

    @property
    def has_password(self) -> bool:
        """Chosen through a welcome's or a reset's link, or given at registration by whoever registered them."""
        return self.password_hash is not None

    def check_may_be_welcomed(self) -> None:
        """A welcome's link is for choosing a first password: for someone who has none, so has never signed in,
        and has not left (decision 86)."""
        if not self.active:
            raise Conflict(f"{self.name} has left; nobody who has left is welcomed", field="status")
        if self.has_password:
            raise Conflict(f"{self.name} already has a password; if they have forgotten it, they can set a new one "
                           "with Forgotten your password")

    def held_roles(self) -> set[Role]:
        """Granted roles in force now; `staff` is implied for every active member."""
        roles = {g.role for g in self.role_grants if g.active}
        if self.active:
            roles.add(Role.STAFF)
        return roles

    def active_grant(self, role: str) -> RoleGrant | None:
        return next((g for g in self.role_grants if g.active and g.role == role), None)

    def last_grant(self, role: str) -> RoleGrant | None:
        grants = [g for g in self.role_grants if g.role == role]
        return max(grants, key=lambda g: g.granted_at) if grants else None

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
        if role == Role.WELLBEING_CHAMPION and self.team_id is None:
            raise Conflict(f"a wellbeing champion is appointed for a team, and {self.name} has none", field="role")
        grant = RoleGrant(
            staff_id=self.id,
            role=Role(role),
            reason=reason,
            granted_at=at,
            granted_by=granted_by,
            monthly_hours=monthly_hours,
            team_id=self.team_id if role == Role.WELLBEING_CHAMPION else None,
        )
        self.role_grants.append(grant)
        return grant

    def revoke_role(
        self, role: str, *, reason: str, ending: RoleEnding, at: datetime, revoked_by: str | None
    ) -> RoleGrant:
        grant = self.active_grant(role)
        if grant is None:
            raise Conflict(f"{self.name} does not hold the role {role}", field="role")
        grant.revoked_at, grant.revoked_by, grant.revoke_reason = at, revoked_by, reason
        grant.ending = RoleEnding(ending)
        return grant

    def update(self, changes: dict) -> list[str]:
        """Apply field changes; returns the names of the fields whose value actually changed."""
        changed = [name for name, value in changes.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, changes[name])
        if "email" in changed:
            self.email = self.email.strip().lower()
        self._check_managers()
        return changed

    def end_championship_elsewhere(self, at: datetime, by: str | None) -> RoleGrant | None:
        """A champion is one for the team they were appointed in: moving out of it ends the appointment."""
        grant = self.active_grant(Role.WELLBEING_CHAMPION)
        if grant is None or grant.team_id == self.team_id:
            return None
        return self.revoke_role(Role.WELLBEING_CHAMPION, reason="moved out of the team they were champion for",
                                ending=RoleEnding.LEFT_TEAM, at=at, revoked_by=by)

    def leave(self, on: date, at: datetime, by: str | None, reason: str) -> list[RoleGrant]:
        """Mark a leaver; every role they held ends with them. Their record and history stay."""
        if not self.active:
            raise Conflict(f"{self.name} has already left", field="status")
        ended = [
            self.revoke_role(g.role, reason=reason, ending=RoleEnding.LEFT, at=at, revoked_by=by)
            for g in list(self.role_grants)
            if g.active
        ]
        self.status, self.left_on = StaffStatus.LEFT, on
        return ended

    def reinstate(self) -> None:
        """Back from leaving; roles are not restored by themselves (each needs granting again)."""
        if self.active:
            raise Conflict(f"{self.name} has not left", field="status")
        self.status, self.left_on = StaffStatus.ACTIVE, None


def both_endorsements(capacities: Iterable[str]) -> bool:
    """Level 2 needs the line manager's and the senior manager's support, each on record.

    `capacities`: the capacity each approval was given in, which is one of the manager roles.
    """
    return set(capacities) >= MANAGER_ROLES


def line_management_cycle(staff_id: str, manager_id: str | None, manager_of: Callable[[str], str | None]) -> bool:
    """Would making `manager_id` the line manager of `staff_id` close a loop of line management?

    `manager_of` tells each person's line manager as things stand; the chain is walked upwards.
    """
    seen: set[str] = set()
    current = manager_id
    while current is not None and current not in seen:
        if current == staff_id:
            return True
        seen.add(current)
        current = manager_of(current)
    return False


def people_in_cycles(manager_of: dict[str, str | None]) -> set[str]:
    """Everyone standing in a loop of line management, found in one pass over the whole graph."""
    state: dict[str, int] = {}  # 1: on the current path, 2: known to end without a loop
    in_cycle: set[str] = set()
    for start in manager_of:
        path: list[str] = []
        current: str | None = start
        while current is not None and current not in state:
            state[current] = 1
            path.append(current)
            current = manager_of.get(current)
        if current is not None and state[current] == 1:
            in_cycle.update(path[path.index(current):])
        for person in path:
            state[person] = 2
    return in_cycle
