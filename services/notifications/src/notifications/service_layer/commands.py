"""Notifications' use cases behind the HTTP API that change something: each commits its own transaction."""

from __future__ import annotations

from notifications.domain import policy
from notifications.domain.model import InboxEntry
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.errors import NotFound


def mark_read(entry_id: str, reader_id: str, uow: NotificationsUnitOfWork) -> InboxEntry:
    """Only the recipient may mark an entry read; to anyone else it does not exist."""
    entry = uow.inbox.get(entry_id)
    if entry is None or not policy.may_read_entry(entry, reader_id):
        raise NotFound("no such inbox entry")
    entry.mark_read(utcnow())
    uow.commit()
    return entry
