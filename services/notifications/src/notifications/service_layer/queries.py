"""Notifications' reads behind the HTTP API: they never commit."""

from __future__ import annotations

from notifications.domain.model import Delivery, DeliveryStatus, InboxEntry
from notifications.service_layer.uow import NotificationsUnitOfWork


def inbox_page(reader_id: str, limit: int, offset: int, uow: NotificationsUnitOfWork
               ) -> tuple[list[InboxEntry], int, int]:
    """The reader's own entries, newest first, with how many there are and how many are unread in all."""
    return uow.inbox.page(reader_id, limit=limit, offset=offset)


def delivery_log(recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int,
                 uow: NotificationsUnitOfWork) -> tuple[list[Delivery], int]:
    """Deliveries newest first, optionally for one recipient or in one status; the API admits only its readers."""
    return uow.deliveries.page(recipient_id=recipient_id, status=status, limit=limit, offset=offset)
