"""The API schemas' base: every string and list has a ceiling, its own or the default, and says so."""

from __future__ import annotations

import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import ValidationError, fields, validate

from psn_shared.http.schemas import MAX_ITEMS, MAX_TEXT, Id, Schema


class Note(Schema):
    title = fields.String(validate=validate.Length(min=1, max=80))
    body = fields.String()
    tags = fields.List(fields.String())
    about = Id()


def test_a_field_without_a_limit_gets_the_default_and_one_with_a_limit_keeps_it():
    with pytest.raises(ValidationError) as refused:
        Note().load({"title": "t" * 81, "body": "b" * (MAX_TEXT + 1), "tags": ["x"] * (MAX_ITEMS + 1)})
    assert set(refused.value.messages) == {"title", "body", "tags"}
    with pytest.raises(ValidationError) as refused:
        Note().load({"tags": ["x" * (MAX_TEXT + 1)]})
    assert set(refused.value.messages["tags"]) == {0}
    assert Note().load({"title": "t" * 80, "body": "b" * MAX_TEXT, "tags": ["x"] * MAX_ITEMS})["title"]


def test_the_openapi_document_states_every_ceiling():
    spec = APISpec("t", "1", "3.0.3", plugins=[MarshmallowPlugin()])
    spec.components.schema("Note", schema=Note)
    properties = spec.to_dict()["components"]["schemas"]["Note"]["properties"]
    assert properties["title"]["maxLength"] == 80
    assert properties["body"]["maxLength"] == MAX_TEXT
    assert properties["tags"]["maxItems"] == MAX_ITEMS
    assert properties["tags"]["items"]["maxLength"] == MAX_TEXT
    assert properties["about"] == {"type": "string", "format": "uuid", "maxLength": 36}
