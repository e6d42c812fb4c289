"""Sessions' use cases behind the event handlers: identity's and training's news about people.

They never commit: the consumer commits each batch together with its inbox rows. A leaver whose
record has not arrived raises StaffNotYetKnown, which the consumer retries (psn_shared.staff_copy).
"""

from __future__ import annotations

import logging
from datetime import datetime

from psn_shared import staff_copy
from psn_shared.events.contracts import StaffSnapshot
from psn_shared.staff_copy import StaffCopy
from sessions.domain.model import Change, SupporterProfile
from sessions.events import published
from sessions.service_layer.common import drain_waiting_for, reallocate_held_by
from sessions.service_layer.uow import SessionsUnitOfWork

log = logging.getLogger(__name__)


def record_staff(snapshot: StaffSnapshot, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Keep the local copy; a supporter whose record has just arrived may become allocatable."""
    if staff_copy.record_snapshot(uow.staff, snapshot, at, StaffCopy.from_snapshot) is not None:
        _refresh_supporter(snapshot.staff_id, uow)


def record_leaver(staff_id: str, at: datetime, uow: SessionsUnitOfWork) -> None:
    """A supporter who leaves hands their requests on."""
    if staff_copy.record_leaver(uow.staff, staff_id, at) is not None:
        _refresh_supporter(staff_id, uow)


# A supporter profile is sessions' own, made by role news alone: a grant that arrives before
# the person's record waits in the profile (not allocatable until the record is here and
# active), rather than being retried until the record comes.

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
        uow.publish(published.supporter_activated(profile))
        drain_waiting_for(staff_id, uow)
    elif profile.withdrawn(member):
        # Checked apart from `change`: a lapsed supporter (already not allocatable) keeps their
        # requests, and must still hand them on when the role goes or they leave.
        reallocate_held_by(staff_id, uow)
