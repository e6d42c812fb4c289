"""Quarters on the board's clock, and the measures each service's part of the board report is built from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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


def test_a_report_is_for_a_quarter_begun_on_the_boards_clock_under_way_or_past():
    just_before = datetime(2026, 9, 30, 22, 59, tzinfo=UTC)  # 23:59 BST on 30 September
    assert not Quarter(2026, 4).has_begun(just_before)
    assert Quarter(2026, 4).has_begun(just_before + timedelta(minutes=1))
    with pytest.raises(InvalidInput) as refused:
        Quarter.parse_begun("2026Q4", just_before)
    assert refused.value.field == "quarter"
    assert str(refused.value) == ("2026Q4 has not begun yet (it starts on 1 October 2026): "
                                  "a report is for a quarter under way or past")
    assert Quarter.parse_begun("2026q3", just_before) == Quarter(2026, 3)  # under way: its figures so far
    assert Quarter.parse_begun("2025Q1", just_before) == Quarter(2025, 1)
    with pytest.raises(InvalidInput, match="is written as"):
        Quarter.parse_begun("2026Q5", just_before)


def test_a_breakdown_hides_a_part_the_total_would_give_away():
    shown = {m.group: m.value for m in breakdown("referrals", "Referrals", {"oh": 10, "gp": 6, "chaplaincy": 2})}
    assert shown == {"all": 18, "oh": 10, "gp": "withheld", "chaplaincy": "<5"}


def test_times_and_shares_only_over_five():
    assert [m.value for m in durations("waiting", "Waiting", [1, 2, 3, 4])] == [None, None]
    assert [m.value for m in durations("waiting", "Waiting", [1, 2, 3, 4, 5])] == [3, 4.6]
    assert [m.value for m in coverage("l1", "Level 1", 40, 20)] == [40, 20, 0.5]
    assert [m.value for m in coverage("l1", "Level 1", 40, 38)] == [40, "withheld", None]
