"""The local copy of identity's facts, kept from its events: the use cases behind the event
handlers. They never commit (the consumer does, with the inbox row).

Staff follow the one staff-copy pattern (`psn_shared.staff_copy`): last writer wins on the
event's time, and news about someone not registered here yet raises `StaffNotYetKnown`, which
the consumer retries.
"""

from __future__ import annotations

from datetime import date, datetime

from psn_shared.events.contracts import DelegationGranted, StaffSnapshot, TeamCreated
from psn_shared.staff_copy import copy_of, record_grant, record_leaver, record_revocation, record_snapshot
from training.domain.staff import Capacity, Delegation, StaffCopy, Team
from training.service_layer import nominations
from training.service_layer.uow import TrainingUnitOfWork


class DelegationNotYetKnown(LookupError):
    """An end of a delegation whose grant has not arrived yet: retried, like StaffNotYetKnown."""


def record_team(team: TeamCreated, uow: TrainingUnitOfWork) -> None:
    """Created or updated (`TeamUpdated` is a `TeamCreated` with what changed)."""
    known = uow.teams.get(team.team_id)
    if known is None:
        uow.teams.add(Team(id=team.team_id, name=team.name, service=team.service,
                           organisation_id=team.organisation_id))
    else:
        known.rename(team.name, team.service, team.organisation_id)


def record_staff_snapshot(snapshot: StaffSnapshot, at: datetime, uow: TrainingUnitOfWork) -> None:
    """Registered, updated or reinstated in identity: keep the copy, whichever arrives first.

    A new manager in the directory takes over a nomination step that awaited the old one.
    """
    known = uow.staff.get(snapshot.staff_id)
    before = {c: known.manager(c) for c in Capacity} if known is not None else None
    changed = record_snapshot(uow.staff, snapshot, at, StaffCopy.from_snapshot)
    if changed is not None and before is not None and changed.active:
        nominations.managers_changed(changed, before, uow)


def record_staff_left(staff_id: str, at: datetime, uow: TrainingUnitOfWork, left_on: date | None = None) -> None:
    """A leaver's open nominations end and their seat goes to the next in line; steps awaiting them
    as a manager are offered to their delegates (or a coordinator) until the directory names another."""
    left = record_leaver(uow.staff, staff_id, at, left_on)
    if left is None:
        return
    nominations.nominee_left(staff_id, uow.now(), uow)
    nominations.manager_left(staff_id, uow)


def record_role_granted(staff_id: str, role: str, at: datetime, granted_at: datetime,
                        uow: TrainingUnitOfWork) -> None:
    """`granted_at` is identity's role history: Level 3 counts time as a supporter from it."""
    record_grant(uow.staff, staff_id, role, at, since=granted_at)


def record_role_revoked(staff_id: str, role: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    record_revocation(uow.staff, staff_id, role, at)


def record_delegation_granted(granted: DelegationGranted, uow: TrainingUnitOfWork) -> None:
    """Identity never changes a granted delegation, so a redelivery finds the copy and changes nothing."""
    if uow.delegations.get(granted.delegation_id) is not None:
        return
    copy_of(uow.staff, granted.delegate_id)  # the copy names a known member of staff (a foreign key)
    delegation = Delegation(
        id=granted.delegation_id, manager_id=granted.manager_id, delegate_id=granted.delegate_id,
        starts_on=granted.starts_on, ends_on=granted.ends_on, granted_by=granted.granted_by,
    )
    uow.delegations.add(delegation)
    if delegation.covers(uow.now().date()):
        nominations.announce_to_new_stand_in(delegation, uow)


def record_delegation_ended(delegation_id: str, ended_at: datetime, uow: TrainingUnitOfWork) -> None:
    delegation = uow.delegations.get(delegation_id)
    if delegation is None:
        raise DelegationNotYetKnown(f"no local copy of delegation {delegation_id} yet")
    delegation.end(ended_at)
