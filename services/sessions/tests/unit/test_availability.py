"""Weekly windows in Europe/London wall-clock time, across the clock changes, and leave."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from psn_shared.errors import Conflict, InvalidInput
from sessions.domain.availability import Leave, checked_windows, refuse_unless_available
from sessions.domain.conversations import Slot

TUE, THU = 1, 3
SUE = "sue"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hour(starts: datetime) -> Slot:
    return Slot(starts, starts + timedelta(hours=1))


WINDOWS = checked_windows(SUE, [(THU, time(14), time(16)), (TUE, time(9), time(12))])


def test_windows_are_kept_in_weekday_order_and_named():
    assert [w.label for w in WINDOWS] == ["Tue 09:00-12:00", "Thu 14:00-16:00"]


@pytest.mark.parametrize("windows, words", [
    ([(TUE, time(9), time(12)), (TUE, time(11), time(13))], "Tue 09:00-12:00 overlaps Tue 11:00-13:00"),
    ([(TUE, time(12), time(9))], "ends after it starts"),
    ([(TUE, time(9), time(9))], "ends after it starts"),
    ([(7, time(9), time(10))], "weekday"),
])
def test_overlapping_or_backward_windows_are_refused(windows, words):
    with pytest.raises(InvalidInput, match=words) as refused:
        checked_windows(SUE, windows)
    assert refused.value.field == "windows"


def test_a_window_is_wall_clock_time_so_its_utc_hours_move_with_the_clocks_in_march():
    # Tuesday 23 March 2027 is GMT (UTC+0); Tuesday 30 March 2027, after the change on the 28th, is BST (UTC+1).
    refuse_unless_available(hour(utc(2027, 3, 23, 9)), WINDOWS, [])
    refuse_unless_available(hour(utc(2027, 3, 30, 8)), WINDOWS, [])  # 09:00-10:00 BST
    with pytest.raises(InvalidInput, match=r"outside the supporter's availability.*Tue 09:00-12:00, Thu 14:00-16:00"):
        refuse_unless_available(hour(utc(2027, 3, 23, 8)), WINDOWS, [])  # 08:00 GMT
    with pytest.raises(InvalidInput, match=r"Tuesday 30 March 2027 at 12:00 \(UK time\) is outside") as refused:
        refuse_unless_available(hour(utc(2027, 3, 30, 11)), WINDOWS, [])  # 12:00-13:00 BST
    assert refused.value.field == "slots"


def test_and_back_again_in_october():
    # The clocks go back on Sunday 31 October 2027.
    refuse_unless_available(hour(utc(2027, 10, 26, 8)), WINDOWS, [])  # 09:00 BST
    refuse_unless_available(hour(utc(2027, 11, 2, 9)), WINDOWS, [])  # 09:00 GMT
    with pytest.raises(InvalidInput):
        refuse_unless_available(hour(utc(2027, 11, 2, 8)), WINDOWS, [])  # 08:00 GMT


def test_without_windows_any_time_will_do_but_leave_still_counts():
    leave = Leave.checked(SUE, date(2027, 4, 5), date(2027, 4, 9), date(2027, 3, 20), [])
    refuse_unless_available(hour(utc(2027, 4, 12, 3)), [], [leave])
    with pytest.raises(InvalidInput, match="on leave from Mon 05 Apr 2027 to Fri 09 Apr 2027") as refused:
        refuse_unless_available(hour(utc(2027, 4, 9, 22, 30)), [], [leave])  # 23:30 BST on the 9th
    assert refused.value.field == "slots"


def test_leave_is_in_order_not_past_and_not_overlapping():
    today = date(2027, 3, 20)
    held = [Leave.checked(SUE, date(2027, 4, 5), date(2027, 4, 9), today, [])]
    for first, last, field, error in [
        (date(2027, 4, 9), date(2027, 4, 5), "last_day", InvalidInput),
        (date(2027, 3, 1), date(2027, 3, 19), "last_day", InvalidInput),
        (date(2027, 4, 1), date(2028, 4, 1), "last_day", InvalidInput),
        (date(2027, 4, 9), date(2027, 4, 12), "first_day", Conflict),
    ]:
        with pytest.raises(error) as refused:
            Leave.checked(SUE, first, last, today, held)
        assert refused.value.field == field
    Leave.checked(SUE, date(2027, 4, 10), date(2027, 4, 12), today, held)
