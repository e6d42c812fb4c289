"""What sessions' HTTP API accepts and returns."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from psn_shared.http.schemas import Page, PageQuery
from sessions.domain.model import MODES, SCOPES, STATUSES, URGENCIES


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


class SupportRequestIn(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    scope = fields.String(required=True, validate=validate.OneOf(SCOPES))
    urgency = fields.String(required=True, validate=validate.OneOf(URGENCIES))
    details = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=4000), _not_blank],
        metadata={"description": "Confidential: shown only to the requester, their supporter and the coordinator"},
    )


class SupportRequestOut(Schema):
    id = fields.String()
    requester_id = fields.String()
    mode = fields.String()
    scope = fields.String()
    urgency = fields.String()
    details = fields.String()
    status = fields.String()
    supporter_id = fields.String(allow_none=True)
    waiting_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    allocated_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)


class RequestPageQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class RequestPage(Page):
    items = fields.List(fields.Nested(SupportRequestOut))


class SupporterOut(Schema):
    staff_id = fields.String()
    name = fields.String(allow_none=True)
    team_id = fields.String(allow_none=True)
    allocatable = fields.Boolean()
    monthly_capacity = fields.Integer(metadata={"description": "Hours a month; one per allocation"})
    open_allocations = fields.Integer(metadata={"description": "Open allocations made this month"})


def SuppressedCount() -> fields.Raw:  # noqa: N802 - reads as a field type
    return fields.Raw(metadata={"description": 'A count, or "<5" when under 5', "oneOf": [
        {"type": "integer", "minimum": 5}, {"type": "string", "enum": ["<5"]}]})


class RequestCounts(Schema):
    waiting = SuppressedCount()
    allocated = SuppressedCount()
    closed = SuppressedCount()


class SupporterCounts(Schema):
    allocatable = SuppressedCount()


class CapacityCounts(Schema):
    monthly_hours = SuppressedCount()
    allocated_this_month = SuppressedCount()


class DemandReport(Schema):
    requests = fields.Nested(RequestCounts)
    supporters = fields.Nested(SupporterCounts)
    capacity = fields.Nested(CapacityCounts)
