"""Sessions' part of the board's quarterly report: what a quarter's support looked like, in aggregates
with small counts suppressed; for the governance group, coordinators and admins."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from sessions.adapters.orm import conversations, referrals, support

OCTOBER = datetime(2026, 10, 5, 9, tzinfo=UTC)


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def quarter_of_support(make_uow):
    """In October 2026: 6 requests allocated after 1 to 11 hours and one still waiting, 5 conversations
    held, 7 referrals (6 to occupational health), 5 feedback responses."""
    with make_uow() as uow:
        run = uow.session.execute
        for n, hours in enumerate([1, 3, 5, 7, 9, 11, None]):
            made = OCTOBER + timedelta(days=n)
            run(insert(support.support_requests).values(
                id=new_id(), requester_id=new_id(), mode="video", scope="any", urgency="soon", details="-",
                created_at=made, status="allocated" if hours else "waiting",
                allocated_at=made + timedelta(hours=hours) if hours else None))
        for n in range(5):
            run(insert(conversations.conversations).values(
                id=new_id(), request_id=new_id(), requester_id=new_id(), supporter_id=new_id(), proposed_by=new_id(),
                slots=[], mode="video", status="attended", proposals=1, starts_at=OCTOBER + timedelta(days=n),
                ends_at=OCTOBER + timedelta(days=n, hours=1), reschedules=0, sequence=0, created_at=OCTOBER,
                updated_at=OCTOBER))
        for service in ["occupational_health"] * 6 + ["chaplaincy"]:
            run(insert(referrals.referrals).values(
                id=new_id(), request_id=new_id(), requester_id=new_id(), supporter_id=new_id(), service=service,
                reason="-", status="suggested", created_at=OCTOBER))
        for rating, helped in [(5, "yes"), (4, "yes"), (4, "yes"), (5, "yes"), (2, "no")]:
            run(insert(conversations.feedback_responses).values(
                id=new_id(), supporter_id=new_id(), week_of=date(2026, 10, 5), rating=rating, helped=helped))
        uow.commit()


def test_a_quarter_of_support_in_aggregates_with_small_counts_suppressed(client, auth, quarter_of_support):
    response = client.get("/api/v1/reports/board/sessions?quarter=2026Q4", headers=auth(new_id(), "governance"))
    assert response.status_code == 200, response.json
    shown = {(m["measure"], m["group"]): m["value"] for m in response.json["measures"]}
    assert shown["requests", None] == 7 and shown["conversations_held", None] == 5
    assert (shown["waiting_median", None], shown["waiting_p90", None]) == (6.0, 10.0)
    assert shown["referrals", "all"] == 7 and shown["referrals", "occupational_health"] == 6
    assert shown["referrals", "chaplaincy"] == "<5"
    assert shown["feedback_responses", None] == 5 and shown["feedback_rating", None] == 4.0
    assert shown["feedback_helped", "yes"] == "<5" and shown["feedback_helped", "no"] == "<5"
    assert shown["group_sessions", None] == "<5" and shown["reviews_held", None] == "<5"
    earlier = client.get("/api/v1/reports/board/sessions?quarter=2026Q3", headers=auth(new_id(), "coordinator"))
    before = {(m["measure"], m["group"]): m["value"] for m in earlier.json["measures"]}
    assert before["requests", None] == "<5" and before["waiting_median", None] is None


# The board report's rows of the access matrix (README).
@pytest.mark.parametrize(("roles", "status"), [(("governance",), 200), (("coordinator",), 200), (("admin",), 200),
                                               (("staff",), 403), (("peer_supporter", "line_manager"), 403)])
def test_who_reads_it(client, auth, roles, status):
    response = client.get("/api/v1/reports/board/sessions?quarter=2026Q4", headers=auth(new_id(), *roles))
    assert response.status_code == status


@pytest.mark.parametrize("quarter", ["2026Q0", "2100Q4"])  # not a quarter; one not begun (the last allowed)
def test_a_bad_quarter_is_refused_naming_it(client, auth, quarter):
    response = client.get(f"/api/v1/reports/board/sessions?quarter={quarter}", headers=auth(new_id(), "admin"))
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "quarter"


def test_a_past_quarters_review_coverage_counts_the_staff_on_the_books_at_its_end_not_today(make_uow, identity):
    """Six on the books through 2026Q4, one of whom leaves in January, and five joining in January: the
    counts before suppression (today's staff would be 10 for both quarters)."""
    staff = [identity.register(start_date=date(2024, 5, 1)) for _ in range(6)]
    identity.left(staff[0], left_on=date(2027, 1, 15))
    for _ in range(5):
        identity.register(start_date=date(2027, 1, 4))
    year_to = datetime(2027, 1, 1, tzinfo=UTC)
    with make_uow() as uow:
        q4 = uow.board.review_coverage(year_to - timedelta(days=365), year_to, date(2027, 1, 1))
        q1 = uow.board.review_coverage(year_to, year_to + timedelta(days=90), date(2027, 4, 1))
    assert (q4, q1) == ((6, 0), (10, 0))
