"""The events identity consumes: each handler takes the event and a unit of work.

The consumer commits the unit of work (with the inbox row); handlers never commit.
"""

from __future__ import annotations

from identity.service_layer import reactions
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.events import Envelope


def on_level_completed(event: Envelope, uow: IdentityUnitOfWork) -> None:
    reactions.level_completed(event.data, uow)  # a LevelCompleted


HANDLERS = {"training.level.completed": on_level_completed}
