"""The events identity consumes: each handler takes the event and a unit of work.

The consumer commits the unit of work (with the inbox row); handlers never commit.
"""

from __future__ import annotations

from identity.service_layer import reactions
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.events import Envelope


def on_level_completed(event: Envelope, uow: IdentityUnitOfWork) -> None:
    reactions.level_completed(event.data, uow)  # a LevelCompleted


def on_supporter_activated(event: Envelope, uow: IdentityUnitOfWork) -> None:
    reactions.supporter_activated(event.data.supporter_id, event.time, uow)  # a SupporterActivated


def on_certification_lapsed(event: Envelope, uow: IdentityUnitOfWork) -> None:
    reactions.certification_lapsed(event.data.staff_id, event.data.level, event.time, uow)  # a Certification


HANDLERS = {
    "training.level.completed": on_level_completed,
    "sessions.supporter.activated": on_supporter_activated,
    "training.certification.lapsed": on_certification_lapsed,
}
