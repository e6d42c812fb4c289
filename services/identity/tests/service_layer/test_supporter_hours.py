"""A peer supporter's monthly hours after the grant: lowered at once, raised by both managers (decision 83)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from identity.domain.enums import RoleEnding
from identity.domain.model import Delegation
from identity.events.handlers import HANDLERS
from identity.service_layer import roles, supporter_hours
from identity.service_layer.common import today
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork, person
from services.identity.tests.training_events import level_completed

COORDINATOR = Principal(str(uuid.uuid4()), frozenset({"staff", "coordinator"}))


def as_staff(member) -> Principal:
    return Principal(member.id, frozenset({"staff"}))


class Network:
    """A peer supporter on 4 hours a month, with a line manager and a senior manager."""

    def __init__(self, *, senior: bool = True, line: bool = True) -> None:
        self.uow = FakeIdentityUnitOfWork()
        self.line = person(self.uow) if line else None
        self.senior = person(self.uow) if senior else None
        self.supporter = person(self.uow, line_manager_id=self.line.id if self.line else None,
                                senior_manager_id=self.senior.id if self.senior else None)
        HANDLERS["training.level.completed"](level_completed(self.supporter.id), self.uow)
        self.uow.commit()
        self.uow.published.clear()

    def change(self, by: Principal, hours: int, reason: str | None = None) -> dict:
        return supporter_hours.change(supporter_hours.ChangeHours(self.supporter.id, hours, reason, by), self.uow)

    def agree(self, by: Principal, change_id: str) -> dict:
        return supporter_hours.agree(supporter_hours.DecideRaise(self.supporter.id, change_id, by), self.uow)

    def decline(self, by: Principal, change_id: str, reason: str | None = None) -> dict:
        cmd = supporter_hours.DeclineRaise(self.supporter.id, change_id, reason, by)
        return supporter_hours.decline(cmd, self.uow)

    def withdraw(self, by: Principal, change_id: str) -> dict:
        return supporter_hours.withdraw(supporter_hours.DecideRaise(self.supporter.id, change_id, by), self.uow)

    @property
    def hours(self) -> int:
        return self.supporter.active_grant("peer_supporter").monthly_hours


@pytest.mark.parametrize("who", ["supporter", "line", "senior", "coordinator"])
def test_lowering_takes_effect_at_once_whoever_of_them_makes_it(who):
    net = Network()
    actor = COORDINATOR if who == "coordinator" else as_staff(getattr(net, who))
    view = net.change(actor, 2, "a new job on the ward")
    assert net.hours == 2 and view["monthly_hours"] == 2 and view["pending_raise"] is None
    [event] = net.uow.published
    assert event.type == "identity.supporter_hours.changed"
    assert (event.data.monthly_hours, event.data.previous_hours, event.data.changed_by, event.data.agreed_by,
            event.data.reason) == (2, 4, actor.staff_id, None, "a new job on the ward")
    [change] = view["changes"]
    assert change["state"] == "in_force" and change["proposed_as"] == {
        "supporter": "supporter", "line": "line_manager", "senior": "senior_manager",
        "coordinator": "coordinator"}[who]


def test_a_stand_in_for_the_line_manager_lowers_and_proposes_as_them():
    net = Network()
    stand_in = person(net.uow)
    net.uow.delegations.add(_delegation(net.line.id, stand_in.id))
    net.change(as_staff(stand_in), 3)
    view = net.change(as_staff(stand_in), 6)
    assert view["pending_raise"]["proposed_as"] == "line_manager"
    assert view["pending_raise"]["awaited_post"] == "senior_manager"


def test_a_colleague_with_no_part_in_it_changes_nothing():
    net = Network()
    with pytest.raises(Forbidden):
        net.change(as_staff(person(net.uow)), 2)
    with pytest.raises(Forbidden):
        supporter_hours.read(net.supporter.id, as_staff(person(net.uow)), net.uow)
    assert net.hours == 4 and net.uow.published == []


def test_a_raise_waits_for_the_other_manager_then_takes_effect():
    net = Network()
    view = net.change(as_staff(net.line), 6, "fewer shifts")
    pending = view["pending_raise"]
    assert net.hours == 4 and pending["monthly_hours"] == 6 and pending["awaited_post"] == "senior_manager"
    [proposed] = net.uow.published
    assert proposed.type == "identity.supporter_hours.raise_proposed"
    assert (proposed.data.proposed_hours, proposed.data.monthly_hours, proposed.data.awaiting_manager_id,
            proposed.data.awaited_post) == (6, 4, net.senior.id, "senior_manager")
    with pytest.raises(Forbidden):
        net.agree(as_staff(net.line), pending["id"])  # not their own proposal
    with pytest.raises(Forbidden):
        net.agree(COORDINATOR, pending["id"])  # both posts are held: the coordinator does not agree for one
    with pytest.raises(Forbidden):
        net.agree(as_staff(net.supporter), pending["id"])
    view = net.agree(as_staff(net.senior), pending["id"])
    assert net.hours == 6 and view["pending_raise"] is None
    changed = net.uow.published[-1]
    assert changed.type == "identity.supporter_hours.changed"
    assert (changed.data.monthly_hours, changed.data.previous_hours, changed.data.changed_by,
            changed.data.agreed_by) == (6, 4, net.line.id, net.senior.id)
    assert view["changes"][0]["agreed_as"] == "senior_manager"


def test_the_senior_manager_proposes_and_the_line_manager_agrees():
    net = Network()
    pending = net.change(as_staff(net.senior), 5)["pending_raise"]
    assert pending["awaited_post"] == "line_manager"
    net.agree(as_staff(net.line), pending["id"])
    assert net.hours == 5


@pytest.mark.parametrize("who", ["supporter", "coordinator"])
def test_neither_the_supporter_nor_a_coordinator_raises(who):
    net = Network()
    with pytest.raises(Forbidden) as refused:
        net.change(as_staff(net.supporter) if who == "supporter" else COORDINATOR, 6)
    assert refused.value.field == "monthly_hours" and net.uow.published == [] and net.hours == 4


def test_a_pending_raise_is_withdrawn_by_its_proposer_only():
    net = Network()
    pending = net.change(as_staff(net.line), 6)["pending_raise"]
    with pytest.raises(Forbidden):
        net.withdraw(as_staff(net.senior), pending["id"])
    view = net.withdraw(as_staff(net.line), pending["id"])
    assert view["pending_raise"] is None and view["changes"][0]["state"] == "withdrawn" and net.hours == 4
    with pytest.raises(Conflict):
        net.agree(as_staff(net.senior), pending["id"])


def test_a_pending_raise_is_declined_by_the_manager_it_waits_for_and_the_hours_stay():
    net = Network()
    pending = net.change(as_staff(net.line), 6, "fewer shifts")["pending_raise"]
    net.uow.published.clear()
    view = net.decline(as_staff(net.senior), pending["id"], "not while the ward is short")
    [declined] = view["changes"]
    assert net.hours == 4 and view["monthly_hours"] == 4 and view["pending_raise"] is None
    assert (declined["state"], declined["closed_by"], declined["closed_as"], declined["closed_reason"],
            declined["reason"]) == ("declined", net.senior.id, "senior_manager", "not while the ward is short",
                                    "fewer shifts")
    assert declined["closed_at"] is not None and declined["agreed_by"] is None
    [event] = net.uow.published
    assert event.type == "identity.supporter_hours.raise_declined"
    assert (event.data.proposed_hours, event.data.monthly_hours, event.data.proposed_by, event.data.declined_by,
            event.data.declined_as, event.data.reason) == (6, 4, net.line.id, net.senior.id, "senior_manager",
                                                           "not while the ward is short")


@pytest.mark.parametrize("who", ["line", "supporter", "coordinator", "stranger"])
def test_only_whoever_may_agree_may_decline(who):
    net = Network()
    pending = net.change(as_staff(net.line), 6)["pending_raise"]
    net.uow.published.clear()
    actor = {"line": as_staff(net.line), "supporter": as_staff(net.supporter), "coordinator": COORDINATOR,
             "stranger": as_staff(person(net.uow))}[who]
    with pytest.raises(Forbidden) as refused:
        net.decline(actor, pending["id"])
    if who == "line":
        assert "withdraws" in str(refused.value)  # the proposer is pointed to withdrawing instead
    view = supporter_hours.read(net.supporter.id, COORDINATOR, net.uow)
    assert view["pending_raise"]["state"] == "pending" and net.uow.published == []


def test_a_declined_raise_cannot_then_be_agreed_withdrawn_or_declined_again():
    net = Network()
    pending = net.change(as_staff(net.senior), 6)["pending_raise"]
    net.decline(as_staff(net.line), pending["id"])
    for act in (lambda: net.agree(as_staff(net.line), pending["id"]),
                lambda: net.withdraw(as_staff(net.senior), pending["id"]),
                lambda: net.decline(as_staff(net.line), pending["id"])):
        with pytest.raises(Conflict) as refused:
            act()
        assert refused.value.field == "change_id"
    assert net.hours == 4


def test_a_vacant_post_s_raise_is_declined_by_a_coordinator():
    net = Network(senior=False)
    pending = net.change(as_staff(net.line), 6)["pending_raise"]
    view = net.decline(COORDINATOR, pending["id"])
    assert view["changes"][0]["closed_as"] == "coordinator" and view["changes"][0]["closed_reason"] is None
    assert net.uow.published[-1].data.declined_as == "coordinator" and net.hours == 4


def test_a_raise_declined_leaves_the_way_open_for_a_new_proposal():
    net = Network()
    first = net.change(as_staff(net.line), 6)["pending_raise"]
    net.decline(as_staff(net.senior), first["id"])
    second = net.change(as_staff(net.line), 5)["pending_raise"]
    net.agree(as_staff(net.senior), second["id"])
    assert net.hours == 5


@pytest.mark.parametrize("newer", [8, 3])
def test_a_newer_change_replaces_a_pending_raise(newer):
    net = Network()
    first = net.change(as_staff(net.line), 6)["pending_raise"]
    view = net.change(as_staff(net.senior), newer)
    assert [c["state"] for c in view["changes"]][1] == "replaced"
    with pytest.raises(Conflict):
        net.agree(as_staff(net.senior), first["id"])
    if newer == 3:
        assert net.hours == 3 and view["pending_raise"] is None
    else:
        assert net.hours == 4 and view["pending_raise"]["awaited_post"] == "line_manager"


def test_a_vacant_post_is_agreed_for_by_a_coordinator():
    net = Network(senior=False)
    pending = net.change(as_staff(net.line), 6)["pending_raise"]
    assert net.uow.published[-1].data.awaiting_manager_id is None
    net.agree(COORDINATOR, pending["id"])
    assert net.hours == 6 and net.uow.published[-1].data.agreed_by == COORDINATOR.staff_id


def test_a_manager_who_has_left_leaves_their_post_vacant():
    net = Network()
    net.senior.status = "left"
    pending = net.change(as_staff(net.line), 6)["pending_raise"]
    net.agree(COORDINATOR, pending["id"])
    assert net.hours == 6


def test_with_both_posts_vacant_nobody_raises_but_the_hours_can_still_be_lowered():
    net = Network(senior=False, line=False)
    with pytest.raises(Forbidden):
        net.change(COORDINATOR, 6)
    net.change(COORDINATOR, 2)
    assert net.hours == 2


@pytest.mark.parametrize("hours", [0, 41])
def test_hours_are_bounded_as_the_nomination_s(hours):
    net = Network()
    with pytest.raises(InvalidInput) as refused:
        net.change(as_staff(net.line), hours)
    assert refused.value.field == "monthly_hours"


def test_the_same_hours_again_is_a_conflict():
    net = Network()
    with pytest.raises(Conflict):
        net.change(as_staff(net.line), 4)


def test_a_suspension_lifted_keeps_the_changed_hours_and_a_suspended_supporter_s_cannot_change():
    net = Network()
    net.change(as_staff(net.supporter), 2)
    roles.end_by_person(roles.EndRole(net.supporter.id, "peer_supporter", "under review", RoleEnding.SUSPENDED,
                                      COORDINATOR), net.uow)
    with pytest.raises(Conflict):
        net.change(as_staff(net.line), 3)
    lifted = roles.grant_by_person(roles.GrantRole(net.supporter.id, "peer_supporter", "review closed",
                                                   COORDINATOR), net.uow)
    assert lifted.monthly_hours == 2 and net.uow.published[-1].data.monthly_hours == 2


def _delegation(manager_id: str, delegate_id: str) -> Delegation:
    return Delegation(manager_id=manager_id, delegate_id=delegate_id, starts_on=today() - timedelta(days=1),
                      ends_on=today() + timedelta(days=7), reason="leave")
