"""What the certificate endpoints accept and return."""

from __future__ import annotations

from marshmallow import fields

from psn_shared.http.schemas import Schema


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
