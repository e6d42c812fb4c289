"""The report's figures arranged for reading: this quarter's value of each, its trend, and its change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from psn_reports.fetch import Row

Key = tuple[str, str, str | None]  # source, measure, group


def numeric(value: object) -> float | None:
    """A value that can be charted and compared; suppressed counts and gaps are not."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def shown(value: object, unit: str) -> str:
    if value is None:
        return "too few"
    if unit == "share" and isinstance(value, float):
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Figure:
    source: str
    measure: str
    label: str
    group: str | None
    unit: str
    by_quarter: dict[str, object]  # quarter -> value, oldest first

    def value(self, quarter: str) -> object:
        return self.by_quarter.get(quarter)

    def change(self, quarter: str, previous: str | None) -> float | None:
        """This quarter's value less the previous quarter's, when both are shown numbers."""
        if previous is None:
            return None
        now, before = numeric(self.value(quarter)), numeric(self.value(previous))
        return None if now is None or before is None else round(now - before, 3)


def figures(rows: Iterable[Row]) -> list[Figure]:
    """One figure per (source, measure, group), in the order the services gave them."""
    found: dict[Key, Figure] = {}
    for row in rows:
        key = (row.source, row.measure, row.group)
        if key not in found:
            found[key] = Figure(row.source, row.measure, row.label, row.group, row.unit, {})
        found[key].by_quarter[row.quarter] = row.value
    return list(found.values())


def change_text(change: float | None, unit: str) -> str:
    if change is None:
        return "n/a"
    if unit == "share":
        return f"{change * 100:+.1f} points"
    return f"{change:+g}"
