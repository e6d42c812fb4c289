"""Categories, preferences and quiet windows: the rules, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import notifications
from notifications.domain.categories import Category, category_of
from notifications.domain.preferences import (
    DEFAULT_CHANNELS,
    Preferences,
    PreferredChannel,
    QuietWindow,
    choose,
    quiet_all_day,
)
from psn_shared.errors import InvalidInput

TEMPLATES = Path(notifications.__file__).parent / "templates"


@pytest.mark.parametrize("kind", sorted(p.stem for p in TEMPLATES.glob("*.txt")))
def test_every_kind_of_message_has_a_category(kind):
    assert category_of(kind) in set(Category)


def test_an_unknown_kind_is_a_programming_error_not_a_silent_default():
    with pytest.raises(KeyError):
        category_of("something_new")


def test_the_defaults_are_the_inbox_email_and_push_for_every_category():
    preferences = Preferences.defaults("x", "cy")
    assert all(preferences.channels_for(c) == DEFAULT_CHANNELS for c in Category)
    assert PreferredChannel.SMS not in DEFAULT_CHANNELS and preferences.language == "cy"


def test_a_quiet_window_crossing_midnight_covers_both_sides_and_an_empty_one_is_refused():
    night = QuietWindow(start=datetime(2026, 1, 1, 22).time(), end=datetime(2026, 1, 1, 6).time())
    assert night.covers(datetime(2026, 1, 1, 23).time()) and night.covers(datetime(2026, 1, 1, 5, 59).time())
    assert not night.covers(datetime(2026, 1, 1, 6).time())
    with pytest.raises(ValueError):
        QuietWindow(start=night.start, end=night.start)


def test_quiet_hours_are_in_the_person_s_own_time_zone_summer_and_winter():
    sleeping = Preferences(staff_id="x", language="en", quiet_hours=[["08:00", "16:00"]])
    assert sleeping.quiet_until(datetime(2026, 7, 1, 7, 30, tzinfo=UTC)) == datetime(2026, 7, 1, 15, tzinfo=UTC)
    assert sleeping.quiet_until(datetime(2026, 12, 1, 7, 30, tzinfo=UTC)) is None  # 07:30 GMT: awake
    abroad = Preferences(staff_id="x", language="en", time_zone="America/New_York", quiet_hours=[["08:00", "16:00"]])
    assert abroad.quiet_until(datetime(2026, 12, 1, 14, tzinfo=UTC)) == datetime(2026, 12, 1, 21, tzinfo=UTC)


@pytest.mark.parametrize(("change", "field"), [
    ({"language": "de"}, "language"),
    ({"time_zone": "Nowhere/Land"}, "time_zone"),
    ({"channels": {"support": ["fax"]}}, "channels.support"),
    ({"channels": {"gossip": ["email"]}}, "channels.gossip"),
    ({"quiet_hours": [("09:00", "09:00")]}, "quiet_hours.0"),
    ({"quiet_hours": [("22:00", "10:00"), ("10:00", "22:00")]}, "quiet_hours"),
    ({"digest": ["everything"]}, "digest"),
])
def test_the_rules_refuse_what_the_api_refuses_naming_the_field(change, field):
    chosen = {"language": "en", "time_zone": "Europe/London", "channels": {}, "quiet_hours": [], "digest": [],
              "digest_at": "17:00", **change}
    with pytest.raises(InvalidInput) as refused:
        choose("x", at=datetime(2026, 12, 2, tzinfo=UTC), **chosen)
    assert refused.value.field == field


def test_the_digest_goes_at_the_next_digest_time_in_the_person_s_time():
    preferences = Preferences(staff_id="x", language="en", digest=["reminders"], digest_at="17:00")
    assert preferences.next_digest(datetime(2026, 7, 1, 15, tzinfo=UTC)) == datetime(2026, 7, 1, 16, tzinfo=UTC)
    assert preferences.next_digest(datetime(2026, 7, 1, 17, tzinfo=UTC)) == datetime(2026, 7, 2, 16, tzinfo=UTC)
    assert preferences.digested(Category.REMINDERS) and not preferences.digested(Category.SUPPORT)


def test_quiet_hours_may_cover_all_but_a_minute_of_the_day_but_not_all_of_it():
    assert not quiet_all_day([("07:00", "06:59")])
    assert not quiet_all_day([("22:00", "06:00"), ("06:00", "14:00")])
    assert quiet_all_day([("22:00", "06:00"), ("06:00", "14:00"), ("13:30", "22:15")])
    assert quiet_all_day([("00:00", "23:59"), ("23:59", "00:00")])
