"""Notifications' reads behind the HTTP API: they never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notifications.domain import policy
from notifications.domain.model import Attempt, Delivery, DeliveryStatus, Device, InboxEntry
from notifications.domain.preferences import Preferences
from notifications.service_layer import delivering
from notifications.service_layer.uow import NotificationsUnitOfWork


def inbox_page(reader_id: str, limit: int, offset: int, uow: NotificationsUnitOfWork,
               since: datetime | None = None) -> tuple[list[InboxEntry], int, int]:
    """The reader's own entries, newest first (only those after `since`, if given), with how many
    there are and how many are unread in the whole inbox."""
    return uow.inbox.page(reader_id, limit=limit, offset=offset, since=since)


def unread_count(reader_id: str, uow: NotificationsUnitOfWork) -> int:
    return uow.inbox.page(reader_id, limit=1, offset=0)[2]


def devices_of(staff_id: str, uow: NotificationsUnitOfWork) -> list[Device]:
    return uow.devices.of_person(staff_id)


def preferences_of(staff_id: str, uow: NotificationsUnitOfWork) -> Preferences:
    """The person's preferences, the defaults where they chose none."""
    return delivering.preferences_of(staff_id, uow)


def has_phone(staff_id: str, uow: NotificationsUnitOfWork) -> bool:
    copy = uow.staff.get(staff_id)
    return bool(copy and copy.phone)


@dataclass(frozen=True)
class LogEntry:
    """One line of the delivery log: the delivery, every attempt at sending it, and whom it was for by name
    (None for someone notifications has no copy of)."""

    delivery: Delivery
    attempts: list[Attempt]
    recipient_name: str | None
    # False where the reader may not be told what the message was about (`policy.may_see_what_about`).
    about_shown: bool = True


def delivery_log(recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int,
                 uow: NotificationsUnitOfWork, *, reader_id: str,
                 reader_roles: set[str]) -> tuple[list[LogEntry], int]:
    """Deliveries newest first, optionally for one recipient or in one status; the API admits only its readers,
    and each line says what its message was about only to whom policy allows."""
    page, total = uow.deliveries.page(recipient_id=recipient_id, status=status, limit=limit, offset=offset)
    attempts = uow.deliveries.attempts_of([delivery.id for delivery in page])
    names = {copy.staff_id: copy.name for copy in uow.staff.many({delivery.recipient_id for delivery in page})}
    return [LogEntry(delivery, attempts[delivery.id], names.get(delivery.recipient_id),
                     policy.may_see_what_about(delivery, reader_id, reader_roles)) for delivery in page], total
