"""Group sessions, series, wellbeing reviews and plans: the rules in plain Python."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from sessions.domain.model import SupporterProfile
from sessions.domain.reflective import (
    Audience,
    BookingStatus,
    GroupSession,
    Place,
    Standing,
    checked_times,
    in_audience,
    refuse_unless_in_audience,
)
from sessions.domain.series import Series
from sessions.domain.wellbeing import WellbeingPlan

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
VIRTUAL = Place.checked("https://meet.example/r", None)


def session(capacity: int = 2) -> GroupSession:
    starts = NOW + timedelta(days=7)
    return GroupSession.create(facilitator_id="f", theme="Reflecting", starts_at=starts,
                               ends_at=starts + timedelta(hours=1), capacity=capacity, audience=Audience.EVERYONE,
                               place=VIRTUAL, at=NOW)


def monthly(**changes) -> Series:
    fields = {"facilitator_id": "f", "theme": "Managers", "rule": "FREQ=MONTHLY;BYDAY=1TU",
              "timezone": "Europe/London", "first_starts_at": datetime(2027, 1, 5, 14, tzinfo=LONDON),
              "duration": timedelta(minutes=90), "capacity": 12, "audience": Audience.MIDDLE_MANAGERS,
              "place": VIRTUAL, "at": NOW, **changes}
    return Series.create(**fields)


def test_a_full_session_queues_and_a_freed_place_goes_to_the_first_waiting_who_is_free():
    found = session(capacity=1)
    assert found.book("ann", NOW).status == BookingStatus.BOOKED
    bob, cat = found.book("bob", NOW + timedelta(seconds=1)), found.book("cat", NOW + timedelta(seconds=2))
    assert (bob.status, cat.status) == (BookingStatus.WAITING, BookingStatus.WAITING)
    found.cancel_booking("ann", NOW)
    served = found.fill_places(NOW, lambda staff_id: staff_id != "bob")  # bob is busy then
    assert [b.staff_id for b in served.promoted] == ["cat"]
    assert [b.staff_id for b in served.passed_over] == ["bob"]
    assert (bob.status, found.waiting) == (BookingStatus.CANCELLED, [])
    assert (bob.sequence, cat.sequence) == (1, 1)  # each one's calendar entry changes


def test_a_place_nobody_waiting_can_take_is_left_free_with_nobody_waiting_behind_it():
    found = session(capacity=1)
    found.book("ann", NOW)
    found.book("cat", NOW)
    found.cancel_booking("ann", NOW)
    served = found.fill_places(NOW, lambda _: False)  # cat took a one-to-one conversation at that time
    assert ([b.staff_id for b in served.passed_over], served.promoted) == (["cat"], [])
    assert (found.places_left, len(found.waiting)) == (1, 0)
    assert found.book("dan", NOW).status == BookingStatus.BOOKED


def test_only_those_whose_turn_comes_are_promoted_or_passed_over():
    found = session(capacity=1)
    for queued, person in enumerate(("ann", "bob", "cat", "dan")):
        found.book(person, NOW + timedelta(seconds=queued))
    found.cancel_booking("ann", NOW)
    served = found.fill_places(NOW, lambda staff_id: staff_id == "cat")  # bob and dan are busy then
    assert ([b.staff_id for b in served.passed_over], [b.staff_id for b in served.promoted]) == (["bob"], ["cat"])
    assert [b.staff_id for b in found.waiting] == ["dan"]  # dan's turn has not come: still waiting


def test_booking_again_after_cancelling_goes_to_the_back_and_twice_is_refused():
    found = session(capacity=1)
    found.book("ann", NOW)
    with pytest.raises(Conflict):
        found.book("ann", NOW)
    found.book("bob", NOW)
    found.cancel_booking("ann", NOW)
    found.fill_places(NOW, lambda _: True)
    assert found.book("ann", NOW + timedelta(minutes=1)).status == BookingStatus.WAITING


def test_capacity_never_below_those_booked():
    found = session(capacity=3)
    for person in ("ann", "bob"):
        found.book(person, NOW)
    with pytest.raises(InvalidInput) as refused:
        found.change(at=NOW, capacity=1)
    assert refused.value.field == "capacity"
    assert found.capacity == 3


def test_a_cancelled_or_started_session_takes_no_booking():
    found = session()
    with pytest.raises(Conflict):
        found.book("ann", found.starts_at)
    found.cancel("f", NOW)
    with pytest.raises(Conflict):
        found.book("ann", NOW)


def test_attendance_only_of_those_booked_and_only_after_the_start():
    found = session()
    found.book("ann", NOW)
    found.book("bob", NOW)
    with pytest.raises(Conflict):
        found.record_attendance({"ann"}, NOW)
    with pytest.raises(InvalidInput):
        found.record_attendance({"zed"}, found.starts_at)
    came = found.record_attendance({"ann"}, found.starts_at)
    assert [b.staff_id for b in came] == ["ann"]
    assert found.booking_of("bob").attended is False


@pytest.mark.parametrize(("starts", "ends", "field"), [
    (NOW + timedelta(hours=2), NOW + timedelta(hours=1), "ends_at"),
    (NOW - timedelta(hours=1), NOW + timedelta(hours=1), "starts_at"),
    (NOW + timedelta(hours=1), NOW + timedelta(hours=10), "ends_at"),
    (datetime(2027, 1, 5, 14), datetime(2027, 1, 5, 15), "starts_at"),
])
def test_times_that_cannot_be_kept_are_refused_naming_the_field(starts, ends, field):
    with pytest.raises(InvalidInput) as refused:
        checked_times(starts, ends, NOW)
    assert refused.value.field == field


@pytest.mark.parametrize(("link", "room"), [(None, None), ("https://x.example/a", "Room 1"), ("ftp://x", None)])
def test_a_place_is_a_link_or_a_room(link, room):
    with pytest.raises(InvalidInput):
        Place.checked(link, room)


def test_the_audience_rules():
    manager = Standing(active=True, manages_someone=True, peer_supporter=False)
    nurse = Standing(active=True, manages_someone=False, peer_supporter=False)
    refuse_unless_in_audience(Audience.MIDDLE_MANAGERS, manager)
    refuse_unless_in_audience(Audience.EVERYONE, nurse)
    assert in_audience(Audience.MIDDLE_MANAGERS, manager) and in_audience(Audience.EVERYONE, nurse)
    for audience in (Audience.MIDDLE_MANAGERS, Audience.PEER_SUPPORTERS):
        assert not in_audience(audience, nurse)
        with pytest.raises(Forbidden):
            refuse_unless_in_audience(audience, nurse)
    assert not in_audience(Audience.EVERYONE, None)
    assert not in_audience(Audience.EVERYONE, Standing(active=False, manages_someone=True, peer_supporter=True))
    with pytest.raises(Conflict):
        refuse_unless_in_audience(Audience.EVERYONE, None)


def test_a_monthly_series_keeps_london_wall_clock_time_across_the_clock_change():
    series = monthly()
    starts = series.starts_between(NOW, datetime(2027, 6, 1, tzinfo=UTC))
    assert [s.isoformat() for s in starts] == [
        "2027-01-05T14:00:00+00:00", "2027-02-02T14:00:00+00:00", "2027-03-02T14:00:00+00:00",
        "2027-04-06T13:00:00+00:00", "2027-05-04T13:00:00+00:00"]


def test_occurrences_are_made_once_and_a_moved_one_is_not_made_again():
    series = monthly()
    until = datetime(2027, 4, 1, tzinfo=UTC)
    made = series.occurrences(until, set(), NOW)
    assert len(made) == 3
    made[0].change(at=NOW, times=(made[0].starts_at + timedelta(days=1), made[0].ends_at + timedelta(days=1)))
    known = {m.occurs_at for m in made}
    assert series.occurrences(until, known, NOW) == []
    assert len(series.occurrences(until + timedelta(days=10), known, NOW)) == 1


@pytest.mark.parametrize("rule", ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MINUTELY", "FREQ=DAILY;COUNT=0",
                                  "nonsense", "FREQ=DAILY;UNTIL=20270101", "DTSTART:20270105T140000\nFREQ=DAILY",
                                  "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1", "FREQ=DAILY;BYHOUR=9,10",
                                  "FREQ=WEEKLY;BYMINUTE=0,1,2"])
def test_a_rule_that_never_occurs_or_cannot_be_read_is_refused(rule):
    with pytest.raises(InvalidInput) as refused:
        monthly(rule=rule)
    assert refused.value.field == "rule"


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(InvalidInput) as refused:
        monthly(timezone="Mars/Olympus")
    assert refused.value.field == "timezone"


def test_supervision_falls_due_an_interval_after_the_last_and_is_reminded_once_a_spell():
    profile = SupporterProfile.granted("s", monthly_hours=2, at=NOW)
    interval = timedelta(days=56)
    assert not profile.remind_supervision(NOW + timedelta(days=55), interval)
    assert profile.remind_supervision(NOW + timedelta(days=57), interval)
    assert not profile.remind_supervision(NOW + timedelta(days=58), interval)
    profile.supervised(NOW + timedelta(days=60))
    profile.supervised(NOW + timedelta(days=59))  # recorded late: the latest counts
    assert profile.last_supervised_at == NOW + timedelta(days=60)
    assert not profile.supervision_overdue(NOW + timedelta(days=100), interval)
    assert profile.remind_supervision(NOW + timedelta(days=117), interval)


def test_a_plan_is_its_owners_to_share_and_take_back():
    plan = WellbeingPlan.written("me", NOW, keeps_me_well="Walks", early_signs="", what_helps="", adjustments="",
                                 review_on=date(2027, 6, 1), review_id=None)
    assert not plan.readable_by("boss")
    assert plan.share_with("boss") and not plan.share_with("boss")
    assert plan.readable_by("boss")
    plan.revoke("boss")
    assert not plan.readable_by("boss")
    with pytest.raises(Conflict):
        plan.revoke("boss")
    with pytest.raises(InvalidInput):
        plan.share_with("me")
    with pytest.raises(Forbidden):
        plan.refuse_unless_owner("boss")


def test_a_plans_review_date_is_in_the_future_by_the_uk_calendar():
    # 23:30 UTC on 9 June is already 10 June in London (BST): the 10th is today there, not the future.
    late_evening = datetime(2027, 6, 9, 23, 30, tzinfo=UTC)
    content = {"keeps_me_well": "Walks", "early_signs": "", "what_helps": "", "adjustments": "", "review_id": None}
    with pytest.raises(InvalidInput) as refused:
        WellbeingPlan.written("me", late_evening, review_on=date(2027, 6, 10), **content)
    assert refused.value.field == "review_on"
    assert WellbeingPlan.written("me", late_evening, review_on=date(2027, 6, 11), **content).review_on == date(
        2027, 6, 11)
