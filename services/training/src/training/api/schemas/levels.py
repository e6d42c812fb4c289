"""What the levels and competence framework endpoints accept and return."""

from __future__ import annotations

from marshmallow import fields, validate

from psn_shared.http.schemas import Schema, Text


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
