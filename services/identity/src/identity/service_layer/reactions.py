"""What identity does when another service tells it something. Reactions never commit: the consumer
commits them with the inbox row that records the event as handled."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from identity.domain.model import SupporterAvailability, both_endorsements
from identity.service_layer.roles import grant_role
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.events.contracts import LevelCompleted
from psn_shared.roles import Role

log = logging.getLogger(__name__)


def level_completed(completion: LevelCompleted, uow: IdentityUnitOfWork) -> None:
    """Training says a level is complete: Level 2 makes a peer supporter, Level 3 a trainer."""
    member = uow.staff.get(completion.staff_id)
    if member is not None and not member.active:
        log.info("level %s completed by %s, who has left; no role granted", completion.level, completion.staff_id)
        return
    if completion.level == 2:
        if not both_endorsements(approval.capacity for approval in completion.approvals):
            log.warning("level 2 completion for %s lacks an endorsement; no role granted", completion.staff_id)
            return
        hours = completion.monthly_hours
        if hours is None:
            hours = min(approval.monthly_hours for approval in completion.approvals)
        grant_role(completion.staff_id, Role.PEER_SUPPORTER, "Level 2 Peer Supporter completed", None, hours, uow)
    elif completion.level == 3:
        grant_role(completion.staff_id, Role.TRAINER, "Level 3 Train the Trainer completed", None, None, uow)


def supporter_activated(staff_id: str, at: datetime, uow: IdentityUnitOfWork) -> None:
    """Sessions can allocate to this peer supporter now: shown as available to their colleagues."""
    _availability(staff_id, uow, lambda known: known.activated(at))


def certification_lapsed(staff_id: str, level: int, at: datetime, uow: IdentityUnitOfWork) -> None:
    """A lapsed Level 2 certificate stops new cases until sessions activates the supporter again."""
    if level == 2:
        _availability(staff_id, uow, lambda known: known.lapsed(at))


def _availability(staff_id: str, uow: IdentityUnitOfWork, change: Callable[[SupporterAvailability], None]) -> None:
    if uow.staff.get(staff_id) is None:
        log.warning("availability news for %s, who is not in the directory; ignored", staff_id)
        return
    known = uow.supporters.get(staff_id)
    if known is None:
        known = SupporterAvailability(staff_id=staff_id)
        uow.supporters.add(known)
    change(known)
