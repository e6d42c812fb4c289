"""Small-count suppression for every report the network publishes: aggregates must not point at people.

Primary: a count under 5 is shown as "<5" (a count of 0 too: "nobody in this team asked" is itself
a disclosure in a team of three). Secondary: where counts add up to a total that is also shown, one
hidden count could be worked out by subtraction, so a second one (the smallest still shown) is
withheld as well; and so on until no sum has exactly one hidden member. A count withheld only for
that reason is shown as "withheld", never as "<5", which would be untrue of it.

Rates and averages over a hidden count are hidden with it (`share`), since count = rate x total.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

SMALL_COUNT = 5
SUPPRESSED = "<5"
WITHHELD = "withheld"

Shown = int | str
K = TypeVar("K", bound=Hashable)


def suppress(count: int) -> Shown:
    """One count on its own (no total beside it): under 5 becomes "<5"."""
    return SUPPRESSED if count < SMALL_COUNT else count


def is_hidden(shown: Shown | None) -> bool:
    return isinstance(shown, str)


def suppress_cells(cells: Mapping[K, int], sums: Iterable[Sequence[K]] = ()) -> dict[K, Shown]:
    """Suppress a table of counts. `sums` lists each relation the reader could use: `(total, *parts)`,
    meaning cells[total] == sum(cells[p] for p in parts), the total being shown too (a total that is
    not shown needs no entry). Cells that no relation names are suppressed on their own."""
    relations = [tuple(members) for members in sums]
    primary = {key for key, count in cells.items() if count < SMALL_COUNT}
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for members in relations:
            shown = [m for m in members if m not in hidden]
            if len(shown) == len(members) - 1 and shown:
                # The smallest count still shown costs the reader least; ties go to the first named.
                hidden.add(min(shown, key=lambda m: cells[m]))
                changed = True
    return {
        key: SUPPRESSED if key in primary else WITHHELD if key in hidden else count
        for key, count in cells.items()
    }


def share(done: Shown, total: Shown) -> float | None:
    """done / total to three places, or None when either is hidden or nothing is counted."""
    if is_hidden(done) or is_hidden(total) or not total:
        return None
    return round(int(done) / int(total), 3)


def suppress_coverage(report: Mapping[str, Any], part: str, total: str = "staff") -> dict[str, Any]:
    """A coverage report as counted: `teams` and `services` (lists of rows, a team naming its `service`)
    and `overall` (one row), each row with a `total` count and a `part` of it (staff, and those with
    Level 1; staff, and those reviewed). Shown with every small count suppressed, a second withheld
    wherever a total would give one away, and `share` = part / total only where both are shown.

    The sums closed: each row's total = part + the rest (the rest is never shown, but can be worked
    out); teams add up to their service and services to the whole, for each of the three. A rest of
    nobody is left out rather than suppressed: "everyone counted" points at nobody."""
    rows = {"team": list(report["teams"]), "service": list(report["services"]), "overall": [report["overall"]]}
    rest = f"not_{part}"
    cells: dict[tuple[str, int, str], int] = {}
    for level, items in rows.items():
        for n, row in enumerate(items):
            cells[level, n, total], cells[level, n, part] = row[total], row[part]
            if row[total] > row[part]:
                cells[level, n, rest] = row[total] - row[part]
    sums: list[list[tuple[str, int, str]]] = [
        [(level, n, total), (level, n, part), (level, n, rest)]
        for level, items in rows.items() for n in range(len(items))
    ]
    service_index = {row["service"]: n for n, row in enumerate(rows["service"])}
    teams_of: dict[int, list[int]] = {}
    for n, row in enumerate(rows["team"]):
        teams_of.setdefault(service_index[row["service"]], []).append(n)
    for measure in (total, part, rest):
        for service, teams in teams_of.items():
            sums.append([("service", service, measure), *(("team", t, measure) for t in teams)])
        sums.append([("overall", 0, measure), *(("service", s, measure) for s in range(len(rows["service"])))])
    shown = suppress_cells(cells, [[m for m in members if m in cells] for members in sums])

    def dump(level: str, n: int, row: Mapping[str, Any]) -> dict[str, Any]:
        whole, done = shown[level, n, total], shown[level, n, part]
        return {**row, total: whole, part: done, "share": share(done, whole)}

    return {
        **report,
        "teams": [dump("team", n, row) for n, row in enumerate(rows["team"])],
        "services": [dump("service", n, row) for n, row in enumerate(rows["service"])],
        "overall": dump("overall", 0, report["overall"]),
    }
