"""The report's CSV: one row per figure per quarter, with the change from the quarter before."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from psn_reports.figures import Figure

COLUMNS = ("quarter", "source", "measure", "group", "label", "unit", "value", "change_from_previous_quarter")


def write_csv(path: Path, figures: list[Figure], quarters: list[str]) -> None:
    path.write_text(csv_text(figures, quarters), encoding="utf-8", newline="")


def csv_text(figures: list[Figure], quarters: list[str]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for figure in figures:
        for n, quarter in enumerate(quarters):
            value = figure.value(quarter)
            change = figure.change(quarter, quarters[n - 1] if n else None)
            writer.writerow([quarter, figure.source, figure.measure, figure.group or "", figure.label,
                             figure.unit, "" if value is None else value, "" if change is None else change])
    return out.getvalue()
