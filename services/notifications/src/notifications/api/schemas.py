"""What notifications' HTTP API accepts and returns."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from marshmallow import ValidationError, fields, post_load, pre_dump, validate, validates_schema

from notifications.domain.categories import Category
from notifications.domain.model import DeliveryStatus, DeviceKind, InboxEntry, Platform
from notifications.domain.preferences import ALL_DAY, LANGUAGES, PreferredChannel, known_time_zone, quiet_all_day
from notifications.service_layer.queries import LogEntry
from psn_shared.http.schemas import Page, PageQuery, Schema


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValidationError("Not a valid UUID.") from None
    return True


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    """An id in a path or query: a UUID, kept as the string the database holds."""
    return fields.String(validate=_is_uuid, **kwargs)


class InboxEntryPath(Schema):
    entry_id = Id(required=True)


class InboxEntryOut(Schema):
    id = fields.String()
    kind = fields.String()
    subject = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    read = fields.Boolean()
    read_at = fields.DateTime(allow_none=True)
    critical = fields.Boolean(metadata={"description": "Needs acting on at once: show it first and marked"})


class InboxPage(Page):
    items = fields.List(fields.Nested(InboxEntryOut))
    unread = fields.Integer(metadata={"description": "unread entries in the whole inbox, not just this page"})


def inbox_page_out(items: list[InboxEntry], *, total: int, unread: int, limit: int, offset: int) -> dict[str, Any]:
    """What `InboxPage().dump(...)` gives, written out: the inbox's page is the busiest answer, and
    marshmallow's field-by-field dump of its 50 entries cost three times this (a test holds the two equal)."""
    return {
        "items": [{
            "id": entry.id, "kind": entry.kind, "subject": entry.subject, "body": entry.body,
            "created_at": entry.created_at.isoformat(), "read": entry.read_at is not None,
            "read_at": None if entry.read_at is None else entry.read_at.isoformat(), "critical": entry.critical,
        } for entry in items],
        "total": total, "unread": unread, "limit": limit, "offset": offset,
    }


class DeliveryQuery(PageQuery):
    recipient_id = Id(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(list(DeliveryStatus)))

    @post_load
    def _as_enum(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "status": DeliveryStatus(data["status"]) if data["status"] else None}


class AttemptOut(Schema):
    number = fields.Integer(metadata={"description": "1 for the first attempt"})
    at = fields.DateTime()
    result = fields.String(metadata={"description": "sent, failed (tried again after a delay, until the delays "
                                                    "are used up) or gone (never tried again)"})
    reason = fields.String(allow_none=True, metadata={"description": "what the provider or the connection said"})


class DeliveryOut(Schema):
    """The log says whether and when a message went, not what it said: the text stays with its recipient."""

    id = fields.String()
    event_id = fields.String()
    recipient_id = fields.String()
    recipient_name = fields.String(allow_none=True, metadata={
        "description": "whom it was for, by the name notifications knows them by (null for someone it does not know)"})
    channel = fields.String(metadata={"description": "email, sms, web_push or mobile_push"})
    address = fields.String(metadata={"description": "the email address, the phone number, or the device's id"})
    status = fields.String(metadata={"description": "pending, sent, failed; standby or cancelled for a "
                                                    "must-deliver message's later channels"})
    kind = fields.String(allow_none=True, metadata={
        "description": "what the message was; null for an administrator where it would tell who sought support"})
    category = fields.String(allow_none=True, metadata={"description": "null where `kind` is withheld"})
    critical = fields.Boolean(metadata={"description": "must-deliver: passes quiet hours, falls back"})
    chain_id = fields.String(allow_none=True, metadata={"description": "the attempts of one must-deliver message"})
    step = fields.Integer(allow_none=True)
    held_until = fields.DateTime(allow_none=True, metadata={"description": "held by quiet hours or the digest"})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    next_attempt_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    attempt_log = fields.List(fields.Nested(AttemptOut), metadata={"description": "every attempt, in order"})

    @pre_dump
    def _with_attempts(self, entry: LogEntry, **_: Any) -> dict[str, Any]:
        """A log entry is a delivery, the attempts at sending it and its recipient's name."""
        own = set(self.fields) - {"attempt_log", "recipient_name"}
        withheld = {} if entry.about_shown else {"kind": None, "category": None}
        return {**{name: getattr(entry.delivery, name) for name in own}, **withheld,
                "attempt_log": entry.attempts, "recipient_name": entry.recipient_name}


class DeliveryPage(Page):
    items = fields.List(fields.Nested(DeliveryOut))


class InboxQuery(PageQuery):
    since = fields.AwareDateTime(load_default=None, metadata={
        "description": "only entries created after this moment (for a mobile app polling for news)"})


class UnreadOut(Schema):
    unread = fields.Integer()


class ReadAllOut(Schema):
    marked = fields.Integer(metadata={"description": "how many entries were unread and are now read"})
    unread = fields.Integer()


# --- devices ---------------------------------------------------------------------------------------

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _push_endpoint(value: str) -> bool:
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS:
        return True  # a push service on this machine (development, tests); anywhere else, https
    raise ValidationError("must be the push service's https URL")


def _base64url_of(length: int, first_byte: int | None = None) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except (binascii.Error, ValueError):
            raise ValidationError("must be base64url") from None
        if len(raw) != length or (first_byte is not None and raw[0] != first_byte):
            raise ValidationError(f"must be base64url of {length} bytes")
        return True
    return check


class PushKeys(Schema):
    # The browser's P-256 public key (an uncompressed point: 0x04, x, y) and its 16-byte auth secret.
    p256dh = fields.String(required=True, validate=[validate.Length(max=100), _base64url_of(65, 0x04)])
    auth = fields.String(required=True, validate=[validate.Length(max=40), _base64url_of(16)])


class DeviceIn(Schema):
    """A web push subscription as the browser gives it (`endpoint`, `keys`), or the mobile app's
    `platform` and FCM registration `token`: one or the other."""

    endpoint = fields.String(validate=[validate.Length(max=2048), _push_endpoint])
    keys = fields.Nested(PushKeys)
    expirationTime = fields.Raw(allow_none=True, load_only=True, metadata={  # noqa: N815 - the browser's name
        "description": "sent by PushSubscription.toJSON(); ignored"})
    platform = fields.String(validate=validate.OneOf(list(Platform)))
    token = fields.String(validate=validate.Length(min=1, max=4096))

    @validates_schema
    def _one_kind(self, data: dict[str, Any], **_: Any) -> None:
        web = {"endpoint", "keys"} & data.keys()
        mobile = {"platform", "token"} & data.keys()
        if web and mobile:
            raise ValidationError("send a web push subscription or a mobile token, not both", "token")
        if mobile:
            for name in ("platform", "token"):
                if name not in data:
                    raise ValidationError("Missing data for required field.", name)
        else:
            for name in ("endpoint", "keys"):
                if name not in data:
                    raise ValidationError("Missing data for required field.", name)


class DevicePath(Schema):
    device_id = Id(required=True)


class DeviceOut(Schema):
    id = fields.String()
    kind = fields.String(metadata={"description": "web_push or mobile"})
    platform = fields.String(allow_none=True)
    endpoint = fields.Function(lambda d: d.address if d.kind == DeviceKind.WEB_PUSH else None, allow_none=True)
    created_at = fields.DateTime()


class DeviceList(Schema):
    items = fields.List(fields.Nested(DeviceOut))


class WebPushKeyOut(Schema):
    public_key = fields.String(allow_none=True, metadata={
        "description": "the VAPID public key (base64url) for PushManager.subscribe's applicationServerKey; "
                       "null when web push is not configured"})


# --- preferences ------------------------------------------------------------------------------------

CLOCK = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="must be a time of day, HH:MM")


class QuietWindowSchema(Schema):
    start = fields.String(required=True, validate=CLOCK)
    end = fields.String(required=True, validate=CLOCK)

    @validates_schema
    def _not_empty(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("start") is not None and data.get("start") == data.get("end"):
            raise ValidationError("a quiet window must not be of zero length", "end")


def _time_zone(value: str) -> bool:
    if not known_time_zone(value):
        raise ValidationError("not a known time zone (e.g. Europe/London)")
    return True


class PreferencesSchema(Schema):
    """Every field may be left out on PUT: it then takes its default."""

    language = fields.String(validate=validate.OneOf(LANGUAGES))
    time_zone = fields.String(validate=[validate.Length(max=64), _time_zone])
    channels = fields.Dict(
        keys=fields.String(validate=validate.OneOf(list(Category))),
        values=fields.List(fields.String(validate=validate.OneOf(list(PreferredChannel))),
                           validate=validate.Length(max=len(PreferredChannel))),
        metadata={"description": "per category, the channels to use (in_app, email, sms, push); "
                                 "a category left out keeps the default: in_app, email, push"},
    )
    quiet_hours = fields.List(fields.Nested(QuietWindowSchema), validate=validate.Length(max=10), metadata={
        "description": "windows in the person's own time zone; one may cross midnight"})
    digest = fields.List(fields.String(validate=validate.OneOf(list(Category))),
                         validate=validate.Length(max=len(Category)), metadata={
        "description": "categories whose emails are gathered into one a day, at digest_at"})
    digest_at = fields.String(validate=CLOCK)

    @validates_schema
    def _some_time_not_quiet(self, data: dict[str, Any], **_: Any) -> None:
        windows = [(w["start"], w["end"]) for w in data.get("quiet_hours") or []]
        if quiet_all_day(windows):
            raise ValidationError(ALL_DAY, "quiet_hours")


class PreferencesOut(PreferencesSchema):
    phone_for_sms = fields.Boolean(metadata={"description": "whether identity holds a phone number to text"})
