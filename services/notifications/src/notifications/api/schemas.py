"""What notifications' HTTP API accepts and returns."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from notifications.domain.model import DeliveryStatus
from psn_shared.http.schemas import Page, PageQuery


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValidationError("Not a valid UUID.") from None
    return True


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    """An id in a path or query: a UUID, kept as the string the database holds."""
    return fields.String(validate=_is_uuid, **kwargs)


class InboxEntryPath(Schema):
    entry_id = Id(required=True)


class InboxEntryOut(Schema):
    id = fields.String()
    kind = fields.String()
    subject = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    read = fields.Boolean()
    read_at = fields.DateTime(allow_none=True)
    critical = fields.Boolean(metadata={"description": "Needs acting on at once: show it first and marked"})


class InboxPage(Page):
    items = fields.List(fields.Nested(InboxEntryOut))
    unread = fields.Integer(metadata={"description": "unread entries in the whole inbox, not just this page"})


class DeliveryQuery(PageQuery):
    recipient_id = Id(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(list(DeliveryStatus)))

    @post_load
    def _as_enum(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "status": DeliveryStatus(data["status"]) if data["status"] else None}


class DeliveryOut(Schema):
    """The log says whether and when a message went, not what it said: the text stays with its recipient."""

    id = fields.String()
    event_id = fields.String()
    recipient_id = fields.String()
    channel = fields.String()
    address = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    next_attempt_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)


class DeliveryPage(Page):
    items = fields.List(fields.Nested(DeliveryOut))
