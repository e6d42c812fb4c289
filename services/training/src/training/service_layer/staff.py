"""The local copy of identity's facts, kept from its events. Handlers' use cases: they never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from training.domain.model import Delegation, StaffMember, Team
from training.service_layer.uow import TrainingUnitOfWork


class StaffNotYetKnown(LookupError):
    """An event about someone whose registration has not arrived yet: raising makes the consumer
    retry it with backoff, by when the registration (delayed, or being retried) has been applied."""


class DelegationNotYetKnown(LookupError):
    """An end of a delegation whose grant has not arrived yet: retried, like StaffNotYetKnown."""


def record_team(data: dict[str, Any], uow: TrainingUnitOfWork) -> None:
    team = uow.teams.get(data["team_id"])
    if team is None:
        uow.teams.add(Team(id=data["team_id"], name=data["name"], service=data["service"]))
    else:
        team.name, team.service = data["name"], data["service"]


def record_staff_snapshot(snapshot: dict[str, Any], at: datetime, uow: TrainingUnitOfWork) -> None:
    """Registered or updated in identity: keep the copy, whichever of the two arrives first."""
    member = uow.staff.get(snapshot["staff_id"])
    if member is None:
        uow.staff.add(StaffMember.from_snapshot(snapshot, at))
    else:
        member.apply_snapshot(snapshot, at)


def record_staff_left(staff_id: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    _copy_of(staff_id, uow).mark_left(at)


def record_role_granted(staff_id: str, role: str, at: datetime, granted_at: datetime,
                        uow: TrainingUnitOfWork) -> None:
    """`granted_at` is identity's role history: Level 3 counts time as a supporter from it."""
    _copy_of(staff_id, uow).grant(role, at, granted_at)


def record_role_revoked(staff_id: str, role: str, at: datetime, uow: TrainingUnitOfWork) -> None:
    _copy_of(staff_id, uow).revoke(role, at)


def record_delegation_granted(data: dict[str, Any], uow: TrainingUnitOfWork) -> None:
    """Identity never changes a granted delegation, so a redelivery finds the copy and changes nothing."""
    if uow.delegations.get(data["delegation_id"]) is not None:
        return
    _copy_of(data["delegate_id"], uow)  # the copy names a known member of staff (a foreign key)
    uow.delegations.add(Delegation(
        id=data["delegation_id"], manager_id=data["manager_id"], delegate_id=data["delegate_id"],
        starts_on=data["starts_on"], ends_on=data["ends_on"], granted_by=data["granted_by"],
    ))


def record_delegation_ended(delegation_id: str, ended_at: datetime, uow: TrainingUnitOfWork) -> None:
    delegation = uow.delegations.get(delegation_id)
    if delegation is None:
        raise DelegationNotYetKnown(f"no local copy of delegation {delegation_id} yet")
    delegation.end(ended_at)


def _copy_of(staff_id: str, uow: TrainingUnitOfWork) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None:
        raise StaffNotYetKnown(f"no local copy of staff {staff_id} yet")
    return member
