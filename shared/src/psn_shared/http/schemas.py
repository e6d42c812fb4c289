"""Schema pieces every service's HTTP API uses: ids, bounded text, and limit/offset pages."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from psn_shared.events.contracts import is_uuid


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    """An id in a path, a query or a body: a UUID, kept as the string the database holds."""
    return fields.String(validate=is_uuid, **kwargs)


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
