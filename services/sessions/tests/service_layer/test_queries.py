"""The API's reads, on the fakes: who sees what, and the counts."""

from __future__ import annotations

import uuid

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from services.sessions.tests.news import Identity
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork
from sessions.domain.caps import CapLimits
from sessions.domain.model import Mode, RequestStatus, Scope, SupportRequest, Urgency
from sessions.service_layer import commands, queries

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())
COORDINATOR = Principal(staff_id=str(uuid.uuid4()), roles=frozenset({"staff", "coordinator"}))


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


def ask(uow: FakeSessionsUnitOfWork, requester_id: str) -> SupportRequest:
    cmd = commands.RequestSupport(requester_id=requester_id, mode=Mode.PHONE, scope=Scope.ANY,
                                  urgency=Urgency.SOON, details="Could do with a chat.")
    return commands.request_support(cmd, uow)


def test_each_person_lists_their_own_and_their_allocated_requests(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    first, second = identity.register(TEAM), identity.register(TEAM)
    allocated, waiting = ask(uow, first), ask(uow, second)

    def ids(principal: Principal, status: RequestStatus | None = None) -> list[str]:
        items, total = queries.list_requests(principal, status, 50, 0, uow)
        assert total == len(items)
        return [r.id for r in items]

    assert ids(caller(first)) == ids(caller(supporter)) == [allocated.id]
    assert ids(caller(second, "admin")) == [waiting.id]
    assert set(ids(COORDINATOR)) == {allocated.id, waiting.id}
    assert ids(COORDINATOR, RequestStatus.WAITING) == [waiting.id]
    assert queries.readable_request(allocated.id, caller(supporter), uow) is allocated
    with pytest.raises(NotFound):
        queries.readable_request(allocated.id, caller(second), uow)


def test_a_supporter_profile_is_for_them_and_those_who_run_the_network(uow, identity: Identity):
    supporter = identity.supporter(TEAM, monthly_hours=3)
    ask(uow, identity.register(OTHER_TEAM))
    view = queries.supporter_view(supporter, caller(supporter), uow)
    assert {k: view[k] for k in ("team_id", "allocatable", "monthly_capacity", "open_allocations")} == {
        "team_id": TEAM, "allocatable": True, "monthly_capacity": 3, "open_allocations": 1}
    assert queries.supporter_view(supporter, caller("adam", "admin"), uow) == view
    with pytest.raises(Forbidden):
        queries.supporter_view(str(uuid.uuid4()), caller("ann"), uow)
    with pytest.raises(NotFound):
        queries.supporter_view(str(uuid.uuid4()), COORDINATOR, uow)
    assert [s["staff_id"] for s in queries.supporter_list(uow)] == [supporter]


def test_the_demand_report_shows_suppressed_aggregates_only(uow, identity: Identity):
    uow.caps = CapLimits(max_open_cases=6)  # one supporter takes all six
    identity.supporter(OTHER_TEAM, monthly_hours=6)
    for _ in range(6):
        ask(uow, identity.register(TEAM))
    assert queries.demand_report(uow) == {
        "requests": {"waiting": "<5", "allocated": 6, "closed": "<5"},
        "supporters": {"allocatable": "<5"},
        "capacity": {"monthly_hours": 6, "allocated_this_month": 6},
    }
