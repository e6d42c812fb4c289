"""The events notifications consumes: each handler takes the event and a unit of work.

The consumer commits the unit of work (with the inbox row); handlers never commit. A handler
that meets a person not yet copied here raises, and the consumer retries it with backoff.
"""

from __future__ import annotations

from notifications.service_layer import reactions
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.events import Envelope


def on_staff_changed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.record_staff(event.data, uow)


def on_staff_left(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.record_leaver(event.data, uow)


def on_role_granted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.role_granted(event.id, event.data, uow)


def on_role_revoked(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.role_revoked(event.data, uow)


def on_password_reset_requested(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.password_reset_requested(event.id, event.data, uow)


def on_request_allocated(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.request_allocated(event.id, event.data, uow)


def on_request_waiting(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.request_waiting(event.id, event.data, uow)


def on_nomination_decided(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.nomination_decided(event.id, event.type, event.data, uow)


def on_nomination_reminded(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.nomination_reminded(event.id, event.data, uow)


def on_place_promoted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.place_promoted(event.id, event.data, uow)


def on_certification_news(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.certification_news(event.id, event.type, event.data, uow)


HANDLERS = {
    "identity.staff.registered": on_staff_changed,
    "identity.staff.updated": on_staff_changed,
    "identity.staff.reinstated": on_staff_changed,
    "identity.password_reset.requested": on_password_reset_requested,
    "identity.staff.left": on_staff_left,
    "identity.role.granted": on_role_granted,
    "identity.role.revoked": on_role_revoked,
    "sessions.request.allocated": on_request_allocated,
    "sessions.request.waiting": on_request_waiting,
    "training.nomination.approved": on_nomination_decided,
    "training.nomination.refused": on_nomination_decided,
    "training.nomination.expired": on_nomination_decided,
    "training.nomination.reminded": on_nomination_reminded,
    "training.place.promoted": on_place_promoted,
    "training.refresher.due": on_certification_news,
    "training.certification.lapsed": on_certification_news,
}
