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

A body the app's JSON provider wrote (`jsonify`, flask-smorest's answers) is most often already
the digest's canonical form: keys sorted, compact, followed by a newline. It is then digested as
it is, not parsed back and written again, when nothing in it could come out otherwise: every key
a string (an int key sorts otherwise once it is one) and no `\\u` escape (written as the character
in the canonical form). Any other body is parsed back, so the ETag is the same either way.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

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
    app.json = _NotingJSONProvider(app)
    app.after_request(_tag)


def etag_of(representation: Any) -> str:
    """The strong ETag of a JSON representation (without quotes)."""
    canonical = json.dumps(representation, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


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
_SCALARS = frozenset({str, int, float, bool, type(None)})


class _NotingJSONProvider(DefaultJSONProvider):
    """Flask's JSON, noting on a response what it wrote (the value and the body) when the body is
    compact and its keys sorted, as the ETag's canonical form (see the module's docstring)."""

    def response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().response(*args, **kwargs)
        indented = (self.compact is None and self._app.debug) or self.compact is False
        if self.sort_keys and not indented:
            setattr(response, _WRITTEN, (self._prepare_response_obj(args, kwargs), response.get_data()))
        return response


def _only_string_keys(value: Any) -> bool:
    """Whether every key in `value` is a string (what the JSON provider's `default` turns into a string,
    a date or a UUID, holds none; a dataclass turned into a dict might). A loop, not a recursion: it
    runs on every tagged answer."""
    pending = [value]
    while pending:
        value = pending.pop()
        if type(value) in _SCALARS:
            continue
        if isinstance(value, dict):
            if not all(type(key) is str for key in value):
                return False
            pending.extend(value.values())
        elif isinstance(value, list | tuple):
            pending.extend(value)
        elif dataclasses.is_dataclass(value):
            return False
    return True


def _etag_of_body(response: Response) -> str | None:
    """The ETag of a body that is one JSON object, None for any other body."""
    body = response.get_data()
    value, written = getattr(response, _WRITTEN, (None, None))
    if body == written and body[:1] == b"{" and b"\\u" not in body and _only_string_keys(value):
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
