import io

import pytest
from flask import Flask, request

from psn_shared.errors import InvalidInput
from psn_shared.http.problems import field_errors, install_problem_handlers


def test_nested_messages_become_one_entry_per_field():
    messages = {"json": {"email": ["Not a valid email address."], "days": {"0": {"date": ["Missing data."]}}}}
    assert field_errors(messages) == [
        {"field": "email", "location": "json", "message": "Not a valid email address."},
        {"field": "days.0.date", "location": "json", "message": "Missing data."},
    ]


def test_whole_body_errors_have_no_field():
    assert field_errors({"json": ["Invalid JSON body."]}) == [
        {"field": None, "location": "json", "message": "Invalid JSON body."}
    ]
    assert field_errors({"json": {"_schema": ["Invalid input type."]}}) == [
        {"field": None, "location": "json", "message": "Invalid input type."}
    ]


@pytest.fixture
def client():
    app = Flask("problems")
    install_problem_handlers(app)

    @app.route("/records/<record_id>", methods=["GET", "POST"])
    def refuse(record_id: str) -> None:
        raise InvalidInput("not like that", field=request.args.get("blame", "reason"))

    @app.post("/uploads")
    def refuse_upload() -> None:
        raise InvalidInput("not like that", field="file")

    return app.test_client()


@pytest.mark.parametrize(("method", "path", "body", "location"), [
    ("GET", "/records/1", None, "query"),  # a GET's fields are in its query, given or not
    ("GET", "/records/1?blame=record_id", None, "path"),
    ("POST", "/records/1", {"reason": "?"}, "json"),
    ("POST", "/records/1?blame=note&note=x", {"reason": "?"}, "query"),
])
def test_a_domain_rule_names_its_field_where_the_request_carries_it(client, method, path, body, location):
    refused = client.open(path, method=method, json=body)
    assert refused.status_code == 422
    assert [(e["field"], e["location"]) for e in refused.json["errors"]] == [
        (path.split("blame=")[1].split("&")[0] if "blame=" in path else "reason", location)]


def test_a_domain_rule_on_an_upload_names_its_file(client):
    refused = client.post("/uploads", data={"file": (io.BytesIO(b"a,b"), "staff.csv")})
    assert [(e["field"], e["location"]) for e in refused.json["errors"]] == [("file", "files")]
