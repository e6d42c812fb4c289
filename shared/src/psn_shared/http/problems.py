"""Errors as RFC 9457 problem details, with one entry per bad field."""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask, Response, json, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from psn_shared.errors import DomainError

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


class FieldProblem(Schema):
    field = fields.String(allow_none=True, metadata={"description": "The field at fault, dotted for nested ones"})
    location = fields.String(allow_none=True, metadata={"description": "json, query, path, headers, form or files"})
    message = fields.String(required=True)


class Problem(Schema):
    """RFC 9457 problem details, as every error answers (application/problem+json)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    errors = fields.List(fields.Nested(FieldProblem), metadata={"description": "One entry per bad field"})


def problem(status: int, title: str, detail: str | None = None, errors: list[dict[str, Any]] | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def field_errors(messages: Any, prefix: str = "", location: str | None = None) -> list[dict[str, Any]]:
    """Flatten marshmallow/webargs messages ({"json": {"a": {"0": {"b": ["msg"]}}}}) into a list."""
    if isinstance(messages, list):
        field = prefix or None
        if field == "_schema":
            field = None
        return [{"field": field, "location": location, "message": str(m)} for m in messages]
    if isinstance(messages, dict):
        errors: list[dict[str, Any]] = []
        for key, value in messages.items():
            key = str(key)
            if location is None and not prefix and key in {"json", "query", "path", "headers", "form", "files"}:
                errors += field_errors(value, "", key)
            elif key == "_schema":
                errors += field_errors(value, prefix, location)
            else:
                errors += field_errors(value, f"{prefix}.{key}" if prefix else key, location)
        return errors
    return [{"field": prefix or None, "location": location, "message": str(messages)}]


def _handle_http_exception(exc: HTTPException) -> Response:
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    errors = field_errors(messages) if messages else None
    detail = data.get("message") or (None if errors else exc.description)
    if exc.code == 422 and errors:
        detail = "The request has invalid fields."
    response = problem(exc.code or 500, exc.name, detail, errors)
    # What the exception says beyond its body (a 405's Allow, a 429's Retry-After) stays with the answer.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _handle_domain_error(exc: DomainError) -> Response:
    errors = [{"field": exc.field, "location": _location_of(exc.field), "message": exc.detail}] if exc.field else None
    return problem(exc.status, exc.title, exc.detail, errors)


# Methods whose requests carry no body: any field they send is in the path or the query.
_BODILESS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


def _location_of(field: str) -> str:
    """Where the request carries the field a domain rule named (which knows nothing of HTTP): its path, its
    query, an upload's form, else its JSON body."""
    if field in (request.view_args or {}):
        return "path"
    if field in request.args or request.method in _BODILESS:
        return "query"
    if request.mimetype == "multipart/form-data":
        return "files" if field in request.files else "form"
    return "json"


def unavailable(exc: Exception) -> Response:
    """A dependency (the database, a shared store) cannot be reached or refused for a moment: try again."""
    log.warning("a dependency failed on %s %s", request.method, request.path, exc_info=exc)
    response = problem(503, "Service Unavailable", "A service this answer needs is unavailable; try again shortly.")
    response.headers["Retry-After"] = "1"
    return response


def _database_unreachable(exc: Exception) -> bool:
    """SQLAlchemy's OperationalError (connection lost, server restarting, a serialisation failure: nothing
    was committed, a retry may pass), told without importing SQLAlchemy, which an app without a database
    (the reports app, the web front end) would otherwise load for this alone: it cannot raise one."""
    loaded = sys.modules.get("sqlalchemy.exc")
    return loaded is not None and isinstance(exc, loaded.OperationalError)


def _handle_unexpected(exc: Exception) -> Response:
    if _database_unreachable(exc):
        return unavailable(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "Internal Server Error", "Something went wrong on our side; it has been logged.")


def install_problem_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(Exception, _handle_unexpected)
