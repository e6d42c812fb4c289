"""flask-smorest's Api, documenting errors as the services answer them: RFC 9457 problem details.

Every error response in the OpenAPI documents is `application/problem+json` with the `Problem`
schema, and every operation lists the errors the shared plumbing can give it (unauthenticated,
forbidden, not found, too large, wrong media type, a dependency unavailable), so a generated
client knows their shape and a conformance check (schemathesis) holds the services to it.
"""

from __future__ import annotations

import http
from typing import Any

from apispec import BasePlugin
from flask import request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.utils import prepare_response
from marshmallow import Schema
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES_SCHEMA
from webargs.flaskparser import FlaskParser

from psn_shared.http.problems import PROBLEM_JSON, Problem

# Status -> when the shared plumbing answers it, for every operation it applies to.
AUTHENTICATED = {"401": "UNAUTHORIZED", "403": "FORBIDDEN"}
WITH_PATH_PARAMETERS = {"404": "NOT_FOUND"}
WITH_A_BODY = {"400": "BAD_REQUEST", "413": "REQUEST_ENTITY_TOO_LARGE", "415": "UNSUPPORTED_MEDIA_TYPE"}
ALWAYS = {"503": "SERVICE_UNAVAILABLE"}


ETAG_HEADER = {
    "description": "The version of what is answered: send it back in If-Match to edit it, or in "
                   "If-None-Match to read it again only if it changed (a 304 if not)",
    "schema": {"type": "string"},
}


def _one_object(answer: dict[str, Any]) -> bool:
    """An answer whose body is one JSON object (which the shared plumbing gives an ETag), not a list."""
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return isinstance(schema, dict) and ("$ref" in schema or schema.get("type") == "object")


class ServiceApi(Api):
    ERROR_SCHEMA = Problem

    def _register_responses(self) -> None:
        """As flask-smorest registers them, but errors are problem documents (its hook has no content-type knob)."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)


class DocumentCommonErrors(BasePlugin):
    """Adds to each operation the errors the shared plumbing may answer it with, and the ETag it gives
    every single object a GET, PUT or PATCH answers."""

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **kwargs: Any) -> None:
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            common = dict(ALWAYS)
            if operation.get("security") != []:
                common |= AUTHENTICATED
            if path and "{" in path:
                common |= WITH_PATH_PARAMETERS
            if "requestBody" in operation:
                common |= WITH_A_BODY
            for status, name in common.items():
                responses.setdefault(status, name)
        for method in ("get", "put", "patch"):
            responses = (operations or {}).get(method, {}).get("responses", {})
            answer = responses.get(200, responses.get("200"))
            if isinstance(answer, dict) and _one_object(answer):
                answer.setdefault("headers", {})["ETag"] = ETAG_HEADER


class _ArgumentsParser(FlaskParser):
    """webargs' parser, answering a request without a query string at once with what its query schema
    loads from nothing, when that is the same every time: no field required, no default made by a call,
    no hook to run. Most GETs send no query, and loading their schema's defaults afresh cost each about
    as much as its database read's client side (bench/README.md, fourteenth round)."""

    def parse(self, argmap: Any, req: Any = None, *, location: str | None = None, validate: Any = None,
              **kwargs: Any) -> Any:
        if location in ("query", "querystring") and validate is None and not (req or request).query_string:
            defaults = _constant_defaults(argmap)
            if defaults is not None:
                return dict(defaults)
        return super().parse(argmap, req, location=location, validate=validate, **kwargs)


_DEFAULTS: dict[Any, dict[str, Any] | None] = {}


def _constant_defaults(argmap: Any) -> dict[str, Any] | None:
    """What `argmap` (a schema, or its class) loads from nothing, when that never changes; else None
    (and for any other argmap webargs takes: a dict of fields, a function of the request)."""
    if not isinstance(argmap, Schema) and not (isinstance(argmap, type) and issubclass(argmap, Schema)):
        return None
    if argmap not in _DEFAULTS:
        schema = argmap() if isinstance(argmap, type) else argmap
        constant = not any(schema._hooks[hook] for hook in (PRE_LOAD, POST_LOAD, VALIDATES_SCHEMA)) and not any(
            field.required or callable(field.load_default) for field in schema.load_fields.values())
        _DEFAULTS[argmap] = schema.load({}) if constant else None
    return _DEFAULTS[argmap]


class Blueprint(SmorestBlueprint):
    """flask-smorest's Blueprint with the shared arguments parser (its documented way to change it)."""

    ARGUMENTS_PARSER = _ArgumentsParser()
