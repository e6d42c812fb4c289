"""What the Level 1 and training record endpoints accept and return."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from psn_shared.http.schemas import Id, Page, PageQuery, Schema, Text
from training.api.schemas.certificates import CertificateOut
from training.api.schemas.nominations import NominationOut
from training.domain.levels import LEVEL_1_SOURCES, PLATFORMS, ClaimStatus

MAX_IMPORT_BYTES = 5_000_000


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
    certificate_id = fields.String(metadata={"description": "a refresher: the certificate it renewed"})
    expires_on = fields.Date(metadata={"description": "a refresher: when the renewed certificate runs out"})


class ImportForm(Schema):
    source = fields.String(required=True, validate=validate.OneOf(PLATFORMS),
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
    status = fields.String(load_default=None, validate=validate.OneOf(list(ClaimStatus)))


class ListedClaimOut(ClaimOut):
    name = fields.String(allow_none=True, metadata={"description": "whose claim, as training knows them"})


class ClaimPage(Page):
    items = fields.List(fields.Nested(ListedClaimOut))


class EligibilityOut(Schema):
    eligible = fields.Boolean()
    reasons = fields.List(fields.String())


class TrainingRecordOut(Schema):
    """The local copy of the person, then their training."""

    staff_id = fields.String(attribute="member.staff_id")
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
    claims = fields.List(fields.Nested(ClaimOut), metadata={
        "description": "Level 1 reported by the person with evidence, newest first, and what a coordinator decided"})
