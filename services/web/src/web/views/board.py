"""The board's quarterly report with its charts, and its download as PDF or CSV: for the governance group (the
board's staff-wellbeing governance), the coordinators and the administrator, who alone may read it (identity,
training and sessions check each call again). Aggregates only, small counts suppressed by each service."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, only_for

blp = Blueprint("board", __name__)
# psn_shared.roles.BOARD_REPORT_READERS
only_for(blp, {"governance", "coordinator", "admin"},
         lazy_gettext("The board report is for the governance group and the network's coordinators."))
BOARD_SOURCES = ("identity", "training", "sessions")
DOWNLOADS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


def _quarter_now() -> str:
    today = datetime.now(ZoneInfo("Europe/London"))
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


@blp.get("/coordinate/report")
def report() -> Any:
    quarter = request.args.get("quarter", "").strip().upper() or _quarter_now()
    errors, parts = FormErrors(), []
    for source in BOARD_SOURCES:
        try:
            parts.append(api().get(source, f"/api/v1/reports/board/{source}", quarter=quarter))
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"quarter": "quarter"})
            break
    sections = [] if errors else [_section(part) for part in parts]
    return render_template("report.html", quarter=quarter, sections=sections, errors=errors,
                           downloads=DOWNLOADS if _reports_served() else {}), 422 if errors else 200


def _reports_served() -> bool:
    return "reports" in current_app.config["PSN_SETTINGS"].service_urls


@blp.get("/coordinate/report/<quarter>.<kind>")
def download(quarter: str, kind: str) -> Any:
    """The board report assembled by the reports app (tables and charts, or every figure), as the coordinator."""
    if kind not in DOWNLOADS or not _reports_served():
        abort(404)
    answer = api().call("GET", "reports", "/api/v1/reports/board", raw=True,
                        params={"quarter": quarter.upper(), "format": kind})
    return Response(answer.content, mimetype=DOWNLOADS[kind].split(";")[0], headers={
        "Content-Disposition": f'attachment; filename="board-report-{quarter.upper()}.{kind}"'})


def _section(part: dict[str, Any]) -> dict[str, Any]:
    """A service's measures: single figures in a list, and each measure broken down by group as a chart."""
    figures: list[dict[str, Any]] = []
    charts: dict[str, dict[str, Any]] = {}
    for m in part["measures"]:
        if m.get("group") in (None, "all"):
            figures.append(m)
        if m.get("group") and m["group"] != "all":
            chart = charts.setdefault(m["measure"], {"label": m["label"], "unit": m["unit"], "bars": []})
            chart["bars"].append({"group": m["group"], "value": m["value"]})
    for chart in charts.values():
        numbers = [b["value"] for b in chart["bars"] if _numeric(b["value"])]
        top = max(numbers, default=0) or 1
        for bar in chart["bars"]:
            bar["share_of_top"] = bar["value"] / top if _numeric(bar["value"]) else 0
    return {"source": part["source"], "figures": figures, "charts": list(charts.values())}


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
