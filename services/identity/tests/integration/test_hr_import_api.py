"""HR import: JSON and CSV, the whole file checked first, atomic, and idempotent."""

from __future__ import annotations

import pytest

HEADER = "organisation,employee_number,name,email,job_title,grade,service,team,line_manager,senior_manager,"
CSV = HEADER + """start_date,status
NHS Import Board,S1,Sam Senior,sam@psn.test,Head of Nursing,Band 8b,Acute,Ward 7,,,2020-01-06,active
NHS Import Board,L1,Lee Line,lee@psn.test,Charge Nurse,Band 7,Acute,Ward 7,,S1,2021-03-01,active
NHS Import Board,E1,Eve Nurse,eve@psn.test,Staff Nurse,Band 5,Acute,Ward 7,L1,S1,,active
"""


@pytest.fixture
def board(api, client):
    response = client.post("/api/v1/organisations", json={"name": "NHS Import Board", "kind": "health_board"},
                           headers=api.admin)
    return response.json


def post_csv(client, headers, body):
    return client.post("/api/v1/hr-imports/csv", data=body.encode(), content_type="text/csv", headers=headers)


def test_a_csv_creates_staff_teams_and_managers_and_the_same_file_twice_changes_nothing(api, client, board):
    first = post_csv(client, api.admin, CSV)
    assert first.status_code == 200, first.json
    assert first.json == {"created": 3, "updated": 0, "left": 0, "reinstated": 0, "unchanged": 0, "teams_created": 1}
    events = len(api.outbox())
    second = post_csv(client, api.admin, CSV)
    assert second.json == {"created": 0, "updated": 0, "left": 0, "reinstated": 0, "unchanged": 3, "teams_created": 0}
    assert len(api.outbox()) == events
    eve = client.get("/api/v1/staff?q=eve", headers=api.admin).json["items"][0]
    lee = client.get("/api/v1/staff?q=lee", headers=api.admin).json["items"][0]
    assert eve["line_manager_id"] == lee["id"] and eve["organisation_id"] == board["id"]
    assert [e["data"]["staff_id"] for e in api.outbox("identity.staff.registered")][-3:]


def test_json_rows_upsert_movers_and_leavers(api, client, board):
    post_csv(client, api.admin, CSV)
    rows = [
        {"organisation": "NHS Import Board", "employee_number": "E1", "name": "Eve Nurse", "email": "eve@psn.test",
         "job_title": "Staff Nurse", "grade": "Band 6", "service": "Acute", "team": "Ward 8", "line_manager": "L1",
         "senior_manager": "S1", "start_date": None, "status": "active"},
        {"organisation": "NHS Import Board", "employee_number": "L1", "name": "Lee Line", "email": "lee@psn.test",
         "job_title": "Charge Nurse", "grade": "Band 7", "service": "Acute", "team": "Ward 7",
         "senior_manager": "S1", "start_date": "2021-03-01", "status": "left"},
    ]
    # Eve's manager leaves in the same file: refused, naming the row and column.
    refused = client.post("/api/v1/hr-imports", json={"rows": rows}, headers=api.admin)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json["errors"]] == ["rows.0.line_manager"]
    rows[0]["line_manager"] = None
    report = client.post("/api/v1/hr-imports", json={"rows": rows}, headers=api.admin)
    assert report.json == {"created": 0, "updated": 1, "left": 1, "reinstated": 0, "unchanged": 0, "teams_created": 1}
    [update] = [e for e in api.outbox("identity.staff.updated") if e["data"]["employee_number"] == "E1"]
    assert update["data"]["changed"] == ["grade", "line_manager_id", "team_id"]
    assert len(api.outbox("identity.staff.left")) == 1


def test_one_bad_row_rejects_the_whole_file_with_every_error(api, client, board):
    before = len(api.outbox())
    bad = CSV + "NHS Import Board,E2,,not-an-email,,,Acute,Ward 7,,,someday,gone\nNowhere,E3,X,x3@psn.test,,,,,,,,\n"
    response = post_csv(client, api.admin, bad)
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {
        "rows.3.name", "rows.3.email", "rows.3.start_date", "rows.3.status"}
    response = post_csv(client, api.admin, CSV + "Nowhere,E3,X,x3@psn.test,,,,,,,,\n")
    assert [e["field"] for e in response.json["errors"]] == ["rows.3.organisation"]
    assert len(api.outbox()) == before
    assert client.get("/api/v1/staff?q=eve", headers=api.admin).json["total"] == 0


def test_an_unknown_column_or_an_empty_file_is_refused(api, client, board):
    unknown = post_csv(client, api.admin, CSV.replace("status", "role"))
    assert unknown.status_code == 422 and unknown.json["errors"][0]["field"] == "header.role"
    assert post_csv(client, api.admin, "").status_code == 422
    assert client.post("/api/v1/hr-imports", json={"rows": []}, headers=api.admin).status_code == 422


def test_a_file_the_csv_reader_cannot_read_is_refused_not_a_server_error(api, client, board):
    too_long = "x" * 200_000  # longer than the csv module reads in one field
    unreadable = post_csv(client, api.admin, HEADER + f"start_date,status\nNHS Import Board,{too_long}\n")
    assert unreadable.status_code == 422 and unreadable.json["errors"][0]["field"] == "file"
    carriage_return = post_csv(client, api.admin, CSV.replace("\n", "\r"))
    assert carriage_return.status_code == 200 and carriage_return.json["created"] == 3


def test_a_spreadsheets_csv_utf8_file_is_read_despite_its_byte_order_mark(api, client, board):
    response = client.post("/api/v1/hr-imports/csv", data=b"\xef\xbb\xbf" + CSV.encode(), content_type="text/csv",
                           headers=api.admin)
    assert response.status_code == 200, response.json
    assert response.json["created"] == 3


def test_a_file_not_in_utf8_is_refused_saying_so_and_nothing_is_imported(api, client, board):
    before = len(api.outbox())
    utf16 = client.post("/api/v1/hr-imports/csv", data=CSV.encode("utf-16"), content_type="text/csv",
                        headers=api.admin)
    assert utf16.status_code == 422
    assert utf16.json["errors"] == [{"field": "file", "location": None,
                                     "message": "the file is not UTF-8 text: save it as CSV UTF-8"}]
    assert len(api.outbox()) == before


def test_a_row_with_more_or_fewer_values_than_the_header_has_columns_is_named_as_such(api, client, board):
    before = len(api.outbox())
    misshapen = CSV + "NHS Import Board,E2,Ann Nurse,ann@psn.test\nNHS Import Board,E3,Bo Nurse,bo@psn.test,,,,,,,,,x\n"
    response = post_csv(client, api.admin, misshapen)
    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json["errors"]] == [
        ("rows.3", "4 values where the header names 12 columns"),
        ("rows.4", "13 values where the header names 12 columns")]
    assert len(api.outbox()) == before
