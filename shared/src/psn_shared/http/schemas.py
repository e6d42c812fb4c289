"""Schema pieces every service's HTTP API uses: a bounded Schema, ids, bounded text, limit/offset pages,
a report's quarter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import marshmallow
from marshmallow import ValidationError, fields, validate

from psn_shared.errors import InvalidInput
from psn_shared.events.contracts import is_uuid
from psn_shared.quarters import Quarter

Clock = Callable[[], datetime]
QUARTER_DESCRIPTION = "e.g. 2026Q4: under way (its figures so far) or past; one not yet begun is refused"

# What a string or a list may hold when its field sets no limit of its own.
MAX_TEXT = 5_000
MAX_ITEMS = 500


class Schema(marshmallow.Schema):
    """marshmallow's Schema, with a ceiling on every string and list that does not set its own.

    Every service's API schemas derive from this one, so nobody can send a megabyte in a name or
    a hundred thousand items in a list, and the OpenAPI documents state each ceiling (maxLength,
    maxItems). A field that knows its own limit says so with `validate.Length`.
    """

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        super().on_bind_field(field_name, field_obj)
        _bound(field_obj)


WALL_CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _bound(field: fields.Field) -> None:
    if isinstance(field, fields.List):
        _cap(field, MAX_ITEMS)
        _bound(field.inner)
    elif isinstance(field, fields.String):
        _cap(field, MAX_TEXT)
    elif isinstance(field, fields.Time):
        # Only a time of day parses, so its text is short. It is a wall-clock time without an offset: RFC 3339's
        # partial-time, not JSON Schema's "time" (which needs one, so a validator would refuse "16:30:00").
        field.metadata = {**field.metadata, "format": "partial-time", "pattern": WALL_CLOCK_PATTERN}


def _cap(field: fields.Field, most: int) -> None:
    if not any(isinstance(rule, validate.Length) for rule in field.validators):
        field.validators = [*field.validators, validate.Length(max=most)]


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    """An id in a path, a query or a body: a UUID, kept as the string the database holds."""
    metadata = {"format": "uuid", **kwargs.pop("metadata", {})}
    return fields.String(validate=[is_uuid, validate.Length(max=36)], metadata=metadata, **kwargs)


def Text(max_length: int = 200, **kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    """A string of 1 to `max_length` characters."""
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


class PageQuery(Schema):
    """`?limit=&offset=`: at most 500 a page, 50 unless asked; offsets bounded so SQL never overflows."""

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000_000))


class Page(Schema):
    """A page of results: a subclass adds `items`; `total` counts every match, not just this page."""

    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()


def SuppressedCount(**kwargs: Any) -> fields.Raw:  # noqa: N802 - reads as a field type
    """A count in a report: a number of 5 or more, "<5" under 5, or "withheld" when shown it would let a
    suppressed count be worked out from a total (psn_shared.suppression)."""
    return fields.Raw(metadata={
        "description": 'A count; "<5" when under 5; "withheld" so that a suppressed count cannot be worked out',
        "oneOf": [{"type": "integer", "minimum": 5}, {"type": "string", "enum": ["<5", "withheld"]}],
        **kwargs.pop("metadata", {}),
    }, **kwargs)


def system_clock() -> datetime:
    return datetime.now(UTC)


def begun_quarter(clock: Clock) -> Callable[[str], None]:
    """A validator of a report's `quarter`: written as one, and begun by `clock()` (under way or past)."""

    def check(text: str) -> None:
        try:
            Quarter.parse_begun(text, clock())
        except InvalidInput as exc:
            raise ValidationError(str(exc)) from exc

    return check
