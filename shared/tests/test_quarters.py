"""Quarters on the board's clock, and the measures each service's part of the board report is built from."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from psn_shared.board_report import breakdown, coverage, durations
from psn_shared.errors import InvalidInput
from psn_shared.quarters import Quarter


def test_a_quarter_is_read_written_and_walked():
    q4 = Quarter.parse(" 2026q4 ")
    assert str(q4) == "2026Q4" and q4.next() == Quarter(2027, 1) and q4.previous() == Quarter(2026, 3)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert [str(q) for q in q4.with_previous(4)] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert Quarter.containing(date(2026, 12, 31)) == q4
    for bad in ("2026Q5", "2026-10", "Q4", "1999Q1", ""):
        with pytest.raises(InvalidInput) as refused:
            Quarter.parse(bad)
        assert refused.value.field == "quarter"


def test_a_quarter_begins_at_midnight_on_the_boards_clock():
    assert Quarter(2026, 4).starts_at == datetime(2026, 9, 30, 23, tzinfo=UTC)  # BST
    assert Quarter(2026, 4).ends_at == datetime(2027, 1, 1, tzinfo=UTC)  # GMT


def test_a_breakdown_hides_a_part_the_total_would_give_away():
    shown = {m.group: m.value for m in breakdown("referrals", "Referrals", {"oh": 10, "gp": 6, "chaplaincy": 2})}
    assert shown == {"all": 18, "oh": 10, "gp": "withheld", "chaplaincy": "<5"}


def test_times_and_shares_only_over_five():
    assert [m.value for m in durations("waiting", "Waiting", [1, 2, 3, 4])] == [None, None]
    assert [m.value for m in durations("waiting", "Waiting", [1, 2, 3, 4, 5])] == [3, 4.6]
    assert [m.value for m in coverage("l1", "Level 1", 40, 20)] == [40, 20, 0.5]
    assert [m.value for m in coverage("l1", "Level 1", 40, 38)] == [40, "withheld", None]
