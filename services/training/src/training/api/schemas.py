"""What training's HTTP API accepts and returns."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from psn_shared.events.catalogue import Id
from psn_shared.http.schemas import Page, PageQuery, Text
from training.domain.model import (
    CANCELLED,
    COURSE_LEVELS,
    FINISHED,
    LEVEL_1_SOURCES,
    LEVELS,
    MAX_COHORT_CAPACITY,
    MAX_MONTHLY_HOURS,
    OPEN,
    PLANNED,
    RUNNING,
)

MAX_IMPORT_BYTES = 5_000_000


# --- Level 1 ----------------------------------------------------------------------------------


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


class ImportForm(Schema):
    source = fields.String(required=True, validate=validate.OneOf(["learnpro", "local_authority"]),
                           metadata={"description": "learnpro: the health board's platform (course GCC 277); "
                                                    "local_authority: a partner's platform (its own code)"})


class ImportFile(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                               "description": "CSV: employee_number,course_code,completion_date"})


class ImportRowOut(Schema):
    line = fields.Integer()
    employee_number = fields.String()
    outcome = fields.String(metadata={"description": "recorded, already_recorded, unknown_staff, "
                                                     "wrong_course_code or invalid_row"})
    message = fields.String()
    staff_id = fields.String(allow_none=True)


class ImportReportOut(Schema):
    source = fields.String()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    rows = fields.List(fields.Nested(ImportRowOut))


class ClaimIn(Schema):
    completed_on = fields.Date(required=True)
    evidence = Text(2000, required=True, metadata={"description": "certificate reference, link or description"})


class ClaimDecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["verify", "reject"]))
    reason = Text(2000, load_default=None)

    @validates_schema
    def _a_rejection_says_why(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("decision") == "reject" and not data.get("reason"):
            raise ValidationError("a rejection says why", field_name="reason")


class ClaimOut(Schema):
    id = fields.String()
    staff_id = fields.String()
    completed_on = fields.Date()
    evidence = fields.String()
    submitted_at = fields.DateTime()
    status = fields.String()
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    rejection_reason = fields.String(allow_none=True)


class ClaimQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(["pending", "verified", "rejected"]))


class ClaimPage(Page):
    items = fields.List(fields.Nested(ClaimOut))


# --- levels and competences -------------------------------------------------------------------


class CompetenceOut(Schema):
    id = fields.String()
    level = fields.Integer()
    code = fields.String()
    title = fields.String()
    description = fields.String()
    position = fields.Integer()
    retired = fields.Boolean()


class LevelOut(Schema):
    level = fields.Integer()
    title = fields.String()
    prerequisite = fields.Integer(allow_none=True)
    competences = fields.List(fields.Nested(CompetenceOut))


class CompetenceIn(Schema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9.\-]{1,20}$",
                                                                 error="1 to 20 letters, digits, dots or dashes"))
    title = Text(required=True)
    description = Text(2000, load_default="")


class CompetenceEditIn(Schema):
    title = Text()
    description = Text(2000)
    retired = fields.Boolean()


class LevelPath(Schema):
    level = fields.Integer(required=True, validate=validate.OneOf(list(LEVELS)))


# --- cohorts ----------------------------------------------------------------------------------


class CohortDayIn(Schema):
    on = fields.Date(required=True, data_key="date")
    location = Text(load_default=None, allow_none=True)
    virtual_link = fields.Url(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def _room_or_link(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not (data.get("location") or data.get("virtual_link")):
            raise ValidationError("each day is in a room (location) or virtual (virtual_link)", field_name="location")


class CohortIn(Schema):
    name = Text(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf(COURSE_LEVELS))
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_COHORT_CAPACITY))
    days = fields.List(fields.Nested(CohortDayIn), required=True, validate=validate.Length(min=1, max=30))
    state = fields.String(load_default=OPEN, validate=validate.OneOf([PLANNED, OPEN]))
    trainer_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=20))


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
    trainer_ids = fields.List(fields.String())
    booked_count = fields.Integer()
    waiting_count = fields.Integer()
    state = fields.String(metadata={"description": "planned, open, full, running, finished or cancelled"})


class CohortQuery(PageQuery):
    level = fields.Integer(load_default=None, validate=validate.OneOf(COURSE_LEVELS))
    state = fields.String(load_default=None, validate=validate.OneOf([PLANNED, OPEN, RUNNING, FINISHED, CANCELLED]))


class CohortPage(Page):
    items = fields.List(fields.Nested(CohortOut))


class CohortStateIn(Schema):
    state = fields.String(required=True, validate=validate.OneOf([OPEN, RUNNING, FINISHED, CANCELLED]))


class TrainersIn(Schema):
    trainer_ids = fields.List(Id(), required=True, validate=validate.Length(max=20))


class AttendanceIn(Schema):
    staff_id = Id(required=True)
    on = fields.Date(required=True, data_key="date")
    attended = fields.Boolean(required=True)


class SignOffIn(Schema):
    staff_id = Id(required=True)
    competence_id = Id(required=True)


class AttendanceOut(Schema):
    on = fields.Date(data_key="date")
    attended = fields.Boolean()
    recorded_by = fields.String()


class SignOffOut(Schema):
    competence_id = fields.String()
    signed_off_by = fields.String()
    signed_off_at = fields.DateTime()


class PlaceOut(Schema):
    staff_id = fields.String()
    nomination_id = fields.String()
    status = fields.String(metadata={"description": "booked, or waiting (the cohort's waiting list)"})
    placed_at = fields.DateTime()
    attendance = fields.List(fields.Nested(AttendanceOut))
    sign_offs = fields.List(fields.Nested(SignOffOut))


class CourseCompletionIn(Schema):
    staff_id = Id(required=True)
    attended_all_days = fields.Boolean(load_default=False, metadata={
        "description": "true: record attendance on every course day, as the one completing"})
    competences_signed_off = fields.String(load_default=None, validate=validate.OneOf(["all"]), metadata={
        "description": "\"all\": sign off every current competence of the level, as the one completing"})


# --- nominations ------------------------------------------------------------------------------


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
    status = fields.String()
    nominated_by = fields.String()
    nominated_at = fields.DateTime()
    awaiting_since = fields.DateTime()
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


class BookingIn(Schema):
    cohort_id = Id(required=True)


# --- certificates and records -----------------------------------------------------------------


class CertificateOut(Schema):
    id = fields.String()
    staff_id = fields.String()
    level = fields.Integer()
    issued_on = fields.Date()
    expires_on = fields.Date()
    renewed_on = fields.Date(allow_none=True)
    status = fields.String(metadata={"description": "valid or lapsed"})
    verification_code = fields.String()


class VerificationOut(Schema):
    name = fields.String()
    level = fields.Integer()
    issued_on = fields.Date()
    expires_on = fields.Date()
    status = fields.String()


class RenewalIn(Schema):
    completed_on = fields.Date(required=True, metadata={"description": "the day the refresher was taken"})


class ExpiryIn(Schema):
    expires_on = fields.Date(required=True)


class EligibilityOut(Schema):
    eligible = fields.Boolean()
    reasons = fields.List(fields.String())


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
    supporter_since = fields.DateTime(attribute="member.supporter_since", allow_none=True)
    completions = fields.List(fields.Nested(CompletionOut))
    nominations = fields.List(fields.Nested(NominationOut))
    certificates = fields.List(fields.Nested(CertificateOut))


# --- reports and jobs -------------------------------------------------------------------------


class OverallCoverageOut(Schema):
    staff = fields.Integer()
    with_level_1 = fields.Integer()
    share = fields.Float(allow_none=True, metadata={"description": "with_level_1 / staff; null with no staff"})


class ServiceCoverageOut(OverallCoverageOut):
    service = fields.String(allow_none=True)


class TeamCoverageOut(ServiceCoverageOut):
    team_id = fields.String(allow_none=True)
    team_name = fields.String(allow_none=True)


class CoverageOut(Schema):
    teams = fields.List(fields.Nested(TeamCoverageOut))
    services = fields.List(fields.Nested(ServiceCoverageOut))
    overall = fields.Nested(OverallCoverageOut)


class PipelineOut(Schema):
    level = fields.Integer()
    nominated = fields.Integer()
    approved = fields.Integer()
    waiting = fields.Integer()
    booked = fields.Integer()
    completed = fields.Integer()
    lapsed = fields.Integer()


class TeamOut(Schema):
    team_id = fields.String()
    team_name = fields.String()
    service = fields.String()


class JobReportOut(Schema):
    nominations_reminded = fields.Integer()
    nominations_expired = fields.Integer()
    refreshers_reminded = fields.Integer()
    certificates_lapsed = fields.Integer()
