"""What notifications' HTTP API accepts and returns."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from notifications.domain.model import FAILED, PENDING, SENT
from psn_shared.events.catalogue import Id


class PageQuery(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


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


class InboxPage(Schema):
    items = fields.List(fields.Nested(InboxEntryOut))
    unread = fields.Integer(metadata={"description": "unread entries in the whole inbox, not just this page"})
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()


class DeliveryQuery(PageQuery):
    recipient_id = Id(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf([PENDING, SENT, FAILED]))


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


class DeliveryPage(Schema):
    items = fields.List(fields.Nested(DeliveryOut))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
