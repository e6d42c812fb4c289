"""The signposting directory's use cases on fakes: adding, editing whole or not at all, searching."""

from __future__ import annotations

import uuid

import pytest

from identity.domain.model import Organisation
from identity.service_layer import signposting
from psn_shared.auth import Principal
from psn_shared.errors import InvalidInput
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork

COORDINATOR = Principal(str(uuid.uuid4()), frozenset({"staff", "coordinator"}))
STAFF = Principal(str(uuid.uuid4()), frozenset({"staff"}))


def source(**overrides: object) -> dict:
    return {"name": "Breathing Space", "kind": "crisis_line", "for_whom": "anyone feeling low or anxious",
            "hours": "weekday evenings and all weekend", "phone": "0800 83 85 87", **overrides}


def test_a_source_needs_a_way_to_reach_it_and_one_place_it_serves():
    uow = FakeIdentityUnitOfWork()
    with pytest.raises(InvalidInput) as unreachable:
        signposting.add_help_source(signposting.AddHelpSource(source(phone=None), COORDINATOR.staff_id), uow)
    assert unreachable.value.field == "how_to_reach"
    board = Organisation(name="NHS Board", kind="health_board")
    uow.organisations.add(board)
    with pytest.raises(InvalidInput) as both:
        signposting.add_help_source(signposting.AddHelpSource(
            source(organisation_id=board.id, region="Glasgow"), COORDINATOR.staff_id), uow)
    assert both.value.field == "region"
    with pytest.raises(InvalidInput) as unknown:
        signposting.add_help_source(signposting.AddHelpSource(
            source(organisation_id=str(uuid.uuid4())), COORDINATOR.staff_id), uow)
    assert unknown.value.field == "organisation_id"
    assert len(uow.help_sources) == 0 and uow.commits == 0


def test_an_edit_that_would_leave_no_way_to_reach_it_changes_nothing():
    uow = FakeIdentityUnitOfWork()
    added = signposting.add_help_source(signposting.AddHelpSource(source(), COORDINATOR.staff_id), uow)
    with pytest.raises(InvalidInput):
        signposting.edit_help_source(signposting.EditHelpSource(added.id, {"phone": None, "hours": "never"},
                                                                COORDINATOR.staff_id), uow)
    assert (added.phone, added.hours) == ("0800 83 85 87", "weekday evenings and all weekend")
    assert uow.commits == 1


def test_staff_search_what_serves_them_and_never_see_a_withdrawn_source():
    uow = FakeIdentityUnitOfWork()
    board, council = Organisation(name="NHS Board", kind="health_board"), Organisation(name="Council",
                                                                                       kind="local_authority")
    uow.organisations.add(board)
    uow.organisations.add(council)
    add = lambda **f: signposting.add_help_source(signposting.AddHelpSource(source(**f), "c"), uow)  # noqa: E731
    add(name="Samaritans", phone="116 123", hours="24 hours, every day")
    add(name="Board Occupational Health", kind="occupational_health", organisation_id=board.id)
    add(name="Council EAP", kind="employee_assistance_programme", organisation_id=council.id)
    old = add(name="Old Line")
    signposting.edit_help_source(signposting.EditHelpSource(old.id, {"active": False}, "c"), uow)
    found, total = signposting.search(signposting.SearchHelp(organisation_id=board.id), STAFF, uow)
    # Crisis lines first, then by name.
    assert [s.name for s in found] == ["Samaritans", "Board Occupational Health"] and total == 2
    found, _ = signposting.search(signposting.SearchHelp(q="ANXIOUS", kind="crisis_line"), STAFF, uow)
    assert "Old Line" not in [s.name for s in found]
    asked, _ = signposting.search(signposting.SearchHelp(include_withdrawn=True), STAFF, uow)
    assert "Old Line" not in [s.name for s in asked]
    kept, _ = signposting.search(signposting.SearchHelp(include_withdrawn=True), COORDINATOR, uow)
    assert "Old Line" in [s.name for s in kept]


def test_the_directory_is_announced_whole_as_it_is_added_changed_withdrawn_and_put_back():
    uow = FakeIdentityUnitOfWork()
    added = signposting.add_help_source(signposting.AddHelpSource(source(), COORDINATOR.staff_id), uow)
    edit = lambda **changes: signposting.edit_help_source(  # noqa: E731
        signposting.EditHelpSource(added.id, changes, COORDINATOR.staff_id), uow)
    edit(hours="24 hours, every day")
    edit(hours="24 hours, every day")  # nothing changed: nothing to announce
    edit(active=False)
    edit(active=True)
    assert uow.published_types() == ["identity.help_source.published", "identity.help_source.changed",
                                     "identity.help_source.withdrawn", "identity.help_source.changed"]
    first, changed, withdrawn, back = (envelope.data for envelope in uow.published)
    assert (first.help_source_id, first.kind, first.phone, first.active) == (added.id, "crisis_line",
                                                                             "0800 83 85 87", True)
    assert changed.hours == "24 hours, every day" and changed.updated_at >= first.updated_at
    assert (withdrawn.active, back.active) == (False, True)
    assert {envelope.subject for envelope in uow.published} == {added.id}
