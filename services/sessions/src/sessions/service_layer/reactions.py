"""Sessions' use cases behind the event handlers: identity's and training's news about people.

They never commit: the consumer commits each batch together with its inbox rows.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sessions.domain.model import Change, StaffCopy, SupporterProfile
from sessions.service_layer.common import drain_waiting_for, reallocate_held_by
from sessions.service_layer.uow import SessionsUnitOfWork

log = logging.getLogger(__name__)


def record_staff(snapshot: dict[str, Any], at: datetime, uow: SessionsUnitOfWork) -> None:
    """Keep the local copy; a supporter whose record has just arrived may become allocatable."""
    member = uow.staff.get(snapshot["staff_id"])
    if member is None:
        uow.staff.add(StaffCopy.from_snapshot(snapshot, at))
    elif not member.apply_snapshot(snapshot, at):
        return
    _refresh_supporter(snapshot["staff_id"], uow)


def record_leaver(staff_id: str, at: datetime, uow: SessionsUnitOfWork) -> None:
    member = uow.staff.get(staff_id)
    if member is None:
        uow.staff.add(StaffCopy.leaver_not_yet_known(staff_id, at))
    elif not member.mark_left(at):
        return
    _refresh_supporter(staff_id, uow)


def grant_supporter(staff_id: str, monthly_hours: int | None, at: datetime, uow: SessionsUnitOfWork) -> None:
    profile = uow.supporters.get(staff_id)
    if profile is None:
        uow.supporters.add(SupporterProfile.granted(staff_id, monthly_hours, at))
    elif not profile.grant(monthly_hours, at):
        return
    _refresh_supporter(staff_id, uow)


def revoke_supporter(staff_id: str, at: datetime, uow: SessionsUnitOfWork) -> None:
    profile = uow.supporters.get(staff_id)
    if profile is None:
        uow.supporters.add(SupporterProfile.revoked(staff_id, at))
        return
    if profile.revoke(at):
        _refresh_supporter(staff_id, uow)


def record_certification(staff_id: str, certified: bool, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Training's certificate lapsed or was renewed: no new allocations while lapsed, nothing else."""
    profile = uow.supporters.get(staff_id)
    if profile is None:
        log.info("certification news for %s, who is not a supporter here; nothing to change", staff_id)
        return
    if profile.certify(certified, at):
        _refresh_supporter(staff_id, uow)


def _refresh_supporter(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Act on a change in whether someone can be allocated: announce and drain, or hand their work on."""
    profile = uow.supporters.get(staff_id)
    if profile is None:
        return
    uow.serialise_allocations()
    member = uow.staff.get(staff_id)
    change = profile.refresh(member)
    if change is Change.ACTIVATED:
        uow.publish(
            "sessions.supporter.activated",
            {"supporter_id": staff_id, "monthly_capacity": profile.monthly_capacity},
            subject=staff_id,
        )
        drain_waiting_for(staff_id, uow)
    elif profile.withdrawn(member):
        # Checked apart from `change`: a lapsed supporter (already not allocatable) keeps their
        # requests, and must still hand them on when the role goes or they leave.
        reallocate_held_by(staff_id, uow)
