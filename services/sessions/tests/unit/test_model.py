from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.errors import Conflict, InvalidInput
from psn_shared.staff_copy import StaffCopy
from sessions.domain.model import Change, Mode, Scope, SupporterProfile, SupportRequest, Urgency, month_start
from sessions.domain.reports import suppress

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)


def test_a_profile_becomes_allocatable_once_the_staff_copy_is_here_and_says_so_once():
    profile = SupporterProfile.granted("ann", None, NOW)
    assert profile.monthly_capacity == 2
    assert profile.refresh(None) is None
    ann = StaffCopy(staff_id="ann", name="Ann", as_of=EARLIER)
    assert profile.refresh(ann) is Change.ACTIVATED
    assert profile.refresh(ann) is None
    ann.mark_left(NOW)
    assert profile.refresh(ann) is Change.DEACTIVATED


def test_grants_and_revocations_arriving_out_of_order_keep_the_newest():
    profile = SupporterProfile.revoked("ann", NOW)
    assert not profile.grant(4, EARLIER)
    assert not profile.active
    assert profile.grant(4, NOW + timedelta(days=1))
    assert (profile.active, profile.monthly_capacity) == (True, 4)
    assert not profile.revoke(NOW)
    assert profile.active


def test_closing_twice_is_a_conflict():
    request = SupportRequest(requester_id="ann", mode=Mode.PHONE, scope=Scope.ANY, urgency=Urgency.SOON,
                             details="x", created_at=NOW)
    request.close("ann", NOW)
    with pytest.raises(Conflict):
        request.close("ann", NOW)


def test_months_start_at_midnight_on_the_first():
    assert month_start(NOW) == datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(("count", "shown"), [(0, "<5"), (4, "<5"), (5, 5), (12, 12)])
def test_small_numbers_are_suppressed(count, shown):
    assert suppress(count) == shown


def test_preferences_are_kept_tidy_and_checked():
    profile = SupporterProfile(staff_id="sue", monthly_capacity=2, role_changed_at=NOW)
    assert (profile.modes, profile.places) == (["video", "phone", "in_person"], [])
    profile.set_preferences(["in_person", "video", "video"], [" QEUH ", "qeuh", "Gartnavel General"])
    assert (profile.modes, profile.places) == (["video", "in_person"], ["QEUH", "Gartnavel General"])
    refused_inputs = (([], [], "modes"), (["pigeon"], [], "modes"), (["video"], ["  "], "places"),
                      (["video"], ["x" * 101], "places"), (["video"], [f"p{i}" for i in range(51)], "places"))
    for modes, places, field in refused_inputs:
        with pytest.raises(InvalidInput) as refused:
            profile.set_preferences(modes, places)
        assert refused.value.field == field
    assert (profile.modes, profile.places) == (["video", "in_person"], ["QEUH", "Gartnavel General"])
