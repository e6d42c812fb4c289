"""Notifications' reactions to a support request moving between supporters, and to one waiting too long.

They never commit (the consumer does).
"""

from __future__ import annotations

import logging

from notifications.domain import journey_notices
from notifications.service_layer.reactions import tell
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.events.contracts import RequestAccepted, RequestHandedBack, RequestReallocated, RequestWaitingTooLong
from psn_shared.roles import Role
from psn_shared.staff_copy import copy_of

log = logging.getLogger(__name__)


def request_accepted(event_id: str, accepted: RequestAccepted, uow: NotificationsUnitOfWork) -> None:
    tell(event_id, journey_notices.request_accepted(copy_of(uow.staff, accepted.supporter_id)), uow)


def request_handed_back(event_id: str, handed_back: RequestHandedBack, uow: NotificationsUnitOfWork) -> None:
    requester = copy_of(uow.staff, handed_back.requester_id)
    tell(event_id, journey_notices.request_handed_back(requester, handed_back.supporter_id is None), uow)


def request_reallocated(event_id: str, moved: RequestReallocated, uow: NotificationsUnitOfWork) -> None:
    previous = copy_of(uow.staff, moved.previous_supporter_id)
    requester = copy_of(uow.staff, moved.requester_id)
    tell(event_id, journey_notices.request_reallocated(previous, requester, moved.cause, moved.supporter_id is None),
         uow)


def request_waiting_too_long(event_id: str, waiting: RequestWaitingTooLong, uow: NotificationsUnitOfWork) -> None:
    told = journey_notices.request_waiting_too_long(
        uow.staff.holding_role(Role.COORDINATOR), waiting.requester_id, waiting.request_id, waiting.waiting_since)
    if not told:
        # Retrying would not conjure a coordinator; the request itself still waits in sessions.
        log.warning("request %s has waited too long and there is no coordinator to tell", waiting.request_id)
    tell(event_id, told, uow)
