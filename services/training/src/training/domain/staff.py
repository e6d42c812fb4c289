"""The local copy of identity's facts: teams, members of staff and delegations, kept from its events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from psn_shared.events.contracts import StaffSnapshot
from psn_shared.roles import Role
from psn_shared.staff_copy import EmployedStaffCopy as SharedStaffCopy


class Capacity(StrEnum):
    """The two managers who endorse a nomination, in the order they decide."""

    LINE_MANAGER = "line_manager"
    SENIOR_MANAGER = "senior_manager"


@dataclass(eq=False)
class Team:
    id: str
    name: str
    service: str
    organisation_id: str | None = None

    def rename(self, name: str, service: str, organisation_id: str | None = None) -> None:
        self.name, self.service = name, service
        self.organisation_id = organisation_id or self.organisation_id


@dataclass(eq=False, kw_only=True)
class StaffCopy(SharedStaffCopy):
    """Training's copy of a member of staff: the shared one (last writer wins on identity's
    event time), plus what Level 1 imports and Level 3 eligibility need.

    `supporter_since` is when the current peer_supporter grant began: Level 3 needs a minimum
    period, counted from identity's own grant time (`record_grant(..., since=granted_at)`).
    """

    employee_number: str | None = None
    grade: str | None = None
    supporter_since: datetime | None = None
    organisation_id: str | None = None  # whose grade ladder and nomination rules apply

    def take(self, snapshot: StaffSnapshot) -> None:
        super().take(snapshot)
        self.employee_number = snapshot.employee_number
        self.grade = snapshot.grade
        self.organisation_id = snapshot.organisation_id

    def set_roles(self, roles: Iterable[str], *, since: datetime) -> None:
        roles = set(roles)
        if Role.PEER_SUPPORTER not in roles:
            self.supporter_since = None
        elif self.supporter_since is None:
            self.supporter_since = since
        super().set_roles(roles, since=since)

    def manager(self, capacity: Capacity) -> str | None:
        return self.line_manager_id if capacity == Capacity.LINE_MANAGER else self.senior_manager_id


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
    # The stand-in has been told that the delegation is in force: at its grant, or on its first morning.
    stand_in_told: bool = False

    def covers(self, on: date) -> bool:
        return self.ended_at is None and self.starts_on <= on <= self.ends_on

    def start_untold(self, on: date) -> bool:
        """In force on `on` and its stand-in not yet told: the morning sweep tells them."""
        return self.covers(on) and not self.stand_in_told

    def end(self, at: datetime) -> None:
        """Identity ended it; a redelivered event keeps the first time."""
        if self.ended_at is None:
            self.ended_at = at
