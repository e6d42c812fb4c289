"""Query arguments: a request without a query string gets its schema's defaults, loaded once when they never
change, and exactly what webargs would load for it otherwise."""

from __future__ import annotations

import itertools

import pytest
from flask import Flask
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, post_load, validates_schema
from webargs.flaskparser import FlaskParser

from psn_shared.http.api import Blueprint, ServiceApi

counted = itertools.count(1)


class Page(Schema):
    limit = fields.Integer(load_default=20)
    status = fields.String(load_default=None)


class Counted(Schema):
    n = fields.Integer(load_default=lambda: next(counted))


class Required(Schema):
    quarter = fields.String(required=True)


class Hooked(Schema):
    limit = fields.Integer(load_default=20)

    @post_load
    def doubled(self, data: dict, **_kwargs: object) -> dict:
        return {**data, "doubled": data["limit"] * 2}


class Checked(Schema):
    limit = fields.Integer(load_default=0)

    @validates_schema
    def positive(self, data: dict, **_kwargs: object) -> None:
        if data["limit"] <= 0:
            raise ValidationError("must be above 0", "limit")


@pytest.fixture
def client():
    app = Flask("arguments")
    app.config.update(API_TITLE="arguments", API_VERSION="v1", OPENAPI_VERSION="3.0.3")
    api = ServiceApi(app)
    blp = Blueprint("arguments", __name__)
    for name, schema in (("page", Page()), ("page-class", Page), ("counted", Counted()), ("required", Required()),
                         ("hooked", Hooked()), ("checked", Checked())):
        def get(self: MethodView, query: dict) -> dict:
            return query

        view = type(name, (MethodView,), {"get": blp.arguments(schema, location="query")(get)})
        blp.route(f"/{name}")(view)
    api.register_blueprint(blp)
    return app.test_client()


@pytest.mark.parametrize("path", ["/page", "/page-class"])
def test_a_request_without_a_query_gets_the_defaults_without_webargs_loading_them(client, path, monkeypatch):
    assert client.get(path).json == {"limit": 20, "status": None}  # loaded once, the first time

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("loaded again")

    monkeypatch.setattr(FlaskParser, "parse", refuse)
    answer = client.get(path)
    assert answer.status_code == 200 and answer.json == {"limit": 20, "status": None}


def test_a_request_with_a_query_is_loaded_and_checked_as_ever(client):
    assert client.get("/page?limit=5&status=waiting").json == {"limit": 5, "status": "waiting"}
    refused = client.get("/page?limit=many")
    assert refused.status_code == 422
    assert "limit" in refused.json["errors"]["query"]


def test_a_default_made_by_a_call_is_made_for_each_request(client):
    first, second = client.get("/counted").json["n"], client.get("/counted").json["n"]
    assert second == first + 1


def test_a_required_field_missing_is_still_refused(client):
    for _ in range(2):
        refused = client.get("/required")
        assert refused.status_code == 422
        assert "quarter" in refused.json["errors"]["query"]


def test_a_schemas_hooks_run_for_each_request(client):
    assert client.get("/hooked").json == {"limit": 20, "doubled": 40}
    for _ in range(2):
        assert client.get("/checked").status_code == 422


def test_a_dict_of_fields_is_loaded_by_webargs_as_ever():
    parser, argmap = Blueprint.ARGUMENTS_PARSER, {"limit": fields.Integer(load_default=5)}
    with Flask("fields").test_request_context("/"):
        assert parser.parse(argmap, location="query") == {"limit": 5}
    with Flask("fields").test_request_context("/?limit=7"):
        assert parser.parse(argmap, location="query") == {"limit": 7}
