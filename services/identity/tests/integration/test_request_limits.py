"""The shared request guards, through a real service: size, content type and nesting."""

from __future__ import annotations

import json


def test_a_json_endpoint_refuses_a_form_body_and_writes_nothing(api, client):
    before = len(api.outbox())
    response = client.post("/api/v1/organisations", data="name=Board&kind=health_board",
                           content_type="application/x-www-form-urlencoded", headers=api.admin)
    assert response.status_code == 415
    assert len(api.outbox()) == before


def test_a_deeply_nested_body_is_a_400(api, client):
    response = client.post("/api/v1/organisations", data="{\"name\": " + "[" * 50_000 + "]" * 50_000 + "}",
                           content_type="application/json", headers=api.admin)
    assert response.status_code == 400


def test_a_json_body_over_a_mebibyte_is_413_but_an_hr_file_may_be_larger(api, client):
    big_json = json.dumps({"name": "n" * (1024 * 1024), "kind": "health_board"})
    assert client.post("/api/v1/organisations", data=big_json, content_type="application/json",
                       headers=api.admin).status_code == 413
    big_csv = "organisation,employee_number\n" + "x" * (2 * 1024 * 1024)
    response = client.post("/api/v1/hr-imports/csv", data=big_csv, content_type="text/csv", headers=api.admin)
    assert response.status_code != 413
