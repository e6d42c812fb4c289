"""What training's HTTP API accepts and returns."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from psn_shared.events.catalogue import Id
from psn_shared.http.schemas import Text
from training.domain.model import COURSE_LEVELS, LEVEL_1_SOURCES, MAX_COHORT_CAPACITY, MAX_MONTHLY_HOURS


class Level1In(Schema):
    staff_id = Id(required=True)
    completed_on = fields.Date(required=True)
    source = fields.String(required=True, validate=validate.OneOf(LEVEL_1_SOURCES))


class CompletionOut(Schema):
    id = fields.String()
    staff_id = fields.String()
    level = fields.Integer()
    completed_on = fields.Date()
    source = fields.String()
    cohort_id = fields.String(allow_none=True)
    nomination_id = fields.String(allow_none=True)
    recorded_by = fields.String()
    recorded_at = fields.DateTime()


class CohortDayIn(Schema):
    on = fields.Date(required=True, data_key="date")
    location = Text(load_default=None, allow_none=True)
    virtual_link = fields.Url(load_default=None, allow_none=True, validate=validate.Length(max=500))


class CohortIn(Schema):
    name = Text(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf(COURSE_LEVELS))
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_COHORT_CAPACITY))
    days = fields.List(fields.Nested(CohortDayIn), required=True, validate=validate.Length(min=1, max=30))


class CohortDayOut(Schema):
    on = fields.Date(data_key="date")
    location = fields.String(allow_none=True)
    virtual_link = fields.String(allow_none=True)


class CohortOut(Schema):
    id = fields.String()
    name = fields.String()
    level = fields.Integer()
    capacity = fields.Integer()
    days = fields.List(fields.Nested(CohortDayOut))
    booked_count = fields.Integer()
    waiting_count = fields.Integer()
    state = fields.String()


class NominationIn(Schema):
    nominee_id = Id(required=True)
    cohort_id = Id(required=True)


class ApprovalOut(Schema):
    approver_id = fields.String()
    capacity = fields.String()
    monthly_hours = fields.Integer()
    approved_at = fields.DateTime()


class NominationOut(Schema):
    id = fields.String()
    nominee_id = fields.String()
    cohort_id = fields.String()
    level = fields.Integer()
    status = fields.String()
    nominated_by = fields.String()
    nominated_at = fields.DateTime()
    approvals = fields.List(fields.Nested(ApprovalOut))
    monthly_hours = fields.Integer(attribute="agreed_monthly_hours", allow_none=True)
    refused_by = fields.String(allow_none=True)
    refused_at = fields.DateTime(allow_none=True)
    refusal_reason = fields.String(allow_none=True)


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


class CourseCompletionIn(Schema):
    staff_id = Id(required=True)


class TrainingRecordOut(Schema):
    """The local copy of the person, then their training."""

    staff_id = fields.String(attribute="member.id")
    name = fields.String(attribute="member.name")
    team_id = fields.String(attribute="member.team_id", allow_none=True)
    grade = fields.String(attribute="member.grade", allow_none=True)
    line_manager_id = fields.String(attribute="member.line_manager_id", allow_none=True)
    senior_manager_id = fields.String(attribute="member.senior_manager_id", allow_none=True)
    status = fields.String(attribute="member.status")
    roles = fields.List(fields.String(), attribute="member.roles")
    completions = fields.List(fields.Nested(CompletionOut))
    nominations = fields.List(fields.Nested(NominationOut))
