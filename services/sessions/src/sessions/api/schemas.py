"""What sessions' HTTP API accepts and returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from psn_shared.http.schemas import Page, PageQuery, Schema, SuppressedCount
from sessions.domain.model import MAX_PLACES, PLACE_LENGTH, Mode, RequestStatus, Scope, Urgency
from sessions.service_layer.queries import RequestView


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


class SupportRequestIn(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(list(Mode)))
    scope = fields.String(required=True, validate=validate.OneOf(list(Scope)))
    urgency = fields.String(required=True, validate=validate.OneOf(list(Urgency)))
    details = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=4000), _not_blank],
        metadata={"description": "Confidential: shown only to the requester, their supporter and the coordinator"},
    )
    location = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(min=1, max=PLACE_LENGTH), _not_blank],
        metadata={"description": "Where to meet (e.g. a hospital); required when mode is in_person"},
    )

    @validates_schema
    def _in_person_needs_a_place(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("mode") == Mode.IN_PERSON and not data.get("location"):
            raise ValidationError("Required when mode is in_person.", "location")

    @post_load
    def _as_enums(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "mode": Mode(data["mode"]), "scope": Scope(data["scope"]), "urgency": Urgency(data["urgency"])}


class ContactOut(Schema):
    staff_id = fields.String()
    name = fields.String(metadata={"description": "Their preferred name, else their name"})
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class SupportRequestOut(Schema):
    id = fields.String()
    requester_id = fields.String()
    mode = fields.String()
    scope = fields.String()
    urgency = fields.String()
    details = fields.String()
    location = fields.String(allow_none=True)
    status = fields.String()
    supporter_id = fields.String(allow_none=True)
    waiting_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    allocated_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    accepted_at = fields.DateTime(allow_none=True)
    waiting_since = fields.DateTime(allow_none=True)
    contact = fields.Nested(ContactOut, allow_none=True, metadata={
        "description": "The other one of the pair (the supporter for the requester, and the other way round); "
                       "null for anyone else"})


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def support_request_out(view: RequestView) -> dict[str, Any]:
    """What `SupportRequestOut().dump(view)` gives, written out: a request's GET is the API's busiest read,
    and marshmallow's field-by-field dump cost a tenth of it (a test holds the two equal)."""
    request, contact = view.request, view.contact
    return {
        "id": request.id, "requester_id": request.requester_id, "mode": str(request.mode),
        "scope": str(request.scope), "urgency": str(request.urgency), "details": request.details,
        "location": request.location, "status": str(request.status), "supporter_id": request.supporter_id,
        "waiting_reason": request.waiting_reason, "created_at": request.created_at.isoformat(),
        "allocated_at": _iso(request.allocated_at), "closed_at": _iso(request.closed_at),
        "accepted_at": _iso(request.accepted_at), "waiting_since": _iso(request.waiting_since),
        "contact": None if contact is None else {
            "staff_id": contact.staff_id, "name": contact.name, "email": contact.email, "phone": contact.phone},
    }


class CloseIn(Schema):
    heavy = fields.Boolean(load_default=False, metadata={
        "description": "The supporter found the case heavy: no new case for them during the cool-down"})


class HandBackIn(Schema):
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), _not_blank], metadata={
        "description": "Why (kept for the coordinator; never sent to anyone)"})
    heavy = fields.Boolean(load_default=False)


class ReallocateIn(Schema):
    supporter_id = fields.UUID(required=True, metadata={"description": "Who should have it now"})

    @post_load
    def _as_string(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {"supporter_id": str(data["supporter_id"])}


class RequestPageQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(list(RequestStatus)))

    @post_load
    def _as_enum(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "status": RequestStatus(data["status"]) if data["status"] else None}


class RequestPage(Page):
    items = fields.List(fields.Nested(SupportRequestOut))


class SupporterOut(Schema):
    staff_id = fields.String()
    name = fields.String(allow_none=True)
    team_id = fields.String(allow_none=True)
    allocatable = fields.Boolean()
    monthly_capacity = fields.Integer(metadata={"description": "Hours a month; one per allocation"})
    open_allocations = fields.Integer(metadata={"description": "Open allocations made this month"})
    open_cases = fields.Integer(metadata={"description": "Requests allocated to them and not closed"})
    paused = fields.Boolean()
    cool_down_until = fields.DateTime(allow_none=True, metadata={
        "description": "After a case they marked heavy: no new case before this time"})


class PreferencesIn(Schema):
    modes = fields.List(
        fields.String(validate=validate.OneOf(list(Mode))),
        required=True,
        validate=validate.Length(min=1, max=len(Mode)),
        metadata={"description": "The modes the supporter offers (at least one)"},
    )
    places = fields.List(
        fields.String(validate=[validate.Length(min=1, max=PLACE_LENGTH), _not_blank]),
        load_default=list,
        validate=validate.Length(max=MAX_PLACES),
        metadata={"description": "Where they can meet in person; matched trimmed, ignoring case"},
    )

    @post_load
    def _as_enums(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "modes": [Mode(mode) for mode in data["modes"]]}


class PreferencesOut(Schema):
    staff_id = fields.String()
    modes = fields.List(fields.String())
    places = fields.List(fields.String())


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
