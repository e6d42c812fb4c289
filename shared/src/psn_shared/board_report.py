"""The board's quarterly evaluation report, as each service serves its part: named measures, every
count suppressed (psn_shared.suppression), in one long shape the report command assembles.

A measure is one figure: `measure` (a stable name), `label` (how the report titles it), `group` (a
level, a service, a referral type; None for a single figure), `value` and `unit` (`count`, `hours`,
`share`, `score`). Counts that add up to a total shown beside them are suppressed together.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from psn_shared.suppression import SMALL_COUNT, Shown, share, suppress, suppress_cells

TOTAL = "all"


@dataclass(frozen=True)
class Measure:
    measure: str
    label: str
    value: Shown | float | None
    unit: str = "count"
    group: str | None = None

    def dump(self) -> dict[str, Any]:
        return asdict(self)


def count(measure: str, label: str, value: int) -> Measure:
    """A count standing alone."""
    return Measure(measure, label, suppress(value))


def breakdown(measure: str, label: str, counts: Mapping[str, int]) -> list[Measure]:
    """A total and its parts (`group` "all" and each part), suppressed together: one hidden part
    never left to be worked out from the total and the others."""
    cells = {TOTAL: sum(counts.values()), **counts}
    shown = suppress_cells(cells, [[TOTAL, *counts]])
    return [Measure(measure, label, shown[key], group=key) for key in cells]


def coverage(measure: str, label: str, total: int, covered: int) -> list[Measure]:
    """Those covered out of a total, as counts and a share; the uncovered rest is never shown but
    could be subtracted, so it is suppressed with them (none at all is left out: it points at nobody)."""
    cells = {"total": total, "covered": covered}
    relation = ["total", "covered"]
    if total > covered:
        cells["rest"] = total - covered
        relation.append("rest")
    shown = suppress_cells(cells, [relation])
    return [
        Measure(f"{measure}_staff", f"{label}: staff counted", shown["total"]),
        Measure(measure, label, shown["covered"]),
        Measure(f"{measure}_share", f"{label}: share", share(shown["covered"], shown["total"]), unit="share"),
    ]


def durations(measure: str, label: str, hours: Sequence[float]) -> list[Measure]:
    """Median and 90th percentile of durations in hours, only over 5 or more (fewer could point at one)."""
    enough = len(hours) >= SMALL_COUNT
    median = round(statistics.median(hours), 1) if enough else None
    p90 = round(statistics.quantiles(hours, n=10, method="inclusive")[-1], 1) if enough else None
    return [
        Measure(f"{measure}_median", f"{label}: median", median, unit="hours"),
        Measure(f"{measure}_p90", f"{label}: 90th percentile", p90, unit="hours"),
    ]


def average(measure: str, label: str, values: Sequence[float], unit: str = "score") -> Measure:
    """A mean only over 5 or more values."""
    mean = round(statistics.fmean(values), 2) if len(values) >= SMALL_COUNT else None
    return Measure(measure, label, mean, unit=unit)
