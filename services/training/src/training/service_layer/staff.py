"""The local copy of identity's facts, kept from its events. Handlers' use cases: they never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from training.domain.model import StaffMember, Team
from training.service_layer.uow import TrainingUnitOfWork


class StaffNotYetKnown(LookupError):
    """An event about someone whose registration has not arrived yet: raising makes the consumer
    retry it with backoff, by when the registration (delayed, or being retried) has been applied."""


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


def _copy_of(staff_id: str, uow: TrainingUnitOfWork) -> StaffMember:
    member = uow.staff.get(staff_id)
    if member is None:
        raise StaffNotYetKnown(f"no local copy of staff {staff_id} yet")
    return member
