"""The local copy of identity's facts: teams, members of staff and delegations, kept from its events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

PEER_SUPPORTER, TRAINER = "peer_supporter", "trainer"


class Capacity(StrEnum):
    """The two managers who endorse a nomination, in the order they decide."""

    LINE_MANAGER = "line_manager"
    SENIOR_MANAGER = "senior_manager"


@dataclass(eq=False)
class Team:
    id: str
    name: str
    service: str


@dataclass(eq=False)
class StaffMember:
    """Training's copy of a member of staff, kept from identity's events.

    `as_of` is when identity made the last change applied here: events can arrive out of order
    (a retried one overtaken by a later one), and older news than what we hold is ignored.
    `supporter_since` is when the current peer_supporter grant began (Level 3 needs a minimum period).
    """

    id: str
    name: str
    as_of: datetime
    employee_number: str | None = None
    team_id: str | None = None
    grade: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None
    status: str = "active"
    roles: list[str] = field(default_factory=list)
    supporter_since: datetime | None = None

    @classmethod
    def from_snapshot(cls, snapshot: dict[str, Any], at: datetime) -> StaffMember:
        member = cls(id=snapshot["staff_id"], name=snapshot["name"], as_of=at)
        member.apply_snapshot(snapshot, at)
        return member

    @property
    def active(self) -> bool:
        return self.status == "active"

    def manager(self, capacity: Capacity) -> str | None:
        return self.line_manager_id if capacity == Capacity.LINE_MANAGER else self.senior_manager_id

    def apply_snapshot(self, snapshot: dict[str, Any], at: datetime) -> None:
        if not self._newer(at):
            return
        self.name = snapshot["name"]
        self.employee_number = snapshot.get("employee_number")
        self.team_id = snapshot["team_id"]
        self.grade = snapshot["grade"]
        self.line_manager_id = snapshot["line_manager_id"]
        self.senior_manager_id = snapshot["senior_manager_id"]
        self.status = snapshot["status"]
        self._set_roles(set(snapshot["roles"]), at)

    def mark_left(self, at: datetime) -> None:
        if self._newer(at):
            self.status = "left"

    def grant(self, role: str, at: datetime, granted_at: datetime) -> None:
        if self._newer(at):
            self._set_roles({*self.roles, role}, granted_at)

    def revoke(self, role: str, at: datetime) -> None:
        if self._newer(at):
            self._set_roles(set(self.roles) - {role}, at)

    def _set_roles(self, roles: set[str], since: datetime) -> None:
        if PEER_SUPPORTER not in roles:
            self.supporter_since = None
        elif self.supporter_since is None:
            self.supporter_since = since
        self.roles = sorted(roles)

    def _newer(self, at: datetime) -> bool:
        if at < self.as_of:
            return False
        self.as_of = at
        return True


@dataclass(eq=False)
class Delegation:
    """The local copy of identity's delegation: a temporary manager who decides for a manager
    between two dates (inclusive) unless identity ended it early. Identity checked it when granting."""

    id: str
    manager_id: str
    delegate_id: str
    starts_on: date
    ends_on: date
    granted_by: str | None = None
    ended_at: datetime | None = None

    def covers(self, on: date) -> bool:
        return self.ended_at is None and self.starts_on <= on <= self.ends_on

    def end(self, at: datetime) -> None:
        """Identity ended it; a redelivered event keeps the first time."""
        if self.ended_at is None:
            self.ended_at = at
