"""Support for supporters: each peer supporter's last supervision, who is overdue, and their reminders.

A supervision is a group session for the audience `peer_supporters` the supporter attended (the
facilitator's record). A supporter with none within the interval (counted from their grant when
they have never had one) is overdue: reminded once per overdue spell by the scheduler, and listed
for the coordinator.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from psn_shared.staff_copy import StaffCopy
from sessions.domain import policy
from sessions.domain.model import SupporterProfile
from sessions.events import published
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork


def overdue(interval: timedelta, uow: SessionsUnitOfWork) -> dict[str, Any]:
    at = now()
    found = uow.audiences.supervision_overdue(at - interval)
    return {"interval_days": interval.days, "items": [_view(p, m, interval, at) for p, m in found]}


def of_supporter(staff_id: str, interval: timedelta, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    if not policy.may_see_supervision(staff_id, principal):
        raise Forbidden("a supporter's supervision is for them and the coordinator")
    profile = uow.supporters.get(staff_id)
    if profile is None or not profile.active:
        raise NotFound("no such supporter")
    return _view(profile, uow.staff.get(staff_id), interval, now())


def remind_overdue(interval: timedelta, at: datetime, uow: SessionsUnitOfWork) -> int:
    """Each supporter overdue, once per overdue spell. Never commits."""
    reminded = 0
    for profile, _ in uow.audiences.supervision_overdue(at - interval):
        if profile.remind_supervision(at, interval):
            uow.publish(published.supervision_overdue(profile, profile.supervision_due(interval)))
            reminded += 1
    return reminded


def _view(profile: SupporterProfile, member: StaffCopy | None, interval: timedelta, at: datetime) -> dict[str, Any]:
    return {
        "staff_id": profile.staff_id, "name": member.name if member else None,
        "last_supervised_at": profile.last_supervised_at, "due_at": profile.supervision_due(interval),
        "overdue": profile.supervision_overdue(at, interval), "reminded_at": profile.supervision_reminded_at,
    }
