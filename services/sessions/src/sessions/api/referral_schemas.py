"""What the referral and audit endpoints accept and return. Times are shown in Europe/London (with the offset)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import ValidationError, fields, post_load, validate

from psn_shared.http.schemas import Id, Page, PageQuery, Schema
from sessions.domain.audit import READ_REASON_LENGTH, RecordKind
from sessions.domain.referrals import (
    NOTE_LENGTH,
    OVERRIDE_REASON_MIN,
    REASON_LENGTH,
    ReferralStatus,
    Service,
    ShareItem,
)

LONDON = ZoneInfo("Europe/London")


class LondonDateTime(fields.DateTime):
    """Stored in UTC; shown as the people reading it live it, with the offset (GMT or BST)."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return super()._serialize(value.astimezone(LONDON) if value is not None else None, attr, obj, **kwargs)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


def Shares(**kwargs: Any) -> fields.List:  # noqa: N802 - reads as a field type
    return fields.List(
        fields.String(validate=validate.OneOf(list(ShareItem))),
        validate=validate.Length(max=len(ShareItem)),
        metadata={"description": "What may be passed on to the service, from a closed list"},
        **kwargs,
    )


class ReferralIn(Schema):
    service = fields.String(required=True, validate=validate.OneOf(list(Service)),
                            metadata={"description": "`urgent` (urgent or crisis support) alerts the coordinators"})
    reason = fields.String(
        required=True, validate=[validate.Length(min=1, max=REASON_LENGTH), _not_blank],
        metadata={"description": "Confidential: shown only to the person, their supporter and the coordinator"},
    )

    @post_load
    def _as_enum(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "service": Service(data["service"])}


class ReferralConsentIn(Schema):
    # Only JSON true or false: a decision this weighty is not inferred from "yes" or 1.
    given = fields.Boolean(required=True, truthy={True}, falsy={False},
                           metadata={"description": "true: consent given; false: refused"})
    shares = Shares(load_default=list)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_LENGTH),
                         metadata={"description": "What else may (or may not) be shared, in the person's words"})

    @post_load
    def _as_items(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "shares": [ShareItem(item) for item in data["shares"]]}


class SafeguardingOverrideIn(Schema):
    reason = fields.String(
        required=True, validate=[validate.Length(min=OVERRIDE_REASON_MIN, max=REASON_LENGTH), _not_blank],
        metadata={"description": "Why the person's consent is overridden, for safeguarding"},
    )
    shares = Shares(required=True)

    @post_load
    def _as_items(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "shares": [ShareItem(item) for item in data["shares"]]}


class ReferralOutcomeIn(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(["accepted", "declined"]),
                            metadata={"description": "The service's answer"})


class ReadReasonQuery(Schema):
    reason = fields.String(
        load_default=None, validate=[validate.Length(min=1, max=READ_REASON_LENGTH), _not_blank],
        metadata={"description": "Why a coordinator outside the pairing opens it, kept in the audit; "
                              "without it their read is refused (422 on reason). The pair need none"},
    )


class ReferralDecisionOut(Schema):
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    decided_by = fields.String()
    party = fields.String()
    decided_at = LondonDateTime()


class ReferralConsentOut(Schema):
    referral_id = fields.String(attribute="id")
    status = fields.String()
    given = fields.Boolean(attribute="consent_given", allow_none=True,
                           metadata={"description": "null until the person decides"})
    shares = fields.List(fields.String(), attribute="consent_shares")
    note = fields.String(attribute="consent_note", allow_none=True)
    decided_at = LondonDateTime(attribute="consent_decided_at", allow_none=True)


class HelpSourceOut(Schema):
    """A source of help from the signposting directory (identity's), with how to reach it."""

    id = fields.String()
    name = fields.String()
    kind = fields.String()
    description = fields.String(allow_none=True)
    for_whom = fields.String()
    how_to_reach = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    hours = fields.String()


class ReferralOut(Schema):
    id = fields.String()
    request_id = fields.String()
    requester_id = fields.String()
    supporter_id = fields.String(metadata={"description": "Who suggested it"})
    service = fields.String()
    urgent = fields.Boolean()
    reason = fields.String()
    status = fields.String()
    created_at = LondonDateTime()
    updated_at = LondonDateTime(allow_none=True)
    consent_given = fields.Boolean(allow_none=True)
    consent_shares = fields.List(fields.String())
    consent_note = fields.String(allow_none=True)
    consent_decided_at = LondonDateTime(allow_none=True)
    made_at = LondonDateTime(allow_none=True)
    made_by = fields.String(allow_none=True)
    passed_on = fields.List(fields.String(), metadata={"description": "What went to the service"})
    safeguarding_override = fields.Boolean()
    override_reason = fields.String(allow_none=True)
    closed_at = LondonDateTime(allow_none=True)
    decisions = fields.List(fields.Nested(ReferralDecisionOut),
                            metadata={"description": "The audit trail, oldest first"})
    sources_of_help = fields.List(fields.Nested(HelpSourceOut), attribute="offered_help", metadata={
        "description": "Sources of help that fit this referral and serve the person (their organisation's and "
                       "everyone's), from the signposting directory as it stands: crisis lines for an urgent one, "
                       "first; none for a GP",
    })


class ReferralPageQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(list(ReferralStatus)))
    urgent = fields.Boolean(load_default=None,
                            metadata={"description": "only urgent ones (true) or the others (false)"})

    @post_load
    def _as_enum(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "status": ReferralStatus(data["status"]) if data["status"] else None}


class ReferralSummaryOut(Schema):
    """Where a referral stands, naming nobody: open it (`GET /referrals/<id>`) for the rest."""

    id = fields.String()
    request_id = fields.String()
    status = fields.String()
    urgent = fields.Boolean()
    created_at = LondonDateTime()
    updated_at = LondonDateTime(allow_none=True)


class ReferralPage(Page):
    items = fields.List(fields.Nested(ReferralSummaryOut))


class AuditPageQuery(PageQuery):
    subject_id = Id(load_default=None, metadata={"description": "Whose record: \"who looked at my record?\""})
    reader_id = Id(load_default=None)
    record_kind = fields.String(load_default=None, validate=validate.OneOf(list(RecordKind)))

    @post_load
    def _as_enum(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "record_kind": RecordKind(data["record_kind"]) if data["record_kind"] else None}


class ConfidentialReadOut(Schema):
    id = fields.String()
    read_at = LondonDateTime()
    reader_id = fields.String()
    reader_name = fields.String(allow_none=True)
    reader_roles = fields.List(fields.String())
    subject_id = fields.String()
    subject_name = fields.String(allow_none=True)
    record_kind = fields.String()
    record_id = fields.String()
    reason = fields.String()


class AuditPage(Page):
    items = fields.List(fields.Nested(ConfidentialReadOut))
