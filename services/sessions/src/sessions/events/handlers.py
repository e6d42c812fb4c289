"""The events sessions consumes: each handler takes the event (its data the catalogue's payload
object) and a unit of work.

The consumer commits the unit of work (with the inbox row); handlers never commit. Events may
arrive in any order, so each use case compares times and keeps the newest picture.
"""

from __future__ import annotations

from psn_shared.events import Envelope
from psn_shared.roles import Role
from sessions.service_layer import reactions
from sessions.service_layer.uow import SessionsUnitOfWork

SUPPORTER_LEVEL = 2  # the Level 2 certificate is what lets a supporter take new requests


def on_staff_snapshot(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.record_staff(event.data, event.time, uow)


def on_staff_left(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.record_leaver(event.data.staff_id, event.time, uow, left_on=event.data.left_on)


def on_role_granted(event: Envelope, uow: SessionsUnitOfWork) -> None:
    data = event.data
    if data.role == Role.PEER_SUPPORTER:
        reactions.grant_supporter(data.staff_id, data.monthly_hours, data.granted_at, uow)


def on_role_revoked(event: Envelope, uow: SessionsUnitOfWork) -> None:
    data = event.data
    if data.role == Role.PEER_SUPPORTER:
        reactions.revoke_supporter(data.staff_id, data.revoked_at, uow)


def on_supporter_hours_changed(event: Envelope, uow: SessionsUnitOfWork) -> None:
    data = event.data
    reactions.change_supporter_hours(data.staff_id, data.monthly_hours, data.changed_at, uow)


def on_supporter_activated(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.serve_waiting_for_new_supporter(event.data.supporter_id, uow)


def on_certification_lapsed(event: Envelope, uow: SessionsUnitOfWork) -> None:
    if event.data.level == SUPPORTER_LEVEL:
        reactions.record_certification(event.data.staff_id, False, event.time, uow)


def on_certification_renewed(event: Envelope, uow: SessionsUnitOfWork) -> None:
    if event.data.level == SUPPORTER_LEVEL:
        reactions.record_certification(event.data.staff_id, True, event.time, uow)


def on_delegation_granted(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.record_delegation_granted(event.data, uow)


def on_delegation_ended(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.record_delegation_ended(event.data.delegation_id, event.data.ended_at, uow)


def on_team(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.record_team(event.data, event.time, uow)


def on_help_source(event: Envelope, uow: SessionsUnitOfWork) -> None:
    reactions.record_help_source(event.data, uow)


HANDLERS = {
    "identity.staff.registered": on_staff_snapshot,
    "identity.staff.updated": on_staff_snapshot,
    "identity.staff.reinstated": on_staff_snapshot,
    "identity.staff.left": on_staff_left,
    "identity.role.granted": on_role_granted,
    "identity.role.revoked": on_role_revoked,
    "identity.supporter_hours.changed": on_supporter_hours_changed,
    "sessions.supporter.activated": on_supporter_activated,
    "training.certification.lapsed": on_certification_lapsed,
    "training.certification.renewed": on_certification_renewed,
    "identity.delegation.granted": on_delegation_granted,
    "identity.delegation.ended": on_delegation_ended,
    "identity.team.created": on_team,
    "identity.team.updated": on_team,
    "identity.help_source.published": on_help_source,
    "identity.help_source.changed": on_help_source,
    "identity.help_source.withdrawn": on_help_source,
}
