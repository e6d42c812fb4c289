"""Safe concurrent edits (RFC 9110 conditional requests): an ETag on what people edit, If-Match on the edit.

Every 200 answer to GET, PUT or PATCH whose body is one JSON object carries a strong ETag, a
digest of that body with its keys in order; a GET sent with a matching If-None-Match is a 304.
An edit that is guarded (`@blp.doc(**CONDITIONAL_EDIT)` documents it) gets `if_match(schema)`
from its view: a check the use case runs on the entity it loaded and holds (`uow.hold`), before
changing it. The check digests the entity as
`schema` shows it, the same representation a GET returned, so a client's If-Match names what
it read. An older one is a 412 and nothing is written; no If-Match at all is a 428 when the
service requires it (IF_MATCH_REQUIRED), else the edit goes ahead as before.

The digest is of the representation, not a version column: every resource gets one without a
migration, and an edit that changes nothing a client can see leaves the ETag as it was.

The digest is of the representation's canonical form, as orjson writes it with its keys sorted. The
app's JSON provider (`jsonify`, flask-smorest's answers) writes every body it can that way, followed
by a newline, and such a body is digested as it is, not parsed back and written again. A body orjson
cannot write (a key that is not a string, which sorts otherwise once it is one) is Flask's json's,
and is parsed back, as is any other body, so the ETag is the same either way.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson
from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider
from marshmallow import Schema

from psn_shared.errors import PreconditionFailed, PreconditionRequired
from psn_shared.preconditions import Precondition

REQUIRED = "PSN_IF_MATCH_REQUIRED"
TAGGED_METHODS = ("GET", "PUT", "PATCH")


# A guarded edit's OpenAPI entry: `@blp.doc(**CONDITIONAL_EDIT)` on its view.
CONDITIONAL_EDIT: dict[str, Any] = {
    "parameters": [{
        "in": "header", "name": "If-Match", "required": False, "schema": {"type": "string", "maxLength": 1000},
        "description": "The ETag of the version you read: a 412 if it has changed since. "
                       "Required where the service is configured so (IF_MATCH_REQUIRED): a 428 without it.",
    }],
    # Problem documents, as the shared components describe them (see psn_shared.http.api).
    "responses": {"412": "PRECONDITION_FAILED", "428": "PRECONDITION_REQUIRED"},
}


def install_preconditions(app: Flask, *, if_match_required: bool) -> None:
    app.config[REQUIRED] = if_match_required
    app.json = _CanonicalJSONProvider(app)
    app.after_request(_tag)


def etag_of(representation: Any) -> str:
    """The strong ETag of a JSON representation as parsed (without quotes)."""
    try:
        canonical = orjson.dumps(representation, option=_CANONICAL)
    except TypeError:  # an integer over 64 bits
        canonical = json.dumps(representation, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(canonical).hexdigest()[:32]


def if_match(schema: Schema) -> Precondition:
    """The check for this request's If-Match, on an entity shown with `schema` (call it inside the view)."""
    expected = request.if_match
    required = current_app.config.get(REQUIRED, False)
    # As it goes out on the wire: the digest must be of what a GET's body was.
    as_sent = current_app.json.dumps

    def check(entity: Any) -> None:
        if entity is None:
            # Nothing yet, so no version can match; creating it needs no If-Match.
            if expected:
                raise PreconditionFailed("there is nothing here yet to match", field="If-Match")
            return
        if not expected:
            if required:
                raise PreconditionRequired("send If-Match with the ETag of the version you are changing",
                                           field="If-Match")
            return
        if expected.star_tag:
            return
        if not expected.contains(etag_of(json.loads(as_sent(schema.dump(entity))))):
            raise PreconditionFailed("it has changed since you read it; read it again and redo your change",
                                     field="If-Match")

    return check


_WRITTEN = "psn_json_written"
# orjson's canonical form: keys sorted, compact, UTF-8. Dates and dataclasses go to Flask's `default`, as
# they always have (a date as an HTTP date); a key that is not a string is refused, so Flask's json writes that body.
_CANONICAL = orjson.OPT_SORT_KEYS
_WRITING = _CANONICAL | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class _CanonicalJSONProvider(DefaultJSONProvider):
    """Flask's JSON written by orjson in the ETag's canonical form, noting on a response the body so
    written; indented (debug) or not orjson's to write (a key that is not a string, an integer over 64
    bits), it is Flask's own json, and the ETag is then of the body parsed back (see the module's docstring)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if not kwargs:
            try:
                return orjson.dumps(obj, default=self.default, option=_WRITING).decode()
            except TypeError:
                pass
        return super().dumps(obj, **kwargs)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)
        value = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(value, default=self.default, option=_WRITING | orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            return super().response(*args, **kwargs)
        response = self._app.response_class(body, mimetype=self.mimetype)
        setattr(response, _WRITTEN, body)
        return response


def _etag_of_body(response: Response) -> str | None:
    """The ETag of a body that is one JSON object, None for any other body."""
    body = response.get_data()
    if body[:1] == b"{" and body == getattr(response, _WRITTEN, None):
        return hashlib.sha256(body[:-1]).hexdigest()[:32]  # without its newline
    representation = response.get_json(silent=True)
    return etag_of(representation) if isinstance(representation, dict) else None


def _tag(response: Response) -> Response:
    method = request.method
    if (method not in TAGGED_METHODS or response.status_code != 200 or not response.is_json
            or response.direct_passthrough):
        return response
    if (etag := _etag_of_body(response)) is not None:
        response.set_etag(etag)
        if method == "GET":
            _make_conditional(response, request.environ)
    return response


# What Werkzeug's `make_conditional` weighs in a GET. With none of them it would only add a Date, which
# the server sends itself: gunicorn drops an app's Date for its own, and Werkzeug's server sends one besides.
_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE")


def _make_conditional(response: Response, environ: dict[str, Any]) -> None:
    """`response.make_conditional(environ)` when the request sets a condition (`shared/tests/test_etags.py`
    holds the answers equal to Werkzeug's, but for the Date, headers and their order included)."""
    if any(condition in environ for condition in _CONDITIONS):
        response.make_conditional(environ)
