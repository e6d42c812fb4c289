"""The journey after allocation on the fakes: accept, another supporter, hand back, re-allocate by
hand, caps, pause, the due jobs and hand-overs when line authority appears."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.sessions.tests.journey_news import delegation_ended, delegation_granted, moved
from services.sessions.tests.news import Identity
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork
from sessions.config import SessionsSettings
from sessions.domain.caps import CapLimits
from sessions.domain.model import Mode, RequestStatus, Scope, SupportRequest, Urgency
from sessions.service_layer import commands, journey
from sessions.service_layer.common import now
from sessions.service_layer.jobs import run_due_jobs

TEAM = str(uuid.uuid4())


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


COORDINATOR = caller(str(uuid.uuid4()), "coordinator")


def ask(uow: FakeSessionsUnitOfWork, requester_id: str, urgency: Urgency = Urgency.ROUTINE) -> SupportRequest:
    return commands.request_support(commands.RequestSupport(
        requester_id=requester_id, mode=Mode.VIDEO, scope=Scope.ANY, urgency=urgency,
        details="Struggling after a hard shift."), uow)


def types(uow: FakeSessionsUnitOfWork, since: int) -> list[str]:
    return [event.type for event in uow.published[since:]]


def test_the_requester_accepts_once_and_the_supporter_is_told(uow, identity: Identity):
    supporter = identity.supporter()
    request = ask(uow, requester := identity.register())
    before = len(uow.published)
    journey.accept(request.id, caller(requester), uow)
    assert request.accepted_at is not None
    [event] = uow.published[before:]
    assert (event.type, event.data.supporter_id) == ("sessions.request.accepted", supporter)
    with pytest.raises(Conflict):
        journey.accept(request.id, caller(requester), uow)
    with pytest.raises(Forbidden):
        journey.accept(request.id, caller(supporter), uow)
    with pytest.raises(NotFound):
        journey.accept(request.id, caller(str(uuid.uuid4())), uow)


def test_asking_for_another_supporter_excludes_the_first_for_good(uow, identity: Identity):
    first, second = identity.supporter(monthly_hours=4), identity.supporter(monthly_hours=4)
    request = ask(uow, requester := identity.register())
    held = request.supporter_id
    other = second if held == first else first
    before = len(uow.published)
    journey.ask_for_another(request.id, caller(requester), uow)
    assert (request.supporter_id, request.excluded_supporters) == (other, [held])
    assert types(uow, before) == ["sessions.request.reallocated", "sessions.request.allocated"]
    assert uow.published[before].data.cause == "requester_asked"
    journey.ask_for_another(request.id, caller(requester), uow)
    # Both are excluded now: it waits, though both have hours left.
    assert (request.status, request.waiting_reason) == (
        RequestStatus.WAITING, "no eligible supporter is available for this request")
    with pytest.raises(Conflict):
        journey.ask_for_another(request.id, caller(requester), uow)


def test_a_heavy_hand_back_keeps_the_reason_and_rests_the_supporter(uow, identity: Identity):
    supporter = identity.supporter(monthly_hours=5)
    request = ask(uow, identity.register())
    with pytest.raises(Forbidden):
        journey.hand_back(journey.HandBack(request.id, "too close to home", True, caller(request.requester_id)), uow)
    before = len(uow.published)
    journey.hand_back(journey.HandBack(request.id, "  too close to home ", True, caller(supporter)), uow)
    assert (request.status, request.handed_back_reason) == (RequestStatus.WAITING, "too close to home")
    assert types(uow, before) == ["sessions.request.handed_back", "sessions.request.waiting"]
    assert "too close" not in repr(uow.published[before].data)
    profile = uow.supporters.get(supporter)
    assert profile.cool_down_until - now() > timedelta(days=13)
    later = ask(uow, identity.register())
    assert later.waiting_reason == "every eligible supporter is in a cool-down after a heavy case"


def test_closing_a_heavy_case_is_the_supporters_to_say(uow, identity: Identity):
    supporter = identity.supporter(monthly_hours=5)
    request = ask(uow, requester := identity.register())
    with pytest.raises(InvalidInput) as refused:
        commands.close_request(request.id, caller(requester), uow, heavy=True)
    assert refused.value.field == "heavy" and request.status == RequestStatus.ALLOCATED
    commands.close_request(request.id, caller(supporter), uow, heavy=True)
    assert uow.supporters.get(supporter).cooling_down(now())


def test_the_coordinator_reallocates_by_hand_within_every_rule(uow, identity: Identity):
    manager = identity.supporter(monthly_hours=4)
    requester = identity.register(line_manager_id=manager)
    held = identity.supporter(monthly_hours=4)
    request = ask(uow, requester)
    assert request.supporter_id == held
    free = identity.supporter(monthly_hours=4)

    def to(supporter_id: str, principal: Principal = COORDINATOR) -> SupportRequest:
        return journey.reallocate_by_hand(journey.Reallocate(request.id, supporter_id, principal), uow)

    for refused_to, rule in [(manager, "line authority"), (held, "already this request's supporter"),
                             (str(uuid.uuid4()), "not an allocatable supporter")]:
        with pytest.raises(InvalidInput) as refused:
            to(refused_to)
        assert (refused.value.field, rule in str(refused.value)) == ("supporter_id", True)
    with pytest.raises(Forbidden):
        to(free, caller(held))
    before = len(uow.published)
    to(free)
    assert (request.supporter_id, request.excluded_supporters) == (free, [held])
    assert types(uow, before) == ["sessions.request.reallocated", "sessions.request.allocated"]
    with pytest.raises(InvalidInput, match="excluded"):
        to(held)


def test_max_open_cases_is_a_cap_named_when_it_stops_allocation(uow, identity: Identity):
    uow.caps = CapLimits(max_open_cases=1)
    identity.supporter(monthly_hours=10)
    ask(uow, identity.register())
    assert ask(uow, identity.register()).waiting_reason == "every eligible supporter is at their maximum of open cases"


def test_a_paused_supporter_keeps_their_cases_and_takes_the_waiting_list_on_resuming(uow, identity: Identity):
    supporter = identity.supporter(monthly_hours=5)
    held = ask(uow, identity.register())
    journey.pause(supporter, caller(supporter), uow)
    with pytest.raises(Conflict):
        journey.pause(supporter, caller(supporter), uow)
    with pytest.raises(Forbidden):
        journey.pause(supporter, caller(str(uuid.uuid4())), uow)
    waiting = ask(uow, identity.register())
    assert waiting.waiting_reason == "every eligible supporter is paused"
    assert held.supporter_id == supporter
    journey.resume(supporter, caller(supporter), uow)
    assert (waiting.status, waiting.supporter_id) == (RequestStatus.ALLOCATED, supporter)


def test_the_waiting_reason_names_each_cap_that_stopped_someone(uow, identity: Identity):
    paused, full = identity.supporter(monthly_hours=5), identity.supporter(monthly_hours=1)
    journey.pause(paused, caller(paused), uow)
    ask(uow, identity.register())
    assert ask(uow, identity.register()).waiting_reason == (
        "every eligible supporter is paused or at capacity this month")
    assert full


def test_the_due_jobs_serve_what_waits_when_a_month_begins_and_alert_once(uow, identity: Identity):
    supporter = identity.supporter(monthly_hours=1)
    first = ask(uow, identity.register())
    waiting = ask(uow, identity.register(), Urgency.URGENT)
    assert waiting.waiting_reason == "every eligible supporter is at capacity this month"
    settings = replace(SessionsSettings.load(), waiting_alert_after=timedelta(hours=48))
    report = run_due_jobs(now() + timedelta(hours=1), settings, uow)
    assert (report.served, report.alerted, waiting.status) == (0, 0, RequestStatus.WAITING)
    before = len(uow.published)
    report = run_due_jobs(now() + timedelta(hours=49), settings, uow)
    assert report.alerted == 1 and types(uow, before) == ["sessions.request.waiting_too_long"]
    assert run_due_jobs(now() + timedelta(hours=50), settings, uow).alerted == 0
    next_month = (first.allocated_at.replace(day=1) + timedelta(days=32)).replace(day=1, hour=9)
    report = run_due_jobs(next_month, settings, uow)
    assert (report.served, waiting.status, waiting.supporter_id) == (1, RequestStatus.ALLOCATED, supporter)


def test_a_move_that_puts_a_supporter_over_the_requester_hands_the_case_over(uow, identity: Identity):
    first, second = identity.supporter(monthly_hours=4), identity.supporter(monthly_hours=4)
    request = ask(uow, requester := identity.register())
    held = request.supporter_id
    before = len(uow.published)
    uow.deliver(moved(requester, team_id=None, line_manager_id=held))
    assert request.supporter_id == (second if held == first else first)
    assert request.excludes(held)
    assert types(uow, before) == ["sessions.request.reallocated", "sessions.request.allocated"]
    assert uow.published[before].data.cause == "line_authority"
    # A move that changes nothing between them leaves the case where it is.
    after = len(uow.published)
    uow.deliver(moved(requester, team_id=TEAM, line_manager_id=held))
    assert types(uow, after) == []


def test_a_temporary_manager_counts_as_a_manager(uow, identity: Identity):
    manager = identity.register()
    requester = identity.register(line_manager_id=manager)
    stand_in = identity.supporter(monthly_hours=4)
    granted = delegation_granted(manager, stand_in)
    uow.deliver(granted)
    assert ask(uow, requester).status == RequestStatus.WAITING  # the stand-in manages them for now
    uow.deliver(delegation_ended(granted))
    assert ask(uow, requester).supporter_id == stand_in


def test_a_requester_standing_in_for_a_manager_is_not_given_their_report(uow, identity: Identity):
    manager = identity.register()
    report = identity.supporter(monthly_hours=4, line_manager_id=manager)
    requester = identity.register()
    uow.deliver(delegation_granted(manager, requester))
    assert ask(uow, requester).status == RequestStatus.WAITING  # the requester manages them for now
    other = identity.supporter(monthly_hours=4)
    assert ask(uow, requester).supporter_id == other
    assert uow.requests.open_held_by(report) == []


def test_a_delegation_over_someone_supported_hands_the_case_over(uow, identity: Identity):
    manager = identity.register()
    requester = identity.register(line_manager_id=manager)
    supporter = identity.supporter(monthly_hours=4)
    request = ask(uow, requester)
    uow.deliver(delegation_granted(manager, supporter))
    assert (request.status, request.excluded_supporters) == (RequestStatus.WAITING, [supporter])


def test_the_end_of_a_delegation_not_yet_here_is_retried(uow, identity: Identity):
    with pytest.raises(LookupError):
        uow.deliver(delegation_ended(delegation_granted(identity.register(), identity.register())))
