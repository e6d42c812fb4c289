"""Asking for support, closing a request and changing preferences, on the fakes."""

from __future__ import annotations

import uuid

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, NotFound
from services.sessions.tests.news import Identity
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork
from sessions.domain.model import Mode, RequestStatus, Scope, Urgency
from sessions.service_layer import commands

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


def ask(uow: FakeSessionsUnitOfWork, requester_id: str, mode: Mode = Mode.VIDEO, scope: Scope = Scope.ANY,
        urgency: Urgency = Urgency.ROUTINE, location: str | None = None):
    cmd = commands.RequestSupport(requester_id=requester_id, mode=mode, scope=scope, urgency=urgency,
                                  details="Struggling after a hard shift.", location=location)
    return commands.request_support(cmd, uow)


def test_a_request_is_allocated_in_its_own_unit_of_work_and_announced(uow, identity: Identity):
    supporter = identity.supporter(TEAM)
    requester = identity.register(TEAM)
    commits, published = uow.commits, len(uow.published)
    request = ask(uow, requester, scope=Scope.WITHIN_TEAM)
    assert (request.status, request.supporter_id) == (RequestStatus.ALLOCATED, supporter)
    assert uow.requests.get(request.id) is request
    assert uow.commits == commits + 1
    [event] = uow.published[published:]
    assert event.type == "sessions.request.allocated"
    assert (event.subject, event.data.supporter_id, event.data.mode) == (request.id, supporter, "video")
    assert uow.supporters.get(supporter).last_allocated_at == request.allocated_at


def test_with_no_eligible_supporter_the_request_waits_and_says_why(uow, identity: Identity):
    identity.supporter(TEAM)
    requester = identity.register(TEAM)
    request = ask(uow, requester, scope=Scope.OUTSIDE_TEAM)
    assert (request.status, request.supporter_id) == (RequestStatus.WAITING, None)
    event = uow.published[-1]
    assert (event.type, event.data.reason) == ("sessions.request.waiting", request.waiting_reason)
    assert request.waiting_reason == "no supporter outside the requester's team offers video support"


def test_in_person_goes_to_a_supporter_who_meets_there_and_the_location_is_trimmed(uow, identity: Identity):
    there = identity.supporter(OTHER_TEAM)
    commands.set_preferences(commands.SetPreferences(there, [Mode.IN_PERSON], ["Gartnavel General"]),
                             caller(there), uow)
    requester = identity.register(TEAM)
    request = ask(uow, requester, mode=Mode.IN_PERSON, location=" gartnavel general ")
    assert (request.supporter_id, request.location) == (there, "gartnavel general")
    elsewhere = ask(uow, requester, mode=Mode.IN_PERSON, location="Glasgow Royal")
    assert elsewhere.waiting_reason == "no supporter offers in-person support at Glasgow Royal"


def test_a_requester_unknown_here_is_told_so_and_nothing_is_written(uow):
    with pytest.raises(Conflict, match="has not reached this service yet"):
        ask(uow, str(uuid.uuid4()))
    assert (len(uow.requests), uow.published, uow.commits) == (0, [], 0)


def test_closing_frees_the_supporters_hour_for_whoever_waits(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    first, second = identity.register(TEAM), identity.register(TEAM)
    allocated, waiting = ask(uow, first), ask(uow, second)
    assert waiting.status == RequestStatus.WAITING
    commits = uow.commits
    closed = commands.close_request(allocated.id, caller(first), uow)
    assert (closed.status, closed.closed_by) == (RequestStatus.CLOSED, first)
    assert (waiting.status, waiting.supporter_id) == (RequestStatus.ALLOCATED, supporter)
    assert uow.commits == commits + 1
    assert (uow.published[-1].type, uow.published[-1].subject) == ("sessions.request.allocated", waiting.id)
    with pytest.raises(Conflict):
        commands.close_request(allocated.id, caller(supporter), uow)


def test_only_those_who_may_see_a_request_may_close_it(uow, identity: Identity):
    identity.supporter(OTHER_TEAM)
    requester = identity.register(TEAM)
    request = ask(uow, requester)
    commits = uow.commits
    for outsider in (caller(str(uuid.uuid4())), caller(str(uuid.uuid4()), "admin")):
        with pytest.raises(NotFound):
            commands.close_request(request.id, outsider, uow)
    assert (request.status, uow.commits) == (RequestStatus.ALLOCATED, commits)
    commands.close_request(request.id, caller(str(uuid.uuid4()), "coordinator"), uow)
    assert request.status == RequestStatus.CLOSED


def test_new_preferences_serve_the_requests_waiting_for_them(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    commands.set_preferences(commands.SetPreferences(supporter, [Mode.VIDEO], []), caller(supporter), uow)
    waiting = ask(uow, identity.register(TEAM), mode=Mode.IN_PERSON, location="Gartnavel General")
    assert waiting.waiting_reason == "no supporter offers in-person support"
    profile = commands.set_preferences(
        commands.SetPreferences(supporter, [Mode.IN_PERSON, Mode.VIDEO], [" GARTNAVEL GENERAL "]),
        caller(supporter), uow)
    assert (profile.modes, profile.places) == ([Mode.VIDEO, Mode.IN_PERSON], ["GARTNAVEL GENERAL"])
    assert (waiting.status, waiting.supporter_id) == (RequestStatus.ALLOCATED, supporter)
    assert uow.published[-1].data.request_id == waiting.id


def test_preferences_are_for_the_supporter_and_the_coordinator_alone(uow, identity: Identity):
    supporter = identity.supporter(TEAM)
    cmd = commands.SetPreferences(supporter, [Mode.PHONE], [])
    for stranger in (caller(str(uuid.uuid4())), caller(str(uuid.uuid4()), "admin")):
        with pytest.raises(Forbidden):
            commands.set_preferences(cmd, stranger, uow)
    with pytest.raises(NotFound):
        commands.set_preferences(commands.SetPreferences(str(uuid.uuid4()), [Mode.PHONE], []),
                                 caller("cleo", "coordinator"), uow)
    assert commands.set_preferences(cmd, caller("cleo", "coordinator"), uow).modes == [Mode.PHONE]
