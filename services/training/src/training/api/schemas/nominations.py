"""What the nomination endpoints accept and return."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from psn_shared.http.schemas import Id, Schema, Text
from training.domain.levels import COURSE_LEVELS
from training.domain.nominations import MAX_MONTHLY_HOURS


class NominationIn(Schema):
    nominee_id = Id(required=True)
    cohort_id = Id(load_default=None, allow_none=True)
    level = fields.Integer(load_default=None, validate=validate.OneOf(COURSE_LEVELS),
                           metadata={"description": "with no cohort: the level to wait for a date on"})


class ApprovalOut(Schema):
    approver_id = fields.String()
    capacity = fields.String()
    monthly_hours = fields.Integer()
    approved_at = fields.DateTime()
    on_behalf_of = fields.String(allow_none=True)


class NominationOut(Schema):
    id = fields.String()
    nominee_id = fields.String()
    cohort_id = fields.String(allow_none=True)
    level = fields.Integer()
    kind = fields.String(metadata={"description": "course, or refresher (booked by the holder, no approval)"})
    status = fields.String()
    nominated_by = fields.String()
    nominated_at = fields.DateTime()
    awaiting_since = fields.DateTime()
    approvals = fields.List(fields.Nested(ApprovalOut))
    monthly_hours = fields.Integer(attribute="agreed_monthly_hours", allow_none=True)
    refused_by = fields.String(allow_none=True)
    refused_at = fields.DateTime(allow_none=True)
    refusal_reason = fields.String(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    end_reason = fields.String(allow_none=True, metadata={"description": "why it ended undecided: left the board"})


class AwaitingDecisionOut(Schema):
    nomination = fields.Nested(NominationOut)
    team_supporters = fields.Integer(allow_none=True, metadata={
        "description": "Level 2: the current peer supporters in the nominee's team"})
    many_supporters_in_team = fields.Boolean(metadata={
        "description": "the team already has its organisation's target of supporters: a flag, not a refusal"})
    nominee_name = fields.String(allow_none=True)
    standing_in_for = fields.String(allow_none=True, metadata={
        "description": "the name of the manager whose decision it is, when the caller stands in for them"})


class GeneralListQuery(Schema):
    level = fields.Integer(load_default=2, validate=validate.OneOf([2, 3]))


class ListedOut(Schema):
    nomination = fields.Nested(NominationOut)
    nominee_name = fields.String(allow_none=True)


class DecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "refuse"]))
    monthly_hours = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_MONTHLY_HOURS))
    reason = Text(2000, load_default=None)

    @validates_schema
    def _what_each_decision_needs(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("decision") == "approve" and data.get("monthly_hours") is None:
            raise ValidationError("an approval confirms the monthly hours allowed", field_name="monthly_hours")
        if data.get("decision") == "refuse" and not data.get("reason"):
            raise ValidationError("a refusal says why", field_name="reason")


class BookingIn(Schema):
    cohort_id = Id(required=True)
