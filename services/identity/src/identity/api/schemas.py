"""What identity's HTTP API accepts and returns."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from psn_shared.events.catalogue import Id
from psn_shared.http.schemas import Page, PageQuery, Text


class TeamIn(Schema):
    name = Text(required=True)
    service = Text(required=True)
    organisation = Text(required=True)


class TeamOut(Schema):
    id = fields.String()
    name = fields.String()
    service = fields.String()
    organisation = fields.String()


class StaffIn(Schema):
    employee_number = Text(50, required=True)
    name = Text(required=True)
    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=12, max=200))
    team_id = Id(load_default=None, allow_none=True)
    grade = Text(50, load_default=None, allow_none=True)
    line_manager_id = Id(load_default=None, allow_none=True)
    senior_manager_id = Id(load_default=None, allow_none=True)


class StaffOut(Schema):
    id = fields.String()
    employee_number = fields.String()
    name = fields.String()
    email = fields.String()
    team_id = fields.String(allow_none=True)
    grade = fields.String(allow_none=True)
    line_manager_id = fields.String(allow_none=True)
    senior_manager_id = fields.String(allow_none=True)
    status = fields.String()
    roles = fields.Method("_roles")

    def _roles(self, member: object) -> list[str]:
        return sorted(member.held_roles())


class StaffPageQuery(PageQuery):
    team_id = Id(load_default=None)


class StaffPage(Page):
    items = fields.List(fields.Nested(StaffOut))


class RoleGrantOut(Schema):
    id = fields.String()
    role = fields.String()
    reason = fields.String()
    granted_at = fields.DateTime()
    granted_by = fields.String(allow_none=True)
    monthly_hours = fields.Integer(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    revoked_by = fields.String(allow_none=True)
    revoke_reason = fields.String(allow_none=True)


class LoginIn(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class TokenOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class MeOut(StaffOut):
    roles = fields.List(fields.String())
