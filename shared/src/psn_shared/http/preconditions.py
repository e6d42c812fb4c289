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
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Flask, Response, current_app, request
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


def _tag(response: Response) -> Response:
    if (request.method not in TAGGED_METHODS or response.status_code != 200 or not response.is_json
            or response.direct_passthrough):
        return response
    body = response.get_json(silent=True)
    if isinstance(body, dict):
        response.set_etag(etag_of(body))
        if request.method == "GET":
            response.make_conditional(request)
    return response
