"""The report's PDF: a cover with how to read it, each service's figures with the trend, then charts.

Tables and text are set with fpdf2 (real text, so the PDF can be searched and read back); charts are
drawn by matplotlib and placed as images. A suppressed count is a gap in a chart, never a zero.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: the report is made on servers and in tests

import matplotlib.pyplot as plt
from fpdf import FPDF

from psn_reports.figures import Figure, change_text, numeric, shown

NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}
SECTIONS = (
    ("training", "Training"),
    ("identity", "Wellbeing champions and peer supporters"),
    ("sessions", "Peer support, group sessions, referrals, feedback and wellbeing reviews"),
)
HOW_TO_READ = (
    "Aggregates only: no figure names or describes a person. Every count under 5 is shown as <5; "
    "'withheld' marks a count of 5 or more hidden so that a suppressed count cannot be worked out from a "
    "total beside it; 'too few' marks a time, average or share over fewer than 5 people. In the charts, "
    "such figures are gaps. Change is this quarter against the one before, where both are shown."
)


@dataclass(frozen=True)
class Chart:
    title: str
    lines: tuple[tuple[str, str, str | None, str], ...]  # (source, measure, group, legend)
    unit: str = ""
    bars: bool = False


CHARTS = (
    Chart("Staff trained per level", tuple(("training", "staff_trained", f"Level {n}", f"Level {n}")
                                           for n in (1, 2, 3)), "people", bars=True),
    Chart("Coverage", (("training", "level_1_coverage_share", None, "Level 1"),
                       ("sessions", "review_coverage_share", None, "Wellbeing review in 12 months")), "share"),
    Chart("Champions and peer supporters", (("identity", "champions", "all", "Wellbeing champions"),
                                            ("identity", "peer_supporters", "all", "Peer supporters")), "people"),
    Chart("Requests and conversations", (("sessions", "requests", None, "Requests"),
                                         ("sessions", "conversations_held", None, "Conversations held"),
                                         ("sessions", "group_attendance", None, "Group session places attended")),
          "count"),
    Chart("Waiting time to a supporter", (("sessions", "waiting_median", None, "Median"),
                                          ("sessions", "waiting_p90", None, "90th percentile")), "hours"),
)


def latin(text: str) -> str:
    """The PDF's core fonts are Latin-1: anything else is replaced, never an error."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _label(figure: Figure) -> str:
    return f"{figure.label}: {figure.group}" if figure.group and figure.group != "all" else figure.label


def _chart_png(chart: Chart, by_key: dict[tuple, Figure], quarters: list[str]) -> bytes | None:
    series = [(legend, by_key.get((source, measure, group))) for source, measure, group, legend in chart.lines]
    series = [(legend, f) for legend, f in series if f is not None]
    if not series:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=110)
    width = 0.8 / len(series)
    for n, (legend, figure) in enumerate(series):
        values = [numeric(figure.value(q)) for q in quarters]
        ys = [math.nan if v is None else v for v in values]
        if chart.bars:
            ax.bar([i + n * width - 0.4 + width / 2 for i in range(len(quarters))], ys, width, label=legend)
        else:
            ax.plot(range(len(quarters)), ys, marker="o", label=legend)
    ax.set_xticks(range(len(quarters)), quarters)
    ax.set_ylabel(chart.unit)
    ax.set_title(f"{chart.title} (gaps: suppressed or too few)", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def write_pdf(path: Path, figures: list[Figure], quarters: list[str]) -> None:
    path.write_bytes(pdf_bytes(figures, quarters))


def pdf_bytes(figures: list[Figure], quarters: list[str]) -> bytes:
    """The report as a PDF document; the last of `quarters` is the one reported."""
    quarter = quarters[-1]
    previous = quarters[-2] if len(quarters) > 1 else None
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"Peer Support Network: quarterly evaluation {quarter}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 10, f"Peer Support Network: quarterly evaluation report {quarter}", **NEXT_LINE)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, latin(f"For the staff-wellbeing governance group. Quarters shown: {', '.join(quarters)}. "
                               f"Made {datetime.now(UTC):%Y-%m-%d %H:%M} UTC."), **NEXT_LINE)
    pdf.ln(2)
    pdf.multi_cell(0, 6, latin(HOW_TO_READ), **NEXT_LINE)
    for source, title in SECTIONS:
        _section(pdf, title, [f for f in figures if f.source == source], quarters, previous)
    by_key = {(f.source, f.measure, f.group): f for f in figures}
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Charts: the trend over the quarters", **NEXT_LINE)
    for chart in CHARTS:
        png = _chart_png(chart, by_key, quarters)
        if png is not None:
            pdf.image(io.BytesIO(png), w=180)
    referrals = _referrals_png([f for f in figures if f.measure == "referrals" and f.group != "all"], quarter)
    if referrals is not None:
        pdf.image(io.BytesIO(referrals), w=180)
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str, figures: list[Figure], quarters: list[str], previous: str | None) -> None:
    if not figures:
        return
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 8, latin(title), **NEXT_LINE)
    label_w, value_w = 190 - 24 * (len(quarters) + 1), 24
    pdf.set_font("Helvetica", "B", 8)
    pdf.cell(label_w, 6, "Figure", border=1)
    for q in quarters:
        pdf.cell(value_w, 6, q, border=1, align="R")
    pdf.cell(value_w, 6, "Change", border=1, align="R", **NEXT_LINE)
    pdf.set_font("Helvetica", "", 8)
    for figure in figures:
        pdf.cell(label_w, 6, latin(_label(figure))[:95], border=1)
        for q in quarters:
            pdf.cell(value_w, 6, latin(shown(figure.value(q), figure.unit)), border=1, align="R")
        change = change_text(figure.change(quarters[-1], previous), figure.unit)
        pdf.cell(value_w, 6, latin(change), border=1, align="R", **NEXT_LINE)


def _referrals_png(figures: list[Figure], quarter: str) -> bytes | None:
    if not figures:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 3.0), dpi=110)
    values = [numeric(f.value(quarter)) for f in figures]
    ax.bar([str(f.group) for f in figures], [math.nan if v is None else v for v in values])
    ax.set_title(f"Referrals by type, {quarter} (gaps: suppressed)", fontsize=10)
    ax.tick_params(axis="x", labelsize=7, rotation=20)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()
