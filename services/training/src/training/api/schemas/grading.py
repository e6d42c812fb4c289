"""What the organisation training-policy endpoints accept and return."""

from __future__ import annotations

from marshmallow import fields, validate

from psn_shared.http.schemas import Schema, Text
from training.domain.grading import MAX_SUPPORTERS_PER_TEAM


class OrganisationPolicyIn(Schema):
    grade_ladder = fields.List(Text(50), required=True, validate=validate.Length(min=1, max=60), metadata={
        "description": "the organisation's grades, lowest first (e.g. Agenda for Change bands, or a council's scale)"})
    level_2_min_grade = Text(50, load_default=None, allow_none=True, metadata={
        "description": "the lowest grade nominated for Level 2 (none: any grade)"})
    level_3_min_grade = Text(50, load_default=None, allow_none=True, metadata={
        "description": "the lowest grade eligible for Level 3 (none: TRAINING_LEVEL3_MIN_GRADE)"})
    supporters_per_team = fields.Integer(required=True,
                                         validate=validate.Range(min=1, max=MAX_SUPPORTERS_PER_TEAM), metadata={
        "description": "the supporters each team should have; the coverage report and nominations use it"})


class OrganisationPolicyOut(Schema):
    organisation_id = fields.String()
    grade_ladder = fields.List(fields.String())
    level_2_min_grade = fields.String(allow_none=True)
    level_3_min_grade = fields.String(allow_none=True)
    supporters_per_team = fields.Integer()
    updated_by = fields.String(allow_none=True)
    updated_at = fields.AwareDateTime(allow_none=True)
