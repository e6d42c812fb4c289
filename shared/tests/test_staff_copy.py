"""The one staff-copy pattern: last writer wins on the event's time; news before the record is retried."""

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.events.contracts import StaffSnapshot
from psn_shared.staff_copy import (
    EmployedStaffCopy,
    StaffCopy,
    StaffNotYetKnown,
    record_grant,
    record_leaver,
    record_revocation,
    record_snapshot,
)
from psn_shared.testing.fakes import InMemoryRepository

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Copies(InMemoryRepository[StaffCopy]):
    key = "staff_id"


def snapshot(staff_id: str, name: str = "Ann", roles: tuple[str, ...] = ("staff",)) -> StaffSnapshot:
    return StaffSnapshot(staff_id=staff_id, employee_number="E1", name=name, email="ann@psn.test", team_id=None,
                         grade=None, line_manager_id=None, senior_manager_id=None, status="active", roles=list(roles))


def test_a_snapshot_creates_the_copy_and_a_newer_one_updates_it():
    copies, staff_id = Copies(), str(uuid.uuid4())
    record_snapshot(copies, snapshot(staff_id), T0, StaffCopy.from_snapshot)
    changed = record_snapshot(copies, snapshot(staff_id, "Ann B"), T0 + timedelta(seconds=1), StaffCopy.from_snapshot)
    assert changed is not None and copies.get(staff_id).name == "Ann B"


def test_older_news_changes_nothing():
    copies, staff_id = Copies(), str(uuid.uuid4())
    record_snapshot(copies, snapshot(staff_id, "Newer"), T0, StaffCopy.from_snapshot)
    older = T0 - timedelta(seconds=1)
    assert record_snapshot(copies, snapshot(staff_id, "Older"), older, StaffCopy.from_snapshot) is None
    assert record_leaver(copies, staff_id, T0 - timedelta(seconds=1)) is None
    assert record_grant(copies, staff_id, "peer_supporter", T0 - timedelta(seconds=1)) is None
    copy = copies.get(staff_id)
    assert (copy.name, copy.active, copy.roles) == ("Newer", True, ["staff"])


def test_roles_granted_and_revoked_in_order():
    copies, staff_id = Copies(), str(uuid.uuid4())
    record_snapshot(copies, snapshot(staff_id), T0, StaffCopy.from_snapshot)
    record_grant(copies, staff_id, "peer_supporter", T0 + timedelta(seconds=1))
    assert copies.get(staff_id).roles == ["peer_supporter", "staff"]
    record_revocation(copies, staff_id, "peer_supporter", T0 + timedelta(seconds=2))
    assert copies.get(staff_id).roles == ["staff"]


def test_a_leaver_is_no_longer_active_until_a_newer_snapshot_reinstates_them():
    copies, staff_id = Copies(), str(uuid.uuid4())
    record_snapshot(copies, snapshot(staff_id), T0, StaffCopy.from_snapshot)
    record_leaver(copies, staff_id, T0 + timedelta(seconds=1))
    assert not copies.get(staff_id).active
    record_snapshot(copies, snapshot(staff_id), T0 + timedelta(seconds=2), StaffCopy.from_snapshot)
    assert copies.get(staff_id).active


@pytest.mark.parametrize("news", [
    lambda copies, staff_id: record_leaver(copies, staff_id, T0),
    lambda copies, staff_id: record_grant(copies, staff_id, "trainer", T0),
    lambda copies, staff_id: record_revocation(copies, staff_id, "trainer", T0),
])
def test_news_about_someone_not_known_yet_is_retried(news):
    with pytest.raises(StaffNotYetKnown):
        news(Copies(), str(uuid.uuid4()))


def test_role_news_and_record_news_keep_their_own_clocks():
    """A grant applied before an older team change must neither hide that change nor be undone by it."""
    copies, staff_id = Copies(), str(uuid.uuid4())
    record_snapshot(copies, snapshot(staff_id, "Ann"), T0, StaffCopy.from_snapshot)
    record_grant(copies, staff_id, "peer_supporter", T0 + timedelta(seconds=2))
    moved = snapshot(staff_id, "Ann (moved)")
    assert record_snapshot(copies, moved, T0 + timedelta(seconds=1), StaffCopy.from_snapshot) is not None
    copy = copies.get(staff_id)
    assert copy.name == "Ann (moved)"
    assert copy.roles == ["peer_supporter", "staff"]


def test_an_employed_copy_keeps_when_the_person_started_and_left_and_a_reinstatement_clears_the_leaving():
    copies, staff_id = Copies(), str(uuid.uuid4())
    joined = replace(snapshot(staff_id), start_date=date(2025, 4, 1))
    record_snapshot(copies, joined, T0, EmployedStaffCopy.from_snapshot)
    assert record_leaver(copies, staff_id, T0 - timedelta(seconds=1), date(2026, 1, 1)) is None  # older news
    record_leaver(copies, staff_id, T0 + timedelta(seconds=1), date(2026, 10, 31))
    copy = copies.get(staff_id)
    assert (copy.started_on, copy.left_on, copy.active) == (date(2025, 4, 1), date(2026, 10, 31), False)
    record_snapshot(copies, joined, T0 + timedelta(seconds=2), EmployedStaffCopy.from_snapshot)
    assert (copy.left_on, copy.active) == (None, True)
