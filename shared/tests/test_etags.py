"""The ETag is a digest of the representation, the same whether the body is digested as written or parsed back."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask import Flask, Response, jsonify

from psn_shared.http import preconditions
from psn_shared.http.preconditions import etag_of, install_preconditions


@dataclass
class Counts:
    by_level: dict[int, int]


REPRESENTATIONS = {
    "plain": {"name": "Ward 5", "id": uuid.UUID(int=7), "at": datetime(2026, 12, 2, tzinfo=UTC), "n": 1.5,
              "nested": {"b": [1, None, True], "a": "x"}},
    "non-ascii": {"name": "Zoë Ó Briain", "note": "→ ✓"},
    "escaped": {"text": 'a "quote", a \\ backslash \\u0041, a tab\t and \x01'},
    "int keys": {"by_level": {2: "two", 10: "ten", 1: "one"}},
    "int keys in a dataclass": {"counts": Counts(by_level={2: 2, 10: 10})},
}


@pytest.fixture
def app() -> Flask:
    app = Flask("etags")
    install_preconditions(app, if_match_required=False)

    @app.get("/<name>")
    def read(name: str) -> Response:
        return jsonify(REPRESENTATIONS[name])

    return app


@pytest.mark.parametrize("name", REPRESENTATIONS)
def test_the_etag_is_the_digest_of_the_representation_as_parsed_back(app: Flask, name: str):
    response = app.test_client().get(f"/{name}")
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{etag_of(json.loads(response.data))}"'


def test_a_matching_if_none_match_is_a_304(app: Flask):
    client = app.test_client()
    etag = client.get("/plain").headers["ETag"]
    assert client.get("/plain", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/plain", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("name", ["plain", "non-ascii", "escaped"])
def test_a_body_as_the_provider_wrote_it_is_not_parsed_back(app: Flask, monkeypatch: pytest.MonkeyPatch, name: str):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed back")

    monkeypatch.setattr(Response, "get_json", refuse)
    assert app.test_client().get(f"/{name}").headers["ETag"]


def test_the_body_keeps_flasks_forms_for_dates_and_writes_other_words_as_they_are(app: Flask):
    plain, non_ascii = (json.loads(app.test_client().get(f"/{name}").data) for name in ("plain", "non-ascii"))
    assert plain["at"] == "Wed, 02 Dec 2026 00:00:00 GMT" and plain["id"] == str(uuid.UUID(int=7))
    assert "Zoë".encode() in app.test_client().get("/non-ascii").data and non_ascii["name"] == "Zoë Ó Briain"


@pytest.mark.parametrize("conditions", [
    {}, {"If-None-Match": '"other"'}, {"If-Match": '"other"'}, {"If-Modified-Since": "Wed, 02 Dec 2026 17:00:00 GMT"},
    {"Range": "bytes=0-1"}, {"If-Range": '"other"'},
])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_tagged_get_is_answered_as_werkzeugs_make_conditional_answers_it(
        app: Flask, monkeypatch: pytest.MonkeyPatch, conditions: dict[str, str], streamed: bool):
    @app.get("/streamed/<name>")
    def read_streamed(name: str) -> Response:
        return Response(iter([app.json.dumps(REPRESENTATIONS[name])]), mimetype="application/json")

    def answer() -> tuple[int, list[tuple[str, str]], bytes]:
        response = app.test_client().get("/streamed/plain" if streamed else "/plain", headers=conditions)
        # Werkzeug's adds a Date; ours leaves it to the server (gunicorn would drop it for its own).
        headers = [(name, value) for name, value in response.headers if name != "Date"]
        return response.status_code, headers, response.data

    ours = answer()
    monkeypatch.setattr(preconditions, "_CONDITIONS", ("REQUEST_METHOD",))  # every GET to Werkzeug's own
    assert ours == answer()
