"""Delegations: a temporary manager for a period, announced when granted and when ended early."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from identity.service_layer import delegations
from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, InvalidInput, NotFound
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork, person

TODAY = date.today()


def test_a_manager_names_a_stand_in_who_then_manages_their_reports_until_it_ends():
    uow = FakeIdentityUnitOfWork()
    boss, stand_in = person(uow), person(uow)
    report = person(uow, line_manager_id=boss.id)
    actor = Principal(boss.id, frozenset({"staff", "line_manager"}))
    granted = delegations.delegate(delegations.Delegate(boss.id, stand_in.id, TODAY, TODAY + timedelta(days=7),
                                                        "annual leave", actor), uow)
    [event] = uow.published
    assert event.type == "identity.delegation.granted" and event.subject == boss.id
    assert (event.data.delegate_id, event.data.granted_by, event.data.ends_on) == (
        stand_in.id, boss.id, TODAY + timedelta(days=7))
    assert uow.staff.reports_of(stand_in.id, TODAY) == [report]
    delegations.end_delegation(delegations.EndDelegation(boss.id, granted.id, "back early", actor), uow)
    ended = uow.published[-1]
    assert ended.type == "identity.delegation.ended" and ended.data.reason == "back early"
    assert uow.staff.reports_of(stand_in.id, TODAY) == [] and uow.commits == 2


def test_only_the_manager_or_a_coordinator_delegates_and_only_to_someone_active():
    uow = FakeIdentityUnitOfWork()
    boss, other = person(uow), person(uow)
    gone = person(uow, status="left")
    with pytest.raises(Forbidden):
        delegations.delegate(delegations.Delegate(boss.id, other.id, TODAY, TODAY, "x",
                                                  Principal(other.id, frozenset({"staff"}))), uow)
    coordinator = Principal(other.id, frozenset({"staff", "coordinator"}))
    with pytest.raises(InvalidInput):
        delegations.delegate(delegations.Delegate(boss.id, gone.id, TODAY, TODAY, "x", coordinator), uow)
    with pytest.raises(NotFound):
        delegations.end_delegation(delegations.EndDelegation(boss.id, "no-such-delegation", "x", coordinator), uow)
    assert uow.published == [] and uow.commits == 0
