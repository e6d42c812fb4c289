"""What identity's and training's news does to supporters and requests, on the fakes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.roles import Role
from psn_shared.staff_copy import StaffNotYetKnown
from services.sessions.tests.news import Identity, certification, granted, hours_changed, registered, revoked
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork
from sessions.domain.model import Mode, RequestStatus, Scope, SupportRequest, Urgency
from sessions.events.handlers import HANDLERS
from sessions.service_layer import commands
from sessions.service_layer.reactions import SupporterNotYetKnown

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())
LAPSED, RENEWED = "training.certification.lapsed", "training.certification.renewed"


def ask(uow: FakeSessionsUnitOfWork, requester_id: str, urgency: Urgency = Urgency.ROUTINE) -> SupportRequest:
    cmd = commands.RequestSupport(requester_id=requester_id, mode=Mode.PHONE, scope=Scope.ANY, urgency=urgency,
                                  details="Could do with a chat.")
    return commands.request_support(cmd, uow)


def activations(uow: FakeSessionsUnitOfWork) -> list[tuple[str, int]]:
    return [(e.data.supporter_id, e.data.monthly_capacity) for e in uow.published
            if e.type == "sessions.supporter.activated"]


def allocatable(uow: FakeSessionsUnitOfWork, staff_id: str) -> bool:
    return uow.supporters.get(staff_id).allocatable


def test_a_handler_changes_and_publishes_but_leaves_the_commit_to_the_consumer(uow):
    record = registered(TEAM)
    staff_id = record.data.staff_id
    HANDLERS[record.type](record, uow)
    HANDLERS["identity.role.granted"](granted(staff_id, monthly_hours=None), uow)
    assert uow.staff.get(staff_id).team_id == TEAM
    assert allocatable(uow, staff_id)
    assert uow.pending_types() == ["sessions.supporter.activated"]
    assert (uow.commits, uow.published) == (0, [])


def test_a_granted_supporter_becomes_allocatable_and_is_announced_once(uow, identity: Identity):
    supporter = identity.register(TEAM)
    identity.grant(supporter, monthly_hours=None)
    identity.grant(supporter, monthly_hours=None)
    assert (allocatable(uow, supporter), uow.supporters.get(supporter).monthly_capacity) == (True, 2)
    assert activations(uow) == [(supporter, 2)]


def test_other_roles_make_no_supporter(uow, identity: Identity):
    member = identity.register(TEAM)
    identity.grant(member, role=Role.WELLBEING_CHAMPION)
    identity.revoke(member, role=Role.WELLBEING_CHAMPION)
    assert (uow.supporters.get(member), uow.published) == (None, [])


@pytest.mark.parametrize("news", [granted, revoked])
def test_role_news_before_the_record_waits_in_the_profile(uow, identity: Identity, news):
    record = registered(OTHER_TEAM)
    staff_id = record.data.staff_id
    identity.deliver(news(staff_id))
    assert uow.supporters.get(staff_id).active is (news is granted)
    assert (allocatable(uow, staff_id), activations(uow)) == (False, [])
    identity.deliver(record)
    assert allocatable(uow, staff_id) is (news is granted)


def test_a_leaver_not_known_yet_is_retried_and_leaves_no_placeholder(uow, identity: Identity):
    record = registered(TEAM)
    staff_id = record.data.staff_id
    with pytest.raises(StaffNotYetKnown):
        identity.left(staff_id)
    assert uow.staff.get(staff_id) is None
    identity.deliver(record)
    identity.left(staff_id)
    identity.grant(staff_id)
    assert (uow.staff.get(staff_id).active, allocatable(uow, staff_id), activations(uow)) == (False, False, [])


def test_activation_serves_the_waiting_list_most_urgent_first_then_oldest(uow, identity: Identity):
    routine, soon_old, soon_new = (ask(uow, identity.register(TEAM), urgency)
                                   for urgency in (Urgency.ROUTINE, Urgency.SOON, Urgency.SOON))
    assert {r.status for r in (routine, soon_old, soon_new)} == {RequestStatus.WAITING}
    supporter = identity.register(OTHER_TEAM)
    first = len(uow.published)
    identity.grant(supporter, monthly_hours=2)
    assert [(r.status, r.supporter_id) for r in (soon_old, soon_new)] == [(RequestStatus.ALLOCATED, supporter)] * 2
    assert routine.status == RequestStatus.WAITING
    assert [(e.type, e.subject) for e in uow.published[first:]] == [
        ("sessions.supporter.activated", supporter),
        ("sessions.request.allocated", soon_old.id),
        ("sessions.request.allocated", soon_new.id),
    ]


def test_the_activation_leaves_before_the_waiting_list_is_served_when_it_comes_back(uow, identity: Identity):
    waiting = ask(uow, identity.register(TEAM))
    record = registered(OTHER_TEAM)
    supporter = record.data.staff_id
    HANDLERS[record.type](record, uow)
    HANDLERS["identity.role.granted"](granted(supporter), uow)
    uow.commit()
    assert uow.published_types()[-1] == "sessions.supporter.activated"
    assert waiting.status == RequestStatus.WAITING  # the activation's transaction serves nobody
    activated = uow.published[-1]
    HANDLERS[activated.type](activated, uow)  # sessions' own event, back from its queue
    uow.commit()
    assert (waiting.status, waiting.supporter_id) == (RequestStatus.ALLOCATED, supporter)
    served = len(uow.published)
    HANDLERS[activated.type](activated, uow)  # applied again, it would serve nothing more
    uow.commit()
    assert len(uow.published) == served


def test_a_reinstated_supporter_is_allocatable_again_and_takes_the_waiting_list(uow, identity: Identity):
    record = registered(OTHER_TEAM)
    supporter = record.data.staff_id
    identity.deliver(record)
    identity.grant(supporter)
    identity.left(supporter)
    assert not allocatable(uow, supporter)
    waiting = ask(uow, identity.register(TEAM))
    assert waiting.status == RequestStatus.WAITING
    identity.deliver(replace(record, type="identity.staff.reinstated", time=datetime.now(UTC)))
    assert allocatable(uow, supporter)
    assert (waiting.status, waiting.supporter_id) == (RequestStatus.ALLOCATED, supporter)
    assert [s for s, _ in activations(uow)] == [supporter, supporter]


def test_a_revoked_supporters_requests_move_to_someone_else_or_wait(uow, identity: Identity):
    leaving = identity.supporter(OTHER_TEAM, monthly_hours=5)
    staying = identity.supporter(OTHER_TEAM, monthly_hours=1)
    held = [ask(uow, identity.register(TEAM)) for _ in range(3)]
    # Least loaded first: one each, then the third to the one with hours left.
    assert sorted(r.supporter_id for r in held) == sorted([staying, leaving, leaving])
    first = len(uow.published)
    identity.revoke(leaving)
    assert not allocatable(uow, leaving)
    assert sorted((r.status, r.supporter_id or "") for r in held) == sorted(
        [(RequestStatus.ALLOCATED, staying), (RequestStatus.WAITING, ""), (RequestStatus.WAITING, "")])
    moved = {r.id for r in held if r.status == RequestStatus.WAITING}
    assert [e.type for e in uow.published[first:]] == ["sessions.request.reallocated", "sessions.request.waiting"] * 2
    assert {e.subject for e in uow.published[first:]} == moved
    assert {e.data.cause for e in uow.published[first:] if e.type == "sessions.request.reallocated"} == {
        "supporter_withdrawn"}


def test_a_colleague_who_leaves_has_their_requests_closed_and_their_supporter_takes_the_next_waiting(
        uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    leaving = identity.register(TEAM)
    held = ask(uow, leaving)
    assert held.supporter_id == supporter
    waiting_too, other = ask(uow, leaving), ask(uow, identity.register(TEAM))
    assert (waiting_too.status, other.status) == (RequestStatus.WAITING, RequestStatus.WAITING)
    identity.left(leaving)
    assert (held.status, waiting_too.status) == (RequestStatus.CLOSED, RequestStatus.CLOSED)
    assert held.closed_by == leaving
    # The supporter's hour, freed, goes to the colleague who still waits; never to the leaver's other request.
    assert (other.status, other.supporter_id) == (RequestStatus.ALLOCATED, supporter)
    identity.left(leaving)  # the news again changes nothing
    assert other.supporter_id == supporter


def test_a_supporter_who_leaves_hands_their_requests_on(uow, identity: Identity):
    leaving = identity.supporter(OTHER_TEAM)
    request = ask(uow, identity.register(TEAM))
    assert request.supporter_id == leaving
    successor = identity.supporter(OTHER_TEAM)
    identity.left(leaving)
    assert (request.status, request.supporter_id) == (RequestStatus.ALLOCATED, successor)
    last = uow.published[-1]
    assert (last.type, last.subject, last.data.supporter_id) == ("sessions.request.allocated", request.id, successor)


def test_a_late_older_snapshot_changes_nothing_and_a_newer_one_saying_left_withdraws(uow, identity: Identity):
    record = registered(OTHER_TEAM)
    supporter = record.data.staff_id
    identity.deliver(record)
    identity.grant(supporter)
    request = ask(uow, identity.register(TEAM))
    identity.deliver(registered(TEAM, staff_id=supporter, status="left", at=record.time - timedelta(minutes=1)))
    assert (uow.staff.get(supporter).team_id, allocatable(uow, supporter)) == (OTHER_TEAM, True)
    identity.deliver(registered(OTHER_TEAM, staff_id=supporter, status="left", at=record.time + timedelta(minutes=1)))
    assert not allocatable(uow, supporter)
    assert (request.status, request.supporter_id) == (RequestStatus.WAITING, None)


def test_a_revocation_that_arrives_before_its_grant_is_remembered(uow, identity: Identity):
    supporter = identity.register(OTHER_TEAM)
    now = datetime.now(UTC)
    identity.deliver(revoked(supporter, at=now))
    identity.deliver(granted(supporter, at=now - timedelta(minutes=1)))
    assert uow.supporters.get(supporter).active is False
    assert activations(uow) == []


def test_a_lapsed_supporter_takes_no_new_requests_but_keeps_those_they_hold(uow, identity: Identity):
    lapsing = identity.supporter(OTHER_TEAM, monthly_hours=5)
    held = ask(uow, identity.register(TEAM))
    lapsed = certification(LAPSED, lapsing)
    identity.deliver(lapsed)
    identity.deliver(lapsed)
    assert not allocatable(uow, lapsing)
    assert (held.status, held.supporter_id) == (RequestStatus.ALLOCATED, lapsing)
    waiting = ask(uow, identity.register(TEAM))
    assert waiting.status == RequestStatus.WAITING

    identity.deliver(certification(RENEWED, lapsing))
    assert allocatable(uow, lapsing)
    assert activations(uow) == [(lapsing, 5), (lapsing, 5)]
    assert (waiting.status, waiting.supporter_id) == (RequestStatus.ALLOCATED, lapsing)


def test_a_level_3_lapse_stale_news_and_news_of_a_non_supporter_change_nothing(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM)
    identity.deliver(certification(LAPSED, supporter, level=3))
    assert allocatable(uow, supporter)
    renewed = certification(RENEWED, supporter)
    identity.deliver(certification(LAPSED, supporter))
    identity.deliver(replace(renewed, time=renewed.time - timedelta(days=1)))
    assert not allocatable(uow, supporter)
    published = len(uow.published)
    identity.deliver(certification(LAPSED, str(uuid.uuid4())))
    assert len(uow.published) == published


def test_a_lapsed_supporter_whose_role_goes_hands_their_requests_on(uow, identity: Identity):
    lapsing = identity.supporter(OTHER_TEAM)
    request = ask(uow, identity.register(TEAM))
    identity.deliver(certification(LAPSED, lapsing))
    successor = identity.supporter(OTHER_TEAM)
    identity.revoke(lapsing)
    assert (request.status, request.supporter_id) == (RequestStatus.ALLOCATED, successor)


def test_raised_hours_serve_the_waiting_list_at_once_within_the_new_hours(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=1)
    first, second, third = (ask(uow, identity.register(TEAM)) for _ in range(3))
    assert [r.status for r in (first, second, third)] == [RequestStatus.ALLOCATED] + [RequestStatus.WAITING] * 2
    identity.change_hours(supporter, 2)
    assert uow.supporters.get(supporter).monthly_capacity == 2
    assert [(r.status, r.supporter_id) for r in (second, third)] == [
        (RequestStatus.ALLOCATED, supporter), (RequestStatus.WAITING, None)]


def test_lowered_hours_keep_the_cases_held_and_take_no_new_ones(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=2)
    held = ask(uow, identity.register(TEAM))
    identity.change_hours(supporter, 1)
    assert uow.supporters.get(supporter).monthly_capacity == 1 and held.supporter_id == supporter
    assert ask(uow, identity.register(TEAM)).status == RequestStatus.WAITING


def test_hours_news_applies_once_in_its_order_and_a_lifted_grant_keeps_the_newer(uow, identity: Identity):
    supporter = identity.supporter(OTHER_TEAM, monthly_hours=4)
    later = datetime.now(UTC)
    uow.deliver(hours_changed(supporter, 3, at=later))
    uow.deliver(hours_changed(supporter, 6, at=later - timedelta(seconds=1)))  # older news, arriving late
    uow.deliver(hours_changed(supporter, 6, at=later))  # the same moment again: a redelivery
    assert uow.supporters.get(supporter).monthly_capacity == 3
    uow.deliver(granted(supporter, monthly_hours=4, at=later - timedelta(seconds=2)))  # a grant from before it
    assert uow.supporters.get(supporter).monthly_capacity == 3


def test_hours_changed_before_the_grant_arrived_are_retried(uow, identity: Identity):
    with pytest.raises(SupporterNotYetKnown):
        uow.deliver(hours_changed(str(uuid.uuid4()), 3))
