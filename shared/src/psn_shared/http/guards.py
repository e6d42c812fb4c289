"""What a request must be before any view sees it: small enough, of a type the endpoint reads,
and free of what would break the code behind it (deep nesting, NUL characters).

Each rule answers with a problem document and changes nothing: the view never runs.
"""

from __future__ import annotations

import json
from itertools import chain
from typing import Any

from flask import Flask, current_app, request
from flask_cors import CORS
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnprocessableEntity, UnsupportedMediaType

# The uploads an endpoint may read as raw bytes (HR files); every other body is JSON.
UPLOAD_TYPES = frozenset({"text/csv", "multipart/form-data"})
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def install_request_guards(app: Flask, *, max_body_bytes: int, max_upload_bytes: int) -> None:
    """Size (413), content type (415), JSON depth (400), NUL characters (422), and security headers."""
    # Werkzeug's own limit catches a body that states no length (chunked) as it is read.
    app.config["MAX_CONTENT_LENGTH"] = max(max_body_bytes, max_upload_bytes)
    app.extensions["psn.body_limits"] = (max_body_bytes, max_upload_bytes)
    app.before_request(_inspect_request)
    app.after_request(_add_security_headers)


def allow_cross_origin(app: Flask, origins: tuple[str, ...]) -> None:
    """Let the listed browser origins call /api/ (preflight included); no origin is allowed by default."""
    if not origins:
        return
    CORS(app, resources={r"/api/*": {"origins": list(origins)}},
         allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "X-Correlation-ID"],
         expose_headers=["ETag", "Location", "Retry-After", "X-Correlation-ID"], max_age=600)


def _inspect_request() -> None:
    asked = request._get_current_object()  # a proxy: each use of `request` is a look-up
    # Every value of a repeated parameter (`values()` gives only each key's first).
    carried = [asked.path, *chain.from_iterable(asked.args.listvalues())]
    if _may_carry_a_body(asked.environ):
        _refuse_oversized_body()
        _refuse_unreadable_content_type()
        # Werkzeug parses a form only from a request that names its content type: without one it is empty.
        carried.extend(chain.from_iterable(asked.form.listvalues()) if asked.content_type else ())
        carried.append(_json_body())
    if _holds_nul(carried):
        # Well-formed, but no text column can hold it: unprocessable (422), as a rule a field breaks is.
        raise UnprocessableEntity("NUL characters (U+0000) are not allowed in paths, parameters or bodies.")


def _may_carry_a_body(wsgi: dict[str, Any]) -> bool:
    """Whether the request states a length, a content type or a transfer encoding: a GET as clients send
    it states none of them, and has no body, form or JSON to weigh."""
    return (wsgi.get("CONTENT_LENGTH") not in (None, "", "0") or bool(wsgi.get("CONTENT_TYPE"))
            or "HTTP_TRANSFER_ENCODING" in wsgi)


def _refuse_oversized_body() -> None:
    length = request.content_length
    if length is None:  # no body, or one of no stated length (chunked), which Werkzeug's own limit bounds
        return
    max_body, max_upload = current_app.extensions["psn.body_limits"]
    limit = max_upload if request.mimetype in UPLOAD_TYPES else max_body
    if length > limit:
        raise RequestEntityTooLarge(f"The body is over {limit} bytes, the most this endpoint reads.")


def _refuse_unreadable_content_type() -> None:
    """A body sent to an endpoint that reads JSON must say it is JSON."""
    if not request.content_length or request.is_json or not _reads_json():
        return
    raise UnsupportedMediaType(f"This endpoint reads application/json, not {request.mimetype or 'an untyped body'}.")


def _reads_json() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    handler = getattr(view_class, request.method.lower(), None) if view_class else view
    arguments = getattr(handler, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(argument.get("in") == "json" for argument in arguments)


def _json_body() -> Any:
    """The parsed JSON body (None when there is none or it is not JSON); too deep a nesting is a 400.

    Python's parser recurses once a level: a body nested thousands deep would raise
    RecursionError (a 500) wherever it is parsed, so it is refused here first.
    """
    if not request.content_length or not request.is_json:
        return None
    try:
        return json.loads(request.get_data(cache=True))
    except RecursionError:
        raise BadRequest("The JSON body is nested too deeply.") from None
    except ValueError:
        return None  # malformed JSON: the endpoint's own parser answers it, naming the problem


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _add_security_headers(response: Any) -> Any:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}  # one pass: each `set` would look through them all
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if "cache-control" not in present and request.path.startswith("/api/"):
        # Answers about people: no shared or browser cache may keep them.
        headers.add("Cache-Control", "no-store")
    return response
