"""The board report command: each service's parts of four quarters become one PDF (read back as text)
and one CSV, with the trend; suppressed counts stay suppressed and are never charted as numbers."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from psn_reports.__main__ import main, make_report
from psn_reports.fetch import ReportError
from psn_shared.quarters import Quarter

QUARTERS = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]


def measures(source: str, n: int) -> list[dict[str, Any]]:
    """Quarter n (0..3) of each service, growing quarter by quarter; a few counts suppressed."""
    def m(measure: str, label: str, value: object, group: str | None = None, unit: str = "count") -> dict:
        return {"measure": measure, "label": label, "group": group, "unit": unit, "value": value}

    if source == "identity":
        return [m("champions", "Wellbeing champions by service", 10 + n, "all"),
                m("champions", "Wellbeing champions by service", "<5", "NHS GGC / Acute"),
                m("champions", "Wellbeing champions by service", "withheld", "NHS GGC / Mental Health"),
                m("peer_supporters", "Peer supporters by service", 20 + 2 * n, "all")]
    if source == "training":
        return [m("staff_trained", "Staff trained, by level", 40 + n, "Level 1"),
                m("staff_trained", "Staff trained, by level", "<5", "Level 2"),
                m("level_1_coverage_share", "Level 1 coverage: share", 0.5 + n / 10, unit="share")]
    return [m("requests", "Requests for peer support", 30 + 5 * n),
            m("waiting_median", "Waiting time: median", 20.0 - n, unit="hours"),
            m("waiting_p90", "Waiting time: 90th percentile", None, unit="hours"),
            m("referrals", "Referrals by type", 12, "occupational_health"),
            m("referrals", "Referrals by type", "<5", "chaplaincy")]


class Answer:
    def __init__(self, status_code: int, body: dict) -> None:
        self.status_code, self.body, self.text = status_code, body, str(body)

    def json(self) -> dict:
        return self.body


def services(asked: list[tuple[str, str]], refuse: str | None = None):
    def get(url: str, params: dict, headers: dict, timeout: int) -> Answer:
        source = url.rsplit("/", 1)[-1]
        asked.append((url, params["quarter"]))
        assert headers["Authorization"] == "Bearer t0ken" and timeout
        if source == refuse:
            return Answer(403, {"title": "Forbidden"})
        n = QUARTERS.index(params["quarter"])
        return Answer(200, {"source": source, "quarter": params["quarter"], "measures": measures(source, n)})

    return get


def test_four_quarters_of_every_service_make_a_pdf_and_a_csv_with_the_trend(tmp_path: Path):
    asked: list[tuple[str, str]] = []
    urls = {"identity": "http://id", "training": "http://tr", "sessions": "http://se"}
    pdf, table = make_report(Quarter.parse("2026Q4"), 4, tmp_path, urls, "t0ken", get=services(asked))
    assert len(asked) == 12 and ("http://tr/api/v1/reports/board/training", "2026Q1") in asked

    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "quarterly evaluation report 2026Q4" in text
    assert "2026Q1, 2026Q2, 2026Q3, 2026Q4" in text
    for expected in ("Wellbeing champions by service", "Staff trained, by level: Level 1", "Requests for peer support",
                     "Referrals by type: chaplaincy", "<5", "withheld", "too few", "80%", "+5", "+10.0 points"):
        assert expected in text, expected
    assert "Charts" in text and len(PdfReader(pdf).pages) >= 2

    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    requests = [r for r in rows if r["measure"] == "requests"]
    assert [(r["quarter"], r["value"], r["change_from_previous_quarter"]) for r in requests] == [
        ("2026Q1", "30", ""), ("2026Q2", "35", "5.0"), ("2026Q3", "40", "5.0"), ("2026Q4", "45", "5.0")]
    acute = [r["value"] for r in rows if r["group"] == "NHS GGC / Acute"]
    assert acute == ["<5"] * 4  # suppressed in every quarter, never a number
    p90 = [r for r in rows if r["measure"] == "waiting_p90"]
    assert {r["value"] for r in p90} == {""} and {r["change_from_previous_quarter"] for r in p90} == {""}


def test_a_part_refused_stops_the_report_and_says_which(tmp_path: Path):
    urls = {"identity": "http://id", "training": "http://tr", "sessions": "http://se"}
    with pytest.raises(ReportError, match="sessions answered 403"):
        make_report(Quarter.parse("2026Q4"), 2, tmp_path, urls, "t0ken", get=services([], refuse="sessions"))
    assert list(tmp_path.iterdir()) == []


def test_the_command_refuses_a_bad_quarter_and_asks_for_a_token(capsys, monkeypatch):
    with pytest.raises(SystemExit) as bad:
        main(["--quarter", "2026Q5"])
    assert bad.value.code == 2 and "--quarter" in capsys.readouterr().err
    monkeypatch.delenv("PSN_TOKEN", raising=False)
    monkeypatch.delenv("PSN_PASSWORD", raising=False)
    assert main(["--quarter", "2026Q4"]) == 2
    assert "--token" in capsys.readouterr().err
