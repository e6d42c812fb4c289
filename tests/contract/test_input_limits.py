"""Everything a client can send is bounded: every string in a request has a maximum length and every
list a maximum number of items, as each service's committed OpenAPI document states them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DOCUMENTS = sorted((Path(__file__).parents[2] / "docs" / "openapi").glob("*.json"))
# Formats whose values are short by construction.
SELF_BOUNDED = {"date", "date-time", "uuid", "email"}
METHODS = {"get", "put", "post", "patch", "delete"}


def bounded_text(schema: dict[str, Any]) -> bool:
    pattern = schema.get("pattern", "")
    anchored = pattern.startswith("^") and pattern.endswith("$") and "*" not in pattern and "+" not in pattern
    return "maxLength" in schema or "enum" in schema or schema.get("format") in SELF_BOUNDED or anchored


def unbounded(schema: dict[str, Any], document: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return unbounded(document["components"]["schemas"][name], document, f"{where}<{name}>", seen | {name})
    found = []
    kind = schema.get("type")
    if kind == "string" and not bounded_text(schema):
        found.append(where)
    if kind == "array":
        if "maxItems" not in schema:
            found.append(where)
        found += unbounded(schema.get("items", {}), document, f"{where}[]", seen)
    for name, value in schema.get("properties", {}).items():
        found += unbounded(value, document, f"{where}.{name}", seen)
    for key in ("allOf", "anyOf", "oneOf"):
        for n, part in enumerate(schema.get(key, [])):
            found += unbounded(part, document, f"{where}/{key}{n}", seen)
    return found


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_every_string_and_list_a_client_sends_has_a_limit(path):
    document = json.loads(path.read_text())
    found = []
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {route}"
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if "schema" in body:
                found += unbounded(body["schema"], document, f"{where} body", set())
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("query", "header") and "schema" in parameter:
                    found += unbounded(parameter["schema"], document, f"{where} {parameter['name']}", set())
    assert found == [], f"{len(found)} unbounded inputs: " + ", ".join(found[:20])
