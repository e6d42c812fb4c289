"""What the report and job endpoints return."""

from __future__ import annotations

from marshmallow import fields

from psn_shared.http.schemas import Schema, SuppressedCount


class OverallCoverageOut(Schema):
    staff = SuppressedCount()
    with_level_1 = SuppressedCount()
    share = fields.Float(allow_none=True, metadata={"description": "with_level_1 / staff; null with no staff, "
                                                                   "or when either count is suppressed"})


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
    nominated = SuppressedCount()
    approved = SuppressedCount()
    waiting = SuppressedCount()
    booked = SuppressedCount()
    completed = SuppressedCount()
    lapsed = SuppressedCount()


class TeamOut(Schema):
    team_id = fields.String()
    team_name = fields.String()
    service = fields.String()


class TeamSupportersOut(TeamOut):
    organisation_id = fields.String(allow_none=True)
    supporters = fields.Integer(metadata={"description": "active peer supporters whose certificate stands"})
    target = fields.Integer(metadata={"description": "the organisation's supporters-per-team target"})
    meets_target = fields.Boolean()


class SupporterCoverageSummaryOut(Schema):
    teams = fields.Integer()
    meeting_target = fields.Integer()
    without_supporters = fields.Integer()


class SupporterCoverageOut(Schema):
    teams = fields.List(fields.Nested(TeamSupportersOut))
    overall = fields.Nested(SupporterCoverageSummaryOut)


class JobReportOut(Schema):
    nominations_reminded = fields.Integer()
    nominations_expired = fields.Integer()
    refreshers_reminded = fields.Integer()
    certificates_lapsed = fields.Integer()
    stand_ins_told = fields.Integer(metadata={"description": "stand-ins told on their delegation's first morning"})
