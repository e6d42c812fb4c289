"""identity's events applied to training's copies, through the handlers: what changed; never a commit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_shared.staff_copy import StaffNotYetKnown
from services.training.tests.identity_events import identity_event
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import nominate
from training.service_layer.reactions import DelegationNotYetKnown


def test_a_registration_makes_the_copy_with_what_training_keeps(uow):
    staff_id = an_id()
    uow.handle(identity_event("identity.staff.registered", staff_id, employee_number="E42", grade="Band 7",
                              roles=["staff", "trainer"], time=T0))
    copy = uow.staff.get(staff_id)
    assert (copy.staff_id, copy.employee_number, copy.grade, copy.roles, copy.as_of) == (
        staff_id, "E42", "Band 7", ["staff", "trainer"], T0)
    assert (uow.commits, uow.published, uow.pending_types()) == (0, [], [])


def test_older_news_changes_nothing_and_newer_news_wins(uow):
    staff_id, manager = an_id(), an_id()
    uow.handle(identity_event("identity.staff.registered", staff_id, time=T0))
    uow.handle(identity_event("identity.staff.updated", staff_id, line_manager_id=manager, grade="Band 8a",
                              time=T0 + timedelta(minutes=2)))
    uow.handle(identity_event("identity.staff.updated", staff_id, name="Old Name", time=T0 + timedelta(minutes=1)))
    copy = uow.staff.get(staff_id)
    assert (copy.line_manager_id, copy.grade, copy.name, copy.as_of) == (
        manager, "Band 8a", f"Person {staff_id[:6]}", T0 + timedelta(minutes=2))


def test_time_as_a_supporter_counts_from_identity_s_grant_and_ends_with_the_role(uow):
    staff_id, granted_at = an_id(), T0 - timedelta(days=200)
    uow.handle(identity_event("identity.staff.registered", staff_id, time=T0))
    uow.handle(identity_event("identity.role.granted", staff_id, role="peer_supporter", reason="Level 2",
                              granted_by=None, granted_at=granted_at, time=T0 + timedelta(minutes=1)))
    assert (uow.staff.get(staff_id).roles, uow.staff.get(staff_id).supporter_since) == (
        ["peer_supporter", "staff"], granted_at)
    uow.handle(identity_event("identity.role.revoked", staff_id, role="peer_supporter", reason="r",
                              revoked_by=None, revoked_at=T0, time=T0))  # older than the grant: ignored
    assert uow.staff.get(staff_id).supporter_since == granted_at
    uow.handle(identity_event("identity.role.revoked", staff_id, role="peer_supporter", reason="r",
                              revoked_by=None, revoked_at=T0, time=T0 + timedelta(minutes=2)))
    assert (uow.staff.get(staff_id).roles, uow.staff.get(staff_id).supporter_since) == (["staff"], None)


def test_a_snapshot_with_the_role_starts_the_supporter_period_at_its_own_time(uow):
    staff_id = an_id()
    uow.handle(identity_event("identity.staff.registered", staff_id, roles=["peer_supporter"], time=T0))
    assert uow.staff.get(staff_id).supporter_since == T0


def test_leaving_and_reinstatement_reach_the_copy(uow):
    staff_id = an_id()
    uow.handle(identity_event("identity.staff.registered", staff_id, time=T0))
    uow.handle(identity_event("identity.staff.left", staff_id, left_on=T0.date(), time=T0 + timedelta(minutes=1)))
    assert not uow.staff.get(staff_id).active
    uow.handle(identity_event("identity.staff.reinstated", staff_id, time=T0 + timedelta(minutes=2)))
    assert uow.staff.get(staff_id).active


@pytest.mark.parametrize(("type_", "data"), [
    ("identity.staff.left", {"left_on": date(2026, 11, 30)}),
    ("identity.role.granted", {"role": "trainer", "reason": "r", "granted_by": None, "granted_at": T0}),
    ("identity.role.revoked", {"role": "trainer", "reason": "r", "revoked_by": None, "revoked_at": T0}),
])
def test_news_about_someone_not_yet_registered_is_retried(uow, type_, data):
    with pytest.raises(StaffNotYetKnown):
        uow.handle(identity_event(type_, an_id(), **data))


def test_a_team_is_copied_and_renamed(uow):
    team_id = an_id()
    created = {"team_id": team_id, "name": "Ward 1", "service": "Mental Health", "organisation": "NHS GGC"}
    uow.handle(identity_event("identity.team.created", team_id, **created))
    uow.handle(identity_event("identity.team.updated", team_id, **{**created, "name": "Ward 1A"}, changed=["name"]))
    assert [(t.id, t.name, t.service) for t in uow.teams.all()] == [(team_id, "Ward 1A", "Mental Health")]


def delegation(manager: str, deputy: str, starts_on: date) -> dict:
    return {"delegation_id": an_id(), "manager_id": manager, "delegate_id": deputy, "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=14), "granted_by": manager}


def test_a_delegation_is_copied_once_and_ended_by_identity(uow, world):
    manager, deputy = an_id(), world.person().staff_id
    granted = identity_event("identity.delegation.granted", manager, **delegation(manager, deputy, T0.date()))
    uow.handle(granted, granted)
    assert [d.manager_id for d in uow.delegations.covering(deputy, T0.date())] == [manager]
    uow.handle(identity_event("identity.delegation.ended", manager, delegation_id=granted.data.delegation_id,
                              manager_id=manager, delegate_id=deputy, ended_at=T0, reason="back early"))
    assert uow.delegations.covering(deputy, T0.date()) == []
    uow.handle(granted)  # a late redelivered grant reopens nothing
    assert uow.delegations.covering(deputy, T0.date()) == []


def test_a_stand_in_named_today_is_told_of_the_steps_already_awaiting_the_manager_and_a_later_one_is_not(uow, world):
    nominee, deputy, later = world.person(levels=(1,)), world.person(), world.person()
    manager = nominee.line_manager_id
    waiting = nominate(uow, nominee, level=2)
    nominate(uow, world.person(levels=(1,)), level=2)  # awaits another manager
    before = len(uow.published)
    uow.handle(identity_event("identity.delegation.granted", manager,
                              **delegation(manager, deputy.staff_id, uow.now().date())))
    uow.handle(identity_event("identity.delegation.granted", manager,
                              **delegation(manager, later.staff_id, uow.now().date() + timedelta(days=3))))
    assert uow.pending_types() == ["training.nomination.awaiting_decision"]
    uow.commit()  # as the consumer does
    [told] = uow.published[before:]
    # For the stand-in alone: the manager heard of it when it reached them.
    assert (told.subject, told.data.nomination_id, told.data.delegate_ids, told.data.stand_ins_only) == (
        manager, waiting.id, [deputy.staff_id], True)


def test_a_stand_in_told_at_the_grant_is_not_told_again_on_the_first_morning_and_a_later_one_is(uow, world):
    manager, deputy, later = an_id(), world.person(), world.person()
    for stand_in, starts_on in ((deputy, uow.now().date()), (later, uow.now().date() + timedelta(days=3))):
        uow.handle(identity_event("identity.delegation.granted", manager,
                                  **delegation(manager, stand_in.staff_id, starts_on)))
    told = {d.delegate_id: d.stand_in_told for d in uow.delegations}
    assert told == {deputy.staff_id: True, later.staff_id: False}


def test_a_delegation_waits_for_its_delegate_and_its_end_for_its_grant(uow):
    manager = an_id()
    with pytest.raises(StaffNotYetKnown):
        uow.handle(identity_event("identity.delegation.granted", manager, **delegation(manager, an_id(), T0.date())))
    with pytest.raises(DelegationNotYetKnown):
        uow.handle(identity_event("identity.delegation.ended", manager, delegation_id=an_id(), manager_id=manager,
                                  delegate_id=an_id(), ended_at=T0, reason="back early"))
