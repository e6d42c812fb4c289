"""Small counts suppressed, and no suppressed count left to be worked out from a total."""

from __future__ import annotations

from psn_shared.suppression import (
    SUPPRESSED,
    WITHHELD,
    share,
    suppress,
    suppress_cells,
    suppress_coverage,
)


def test_a_count_under_5_is_shown_as_under_5_and_5_as_itself():
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [SUPPRESSED] * 3 + [5, 12]


def test_one_hidden_part_of_a_shown_total_takes_the_smallest_other_with_it():
    cells = {"total": 30, "a": 3, "b": 12, "c": 15}
    assert suppress_cells(cells, [("total", "a", "b", "c")]) == {"total": 30, "a": SUPPRESSED, "b": WITHHELD, "c": 15}


def test_two_hidden_parts_need_nothing_more_and_no_relation_means_primary_only():
    cells = {"total": 30, "a": 3, "b": 2, "c": 25}
    assert suppress_cells(cells, [("total", "a", "b", "c")]) == {"total": 30, "a": "<5", "b": "<5", "c": 25}
    assert suppress_cells({"a": 3, "b": 12}) == {"a": "<5", "b": 12}


def test_a_hidden_total_of_shown_parts_hides_a_part():
    cells = {"total": 4, "a": 0, "b": 4}
    assert suppress_cells(cells, [("total", "a", "b")]) == {"total": "<5", "a": "<5", "b": "<5"}
    assert suppress_cells({"total": 12, "a": 6, "b": 6}, [("total", "a", "b")]) == {"total": 12, "a": 6, "b": 6}


def test_suppression_spreads_across_rows_and_columns_until_nothing_can_be_undone():
    # Two teams of two measures with row and column totals: one small cell hides a whole rectangle.
    cells = {("t1", "x"): 3, ("t1", "y"): 10, ("t1", "all"): 13, ("t2", "x"): 20, ("t2", "y"): 30,
             ("t2", "all"): 50, ("sum", "x"): 23, ("sum", "y"): 40, ("sum", "all"): 63}
    sums = [tuple((r, c) for r in ("sum", "t1", "t2")) for c in ("x", "y", "all")]
    sums += [tuple((t, c) for c in ("all", "x", "y")) for t in ("t1", "t2", "sum")]
    shown = suppress_cells(cells, sums)
    hidden = {k for k, v in shown.items() if isinstance(v, str)}
    assert shown["t1", "x"] == SUPPRESSED and len(hidden) >= 4
    for relation in sums:  # no relation has exactly one unknown
        assert sum(m in hidden for m in relation) != 1, relation


def test_a_share_over_a_hidden_count_is_hidden_too():
    assert share(SUPPRESSED, 20) is None and share(10, WITHHELD) is None and share(0, 0) is None
    assert share(10, 20) == 0.5


def test_no_single_suppressed_cell_of_random_tables_can_be_recovered():
    for seed in range(30):
        values = [(seed * 7 + n * 13) % 17 for n in range(4)]
        cells = {f"p{n}": v for n, v in enumerate(values)} | {"total": sum(values)}
        relation = ("total", *(f"p{n}" for n in range(4)))
        shown = suppress_cells(cells, [relation])
        hidden = [m for m in relation if isinstance(shown[m], str)]
        assert len(hidden) != 1
        assert all(shown[m] == cells[m] for m in relation if m not in hidden)


def test_a_coverage_report_hides_a_small_team_and_whatever_would_give_it_away():
    def row(staff: int, done: int, **names: object) -> dict:
        return {**names, "staff": staff, "reviewed": done, "share": None}

    counted = {
        "since": "2026-01-01",
        "teams": [row(3, 1, team="a", service="Acute"), row(40, 20, team="b", service="Acute"),
                  row(30, 30, team="c", service="MH"), row(12, 10, team="d", service="MH")],
        "services": [row(43, 21, service="Acute"), row(42, 40, service="MH")],
        "overall": row(85, 61),
    }
    shown = suppress_coverage(counted, "reviewed")
    a, b, c, d = shown["teams"]
    assert (a["staff"], a["reviewed"], a["share"]) == (SUPPRESSED, SUPPRESSED, None)
    assert WITHHELD in (b["staff"], b["reviewed"])  # else Acute's totals give team a away
    assert (c["staff"], c["reviewed"], c["share"]) == (30, 30, 1.0)
    assert d["reviewed"] != 10 or d["staff"] != 12  # 2 not reviewed in team d is a small count
    assert shown["since"] == "2026-01-01" and shown["overall"]["staff"] == 85
