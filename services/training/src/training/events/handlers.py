"""The events training consumes: each handler takes the event and a unit of work.

The consumer commits the unit of work (with the inbox row); handlers never commit. The event's
time (when identity made the change) travels with each change, so a late, older event cannot
overwrite newer facts.
"""

from __future__ import annotations

from psn_shared.events import Envelope
from training.service_layer import reactions
from training.service_layer.uow import TrainingUnitOfWork


def on_team_changed(event: Envelope, uow: TrainingUnitOfWork) -> None:
    reactions.record_team(event.data, uow)  # a TeamCreated, or a TeamUpdated


def on_staff_changed(event: Envelope, uow: TrainingUnitOfWork) -> None:
    reactions.record_staff_snapshot(event.data, event.time, uow)  # a StaffSnapshot (or StaffUpdated)


def on_staff_left(event: Envelope, uow: TrainingUnitOfWork) -> None:
    reactions.record_staff_left(event.data.staff_id, event.time, uow, left_on=event.data.left_on)


def on_role_granted(event: Envelope, uow: TrainingUnitOfWork) -> None:
    granted = event.data
    reactions.record_role_granted(granted.staff_id, granted.role, event.time, granted.granted_at, uow)


def on_role_revoked(event: Envelope, uow: TrainingUnitOfWork) -> None:
    reactions.record_role_revoked(event.data.staff_id, event.data.role, event.time, uow)


def on_delegation_granted(event: Envelope, uow: TrainingUnitOfWork) -> None:
    reactions.record_delegation_granted(event.data, uow)


def on_delegation_ended(event: Envelope, uow: TrainingUnitOfWork) -> None:
    reactions.record_delegation_ended(event.data.delegation_id, event.data.ended_at, uow)


HANDLERS = {
    "identity.team.created": on_team_changed,
    "identity.team.updated": on_team_changed,
    "identity.staff.registered": on_staff_changed,
    "identity.staff.updated": on_staff_changed,
    "identity.staff.reinstated": on_staff_changed,
    "identity.staff.left": on_staff_left,
    "identity.role.granted": on_role_granted,
    "identity.role.revoked": on_role_revoked,
    "identity.delegation.granted": on_delegation_granted,
    "identity.delegation.ended": on_delegation_ended,
}
