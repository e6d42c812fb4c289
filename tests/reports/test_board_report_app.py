"""The coordinator's endpoint: the board report assembled from each service's part with the caller's
token, answered as a PDF or a CSV; a service that does not answer in time is named in a 503."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, datetime

import pytest
import requests
from pypdf import PdfReader

from psn_reports.app import create_app
from psn_reports.config import ReportsSettings
from psn_shared.testing import tokens
from tests.reports.test_board_report import QUARTERS, Answer, measures

URLS = {"identity": "http://id", "training": "http://tr", "sessions": "http://se"}
DURING_2026Q4 = datetime(2026, 12, 3, 12, tzinfo=UTC)


def settings(timeout_s: float = 5.0) -> ReportsSettings:
    return ReportsSettings(service_urls=URLS, jwks_url="http://id/.well-known/jwks.json", jwt_issuer=tokens.ISSUER,
                           jwt_audience=tokens.AUDIENCE, part_timeout_s=timeout_s, max_body_bytes=1 << 20)


class Services:
    """identity, training and sessions as the app reaches them: each answers its part, or fails as told."""

    def __init__(self, down: str | None = None, slow: str | None = None) -> None:
        self.down, self.slow = down, slow
        self.tokens: set[str] = set()
        self.released = threading.Event()  # the slow one answers (in full) only once released, or after 30 s

    def __call__(self, url: str, params: dict, headers: dict, timeout: float) -> Answer:
        source = url.rsplit("/", 1)[-1]
        self.tokens.add(headers["Authorization"])
        if source == self.down:
            raise requests.ConnectionError("connection refused")
        if source == self.slow:
            self.released.wait(30)
        n = QUARTERS.index(params["quarter"])
        return Answer(200, {"source": source, "quarter": params["quarter"], "measures": measures(source, n)})


@pytest.fixture
def reader() -> dict[str, str]:
    return tokens.bearer("gail", "governance")


def test_a_governance_reader_gets_the_pdf_made_with_their_own_token(reader):
    services = Services()
    client = create_app(settings(), tokens.verifier(), get=services).test_client()
    answer = client.get("/api/v1/reports/board?quarter=2026Q4", headers=reader)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.content_type == "application/pdf"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="board-report-2026Q4.pdf"'
    assert services.tokens == {reader["Authorization"]}  # the caller's token, passed on, nothing of its own
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.data)).pages)
    assert "quarterly evaluation report 2026Q4" in text and "2026Q1, 2026Q2, 2026Q3, 2026Q4" in text


def test_the_csv_holds_every_figure_of_the_quarters_asked(reader):
    client = create_app(settings(), tokens.verifier(), get=Services()).test_client()
    answer = client.get("/api/v1/reports/board?quarter=2026Q4&quarters=2&format=csv", headers=reader)
    assert answer.status_code == 200 and answer.content_type == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert {r["quarter"] for r in rows} == {"2026Q3", "2026Q4"}
    assert [(r["quarter"], r["value"]) for r in rows if r["measure"] == "requests"] == [("2026Q3", "40"),
                                                                                      ("2026Q4", "45")]


@pytest.mark.parametrize("down", ["training", "sessions"])
def test_a_service_that_cannot_be_reached_is_named_in_a_503(reader, down):
    client = create_app(settings(), tokens.verifier(), get=Services(down=down)).test_client()
    answer = client.get("/api/v1/reports/board?quarter=2026Q4&format=csv", headers=reader)
    assert answer.status_code == 503 and answer.content_type == "application/problem+json"
    assert answer.json["service"] == down and down in answer.json["detail"]


def test_a_service_too_slow_is_named_and_not_waited_on_past_the_timeout(reader):
    services = Services(slow="identity")
    client = create_app(settings(timeout_s=0.5), tokens.verifier(), get=services).test_client()
    try:
        # Had the app waited for identity, identity would have answered in full and this would be a 200.
        answer = client.get("/api/v1/reports/board?quarter=2026Q4", headers=reader)
    finally:
        services.released.set()
    assert answer.status_code == 503 and answer.json["service"] == "identity"
    assert "identity did not answer within 0.5 s" in answer.json["detail"]


def test_only_the_board_report_readers_get_it_and_bad_input_is_named():
    services = Services()
    client = create_app(settings(), tokens.verifier(), get=services, clock=lambda: DURING_2026Q4).test_client()
    assert client.get("/api/v1/reports/board?quarter=2026Q4").status_code == 401
    assert client.get("/api/v1/reports/board?quarter=2026Q4", headers=tokens.bearer("sam")).status_code == 403
    coordinator = tokens.bearer("cora", "coordinator")
    for query, field in (("quarter=2026Q5", "quarter"), ("quarter=2027Q1", "quarter"),
                         ("quarter=2026Q4&format=xlsx", "format"),
                         ("quarter=2026Q4&quarters=13", "quarters"), ("", "quarter")):
        answer = client.get(f"/api/v1/reports/board?{query}", headers=coordinator)
        assert answer.status_code == 422, query
        assert [e["field"] for e in answer.json["errors"]] == [field]
    assert services.tokens == set()  # nobody refused caused a single call
