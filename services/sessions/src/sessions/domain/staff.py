"""Sessions' copy of identity's staff and delegations, kept from identity's events.

Beyond the shared copy, sessions keeps a person's contact details: a supporter and the colleague
they support are shown each other's (and nobody else's; see policy.may_see_contact).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from psn_shared.events.contracts import StaffSnapshot
from psn_shared.staff_copy import EmployedStaffCopy as SharedStaffCopy


@dataclass(eq=False, kw_only=True)
class StaffCopy(SharedStaffCopy):
    email: str | None = None
    preferred_name: str | None = None
    phone: str | None = None
    organisation_id: str | None = None  # whose sources of help a referral offers them

    def take(self, snapshot: StaffSnapshot) -> None:
        super().take(snapshot)
        self.organisation_id = snapshot.organisation_id
        self.email = snapshot.email
        self.preferred_name = snapshot.preferred_name
        self.phone = snapshot.phone

    @property
    def known_as(self) -> str:
        return known_as(self.name, self.preferred_name)


def known_as(name: str, preferred_name: str | None) -> str:
    """What a person is called to others: their preferred name when they gave one."""
    return preferred_name or name


@dataclass(frozen=True)
class Contact:
    """How to reach the other one of a supporting pair: their preferred name and work contact."""

    staff_id: str
    name: str
    email: str | None
    phone: str | None

    @classmethod
    def of(cls, member: StaffCopy) -> Contact:
        return cls(staff_id=member.staff_id, name=member.known_as, email=member.email, phone=member.phone)


@dataclass(eq=False)
class Delegation:
    """A temporary manager standing in for a manager between two dates (inclusive), unless ended early.

    While in force, the delegate has the manager's line authority: they may not support the
    manager's reports, nor be supported by them.
    """

    id: str
    manager_id: str
    delegate_id: str
    starts_on: date
    ends_on: date
    ended_at: datetime | None = None

    def covers(self, on: date) -> bool:
        return self.ended_at is None and self.starts_on <= on <= self.ends_on

    def end(self, at: datetime) -> None:
        """A redelivered end keeps the first time."""
        if self.ended_at is None:
            self.ended_at = at


StandIns = Mapping[str, frozenset[str]]
"""Manager id -> who stands in for them today (delegations in force)."""


def stand_ins(delegations: Iterable[Delegation], on: date) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for delegation in delegations:
        if delegation.covers(on):
            found.setdefault(delegation.manager_id, set()).add(delegation.delegate_id)
    return {manager: frozenset(delegates) for manager, delegates in found.items()}


def managers_of(member: SharedStaffCopy, standing_in: StandIns) -> frozenset[str]:
    """Whoever has line authority over the person: their line and senior managers, and anyone standing in for them."""
    managers = {m for m in (member.line_manager_id, member.senior_manager_id) if m}
    for manager in tuple(managers):
        managers |= standing_in.get(manager, frozenset())
    return frozenset(managers)
