"""Training's part of the board's quarterly report: staff trained per level, Level 1 coverage, suppressed."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest


@pytest.fixture
def trained(client, coordinator, register):
    """Seven staff: five completed Level 1 in October 2026 (Q4), one in September (Q3), one not at all."""
    people = [register() for _ in range(7)]
    for staff_id, day in zip(people, ["2026-10-05"] * 5 + ["2026-09-10"], strict=False):
        made = client.post("/api/v1/level1-completions", headers=coordinator,
                           json={"staff_id": staff_id, "completed_on": day, "source": "learnpro"})
        assert made.status_code == 201, made.json
    return people


def figures(response) -> dict:
    return {(m["measure"], m["group"]): m["value"] for m in response.json["measures"]}


def test_a_quarter_counts_who_was_trained_and_hides_what_would_point_at_few(client, auth, trained):
    governance = auth(str(uuid.uuid4()), "governance")
    q4 = client.get("/api/v1/reports/board/training?quarter=2026Q4", headers=governance)
    assert q4.status_code == 200 and q4.json["quarter"] == "2026Q4"
    shown = figures(q4)
    assert shown["staff_trained", "all"] == 5 and shown["staff_trained", "Level 1"] == 5
    assert shown["staff_trained", "Level 2"] == "<5" and shown["staff_trained", "Level 3"] == "<5"
    # Six of seven covered: the one without is a small count, so the six are withheld, and the share.
    assert shown["level_1_coverage_staff", None] == 7 and shown["level_1_coverage", None] == "withheld"
    assert shown["level_1_coverage_share", None] is None
    q3 = figures(client.get("/api/v1/reports/board/training?quarter=2026q3", headers=governance))
    assert q3["staff_trained", "Level 1"] == "<5" and q3["level_1_coverage", None] == "<5"


# The board report's rows of the access matrix (README).
@pytest.mark.parametrize(("roles", "status"), [(("governance",), 200), (("coordinator",), 200), (("admin",), 200),
                                               (("staff",), 403), (("line_manager", "trainer"), 403)])
def test_who_reads_it(client, auth, roles, status):
    response = client.get("/api/v1/reports/board/training?quarter=2026Q4", headers=auth(str(uuid.uuid4()), *roles))
    assert response.status_code == status


def test_a_quarter_not_written_as_one_is_refused_naming_it(client, auth):
    governance = auth(str(uuid.uuid4()), "governance")
    for query in ("?quarter=2026Q5", "?quarter=Q4", "?quarter=1999Q1", ""):
        response = client.get(f"/api/v1/reports/board/training{query}", headers=governance)
        assert response.status_code == 422 and response.json["errors"][0]["field"] == "quarter", query
    assert client.get("/api/v1/reports/board/training?quarter=2026Q4").status_code == 401


def test_a_quarter_not_yet_begun_is_refused_and_one_under_way_gives_its_figures_so_far(client, auth, clock):
    governance = auth(str(uuid.uuid4()), "governance")
    clock.set(datetime(2026, 12, 31, 23, 59, tzinfo=UTC))  # the last minute of 2026Q4 in London (GMT)
    ahead = client.get("/api/v1/reports/board/training?quarter=2027Q1", headers=governance)
    assert ahead.status_code == 422 and ahead.headers["Content-Type"] == "application/problem+json"
    [error] = ahead.json["errors"]
    assert (error["field"], error["location"]) == ("quarter", "query")
    assert error["message"] == ("2027Q1 has not begun yet (it starts on 1 January 2027): "
                                "a report is for a quarter under way or past")
    under_way = client.get("/api/v1/reports/board/training?quarter=2026Q4", headers=governance)
    assert under_way.status_code == 200 and under_way.json["quarter"] == "2026Q4"
    clock.set(datetime(2027, 1, 1, tzinfo=UTC))  # midnight in London: 2027Q1 has begun
    assert client.get("/api/v1/reports/board/training?quarter=2027Q1", headers=governance).status_code == 200


def test_a_past_quarters_coverage_counts_the_staff_on_the_books_at_its_end_not_today(client, auth, trained,
                                                                                      register, announce, clock):
    """Of the seven (six with Level 1 by the end of 2026Q4), one trained leaves in January: still counted in
    2026Q4; five joining in January (none trained) are not. Today's staff would give 5 of 11."""
    clock.set(datetime(2027, 4, 6, 9, tzinfo=UTC))  # both quarters past, whatever the day the test runs
    announce("identity.staff.left", trained[0], left_on=date(2027, 1, 15))
    for _ in range(5):
        register(start_date=date(2027, 1, 4))
    governance = auth(str(uuid.uuid4()), "governance")
    q4 = figures(client.get("/api/v1/reports/board/training?quarter=2026Q4", headers=governance))
    assert q4["level_1_coverage_staff", None] == 7 and q4["level_1_coverage", None] == "withheld"
    q1 = figures(client.get("/api/v1/reports/board/training?quarter=2027Q1", headers=governance))
    assert q1["level_1_coverage_staff", None] == 11 and q1["level_1_coverage", None] == 5
