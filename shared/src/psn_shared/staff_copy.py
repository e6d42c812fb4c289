"""A service's copy of identity's staff, kept from identity's events: one pattern for every service.

Training, sessions and notifications each keep the few facts about people they need. The rules
are the same everywhere, so they are written once:

- **Last writer wins, on the event's time.** Events can arrive out of order (a retried one
  overtaken by a later one); older news than what the copy holds changes nothing. There are two
  clocks: `as_of` for the record (name, team, managers, status) and `roles_as_of` for the roles,
  because role news travels apart from the record: a grant applied first must not make an older
  record update still on its way (a new team, say) look stale, nor may that record's older list
  of roles undo the grant.
- **Not known yet.** A snapshot (registered, updated, reinstated) creates the copy. Any other
  news about a person with no copy yet (left, a role granted or revoked) raises
  `StaffNotYetKnown`: the consumer retries it with backoff, by when the registration (delayed,
  or being retried itself) has arrived.

Each service subclasses `StaffCopy` for the fields it keeps beyond these, and calls the
`record_*` functions from its event handlers with its own repository.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from psn_shared.events.contracts import StaffSnapshot


class StaffStatus(StrEnum):
    ACTIVE = "active"
    LEFT = "left"


class StaffNotYetKnown(LookupError):
    """News about someone whose registration has not arrived yet: the consumer retries it."""


@dataclass(eq=False, kw_only=True)
class StaffCopy:
    """What every service keeps of a member of staff."""

    staff_id: str
    name: str
    as_of: datetime
    team_id: str | None = None
    line_manager_id: str | None = None
    senior_manager_id: str | None = None
    status: str = StaffStatus.ACTIVE
    roles: list[str] = field(default_factory=list)
    roles_as_of: datetime | None = None

    @classmethod
    def from_snapshot(cls, snapshot: StaffSnapshot, at: datetime) -> StaffCopy:
        copy = cls(staff_id=snapshot.staff_id, name=snapshot.name, as_of=at)
        copy.apply_snapshot(snapshot, at)
        return copy

    @property
    def active(self) -> bool:
        return self.status == StaffStatus.ACTIVE

    def apply_snapshot(self, snapshot: StaffSnapshot, at: datetime) -> bool:
        """Take identity's picture of this person, each part only if newer than ours; False if nothing was."""
        record = self._newer_record(at)
        if record:
            self.take(snapshot)
        roles = self._newer_roles(at)
        if roles:
            self.set_roles(snapshot.roles, since=at)
        return record or roles

    def mark_left(self, at: datetime, left_on: date | None = None) -> bool:
        """`left_on`, identity's leaving date, is kept by copies that keep employment dates."""
        if not self._newer_record(at):
            return False
        self.status = StaffStatus.LEFT
        return True

    def grant(self, role: str, at: datetime, *, since: datetime | None = None) -> bool:
        """`since` is when identity's role history says the grant began, when that is not `at`."""
        if not self._newer_roles(at):
            return False
        self.set_roles({*self.roles, role}, since=since or at)
        return True

    def revoke(self, role: str, at: datetime) -> bool:
        if not self._newer_roles(at):
            return False
        self.set_roles(set(self.roles) - {role}, since=at)
        return True

    def take(self, snapshot: StaffSnapshot) -> None:
        """Copy the snapshot's fields this service keeps; a subclass extends it with its own."""
        self.name = snapshot.name
        self.team_id = snapshot.team_id
        self.line_manager_id = snapshot.line_manager_id
        self.senior_manager_id = snapshot.senior_manager_id
        self.status = snapshot.status

    def set_roles(self, roles: Iterable[str], *, since: datetime) -> None:
        """Assigned whole (never changed in place) so the ORM sees the change."""
        self.roles = sorted(set(roles))

    def _newer_record(self, at: datetime) -> bool:
        if at < self.as_of:
            return False
        self.as_of = at
        return True

    def _newer_roles(self, at: datetime) -> bool:
        if self.roles_as_of is not None and at < self.roles_as_of:
            return False
        self.roles_as_of = at
        return True


@dataclass(eq=False, kw_only=True)
class EmployedStaffCopy(StaffCopy):
    """A copy that also keeps when the person started and left, as identity says, so a report of a past
    quarter counts who was on the books at its end rather than who is today."""

    started_on: date | None = None
    left_on: date | None = None

    def take(self, snapshot: StaffSnapshot) -> None:
        super().take(snapshot)
        self.started_on = snapshot.start_date
        if snapshot.status == StaffStatus.ACTIVE:  # a reinstatement: on the books again
            self.left_on = None

    def mark_left(self, at: datetime, left_on: date | None = None) -> bool:
        if not super().mark_left(at, left_on):
            return False
        self.left_on = left_on
        return True


C = TypeVar("C", bound=StaffCopy)


class StaffCopies(Protocol[C]):
    """The repository a service keeps its copies in."""

    def get(self, staff_id: str) -> C | None: ...

    def add(self, copy: C) -> None: ...


def record_snapshot(copies: StaffCopies[C], snapshot: StaffSnapshot, at: datetime,
                    new: Callable[[StaffSnapshot, datetime], C]) -> C | None:
    """Registered, updated or reinstated: create or update the copy; the copy when it changed, else None."""
    copy = copies.get(snapshot.staff_id)
    if copy is None:
        copy = new(snapshot, at)
        copies.add(copy)
        return copy
    return copy if copy.apply_snapshot(snapshot, at) else None


def copy_of(copies: StaffCopies[C], staff_id: str) -> C:
    copy = copies.get(staff_id)
    if copy is None:
        raise StaffNotYetKnown(f"no local copy of staff {staff_id} yet")
    return copy


def record_leaver(copies: StaffCopies[C], staff_id: str, at: datetime, left_on: date | None = None) -> C | None:
    copy = copy_of(copies, staff_id)
    return copy if copy.mark_left(at, left_on) else None


def record_grant(copies: StaffCopies[C], staff_id: str, role: str, at: datetime,
                 since: datetime | None = None) -> C | None:
    copy = copy_of(copies, staff_id)
    return copy if copy.grant(role, at, since=since) else None


def record_revocation(copies: StaffCopies[C], staff_id: str, role: str, at: datetime) -> C | None:
    copy = copy_of(copies, staff_id)
    return copy if copy.revoke(role, at) else None
