"""Arranging conversations, availability, feedback and calendar feeds through the use cases, on the fakes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from psn_shared.roles import Role
from services.sessions.tests.news import Identity
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork
from sessions.domain.caps import CapLimits
from sessions.domain.conversations import ConversationStatus, london
from sessions.domain.feedback import Helped
from sessions.domain.model import Mode, Scope, Urgency
from sessions.service_layer import availability, calendars, commands, common, conversations, feedback

TEAM = str(uuid.uuid4())
LINK = "https://psn.example/feedback#token="


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


def day_at(days: int, hour: int, minutes: int = 60) -> tuple[datetime, datetime]:
    """`days` ahead, at `hour` o'clock London time."""
    local = london(datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return local, local + timedelta(minutes=minutes)


def pair(uow: FakeSessionsUnitOfWork, identity: Identity, supporter: str | None = None,
         requester_phone: str | None = "07700 900123") -> tuple[str, str, str]:
    supporter = supporter or identity.supporter(TEAM, monthly_hours=10)
    requester = identity.register(TEAM, phone=requester_phone)
    request = commands.request_support(commands.RequestSupport(
        requester_id=requester, mode=Mode.VIDEO, scope=Scope.ANY, urgency=Urgency.SOON, details="Hard week."), uow)
    assert request.supporter_id == supporter
    return request.id, requester, supporter


def propose(uow, request_id: str, who: str, *slots, mode=Mode.PHONE):
    cmd = conversations.Propose(request_id=request_id, slots=list(slots), mode=mode)
    return conversations.propose(cmd, caller(who), uow)


def test_a_proposal_booked_by_the_other_person_is_announced_once(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    proposal = propose(uow, request_id, sue, day_at(3, 10), day_at(4, 10))
    offered = uow.published[-1]
    assert (offered.type, offered.data.proposed_by, offered.data.requester_id) == (
        "sessions.conversation.proposed", sue, ann)
    assert [t.starts_at for t in offered.data.times] == [day_at(3, 10)[0], day_at(4, 10)[0]]
    commits = uow.commits
    booked = conversations.accept(proposal.id, 1, caller(ann), uow)
    assert (booked.status, booked.starts_at) == (ConversationStatus.BOOKED, day_at(4, 10)[0].astimezone(UTC))
    assert uow.commits == commits + 1
    event = uow.published[-1]
    assert (event.type, event.data.requester_id, event.data.supporter_id) == (
        "sessions.conversation.booked", ann, sue)


def test_times_offered_in_answer_are_announced_to_the_first_to_offer(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    proposal = propose(uow, request_id, sue, day_at(3, 10))
    commits = uow.commits
    conversations.answer(conversations.Answer(conversation_id=proposal.id, slots=[day_at(5, 14, minutes=30)],
                                              mode=Mode.PHONE), caller(ann), uow)
    assert uow.commits == commits + 1
    answered = uow.published[-1]
    assert (answered.type, answered.data.proposed_by, answered.data.conversation_id) == (
        "sessions.conversation.proposed", ann, proposal.id)
    assert [(t.starts_at, t.ends_at) for t in answered.data.times] == [day_at(5, 14, minutes=30)]
    assert uow.published_types().count("sessions.conversation.proposed") == 2


def test_times_withdrawn_or_declined_are_announced_to_the_other_person(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    withdrawn = propose(uow, request_id, sue, day_at(3, 10))
    conversations.cancel(withdrawn.id, "My rota changed.", caller(sue), uow)
    event = uow.published[-1]
    assert (event.type, event.data.proposed_by, event.data.withdrawn_by, event.data.conversation_id) == (
        "sessions.conversation.withdrawn", sue, sue, withdrawn.id)
    declined = propose(uow, request_id, sue, day_at(4, 10))
    conversations.cancel(declined.id, "None of these suit me.", caller(ann), uow)
    assert (uow.published[-1].data.proposed_by, uow.published[-1].data.withdrawn_by) == (sue, ann)
    assert "sessions.conversation.cancelled" not in uow.published_types()


def test_a_phone_conversation_needs_a_number_in_either_person_s_details(uow, identity):
    request_id, ann, sue = pair(uow, identity, identity.supporter(TEAM, monthly_hours=10), requester_phone=None)
    commits, published = uow.commits, len(uow.published)
    with pytest.raises(Conflict) as refused:
        propose(uow, request_id, sue, day_at(3, 10))
    assert refused.value.field == "mode" and "phone number" in str(refused.value)
    assert (uow.commits, len(uow.published), uow.conversations.open_for_request(request_id)) == (commits, published, [])
    video = conversations.propose(conversations.Propose(request_id=request_id, slots=[day_at(3, 10)], mode=Mode.VIDEO,
                                                        link="https://meet.example/a"), caller(sue), uow)
    with pytest.raises(Conflict):
        conversations.answer(conversations.Answer(conversation_id=video.id, slots=[day_at(4, 10)], mode=Mode.PHONE),
                             caller(ann), uow)
    assert video.mode == Mode.VIDEO


def test_one_number_between_the_two_is_enough_for_a_phone_conversation(uow, identity):
    supporter = identity.supporter(TEAM, monthly_hours=10, phone="07700 900456")
    request_id, _, sue = pair(uow, identity, supporter, requester_phone=None)
    assert propose(uow, request_id, sue, day_at(3, 10)).mode == Mode.PHONE


def test_nobody_is_double_booked_and_a_refusal_writes_nothing(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    other_request, bob, _ = pair(uow, identity, supporter=sue)
    first = propose(uow, request_id, ann, day_at(3, 10))
    conversations.accept(first.id, 0, caller(sue), uow)
    commits, held, announced = uow.commits, len(uow.conversations), len(uow.published)
    with pytest.raises(Conflict, match="the other person already has something booked") as refused:
        propose(uow, other_request, bob, day_at(3, 10, minutes=30))
    assert refused.value.field == "slots"
    assert (uow.commits, len(uow.conversations), len(uow.published)) == (commits, held, announced)
    with pytest.raises(Conflict, match="clashes with your conversation"):
        propose(uow, other_request, sue, day_at(3, 10, minutes=30))


def test_a_requesters_proposal_outside_the_windows_is_refused_naming_them(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    weekday = london(datetime.now(UTC) + timedelta(days=3)).weekday()
    availability.set_windows(sue, [(weekday, time(9), time(12))], caller(sue), uow)
    with pytest.raises(InvalidInput, match="outside the supporter's availability") as refused:
        propose(uow, request_id, ann, day_at(3, 14))
    assert refused.value.field == "slots"
    assert "09:00-12:00" in refused.value.detail
    propose(uow, request_id, ann, day_at(3, 9))
    # The supporter may offer a time outside their own windows.
    other_request, _, _ = pair(uow, identity, supporter=sue)
    propose(uow, other_request, sue, day_at(3, 14))


def test_only_the_pair_arrange_and_a_stranger_learns_nothing(uow, identity):
    request_id, ann, _ = pair(uow, identity)
    stranger, coordinator = identity.register(TEAM), identity.register(TEAM)
    with pytest.raises(NotFound):
        propose(uow, request_id, stranger, day_at(3, 10))
    with pytest.raises(Forbidden):
        conversations.propose(conversations.Propose(request_id=request_id, slots=[day_at(3, 10)], mode=Mode.PHONE),
                              caller(coordinator, Role.COORDINATOR), uow)
    proposal = propose(uow, request_id, ann, day_at(3, 10))
    with pytest.raises(NotFound):
        conversations.conversation(proposal.id, caller(stranger), uow)
    assert conversations.conversation(proposal.id, caller(coordinator, Role.COORDINATOR), uow) is proposal


def test_a_closed_request_takes_no_proposal_and_one_proposal_at_a_time(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    propose(uow, request_id, ann, day_at(3, 10))
    with pytest.raises(Conflict, match="already being arranged") as refused:
        propose(uow, request_id, sue, day_at(5, 10))
    assert refused.value.field == "request_id"
    commands.close_request(request_id, caller(ann), uow)
    [pending] = uow.conversations.for_request(request_id)
    assert pending.status == ConversationStatus.CANCELLED  # called off with the request
    with pytest.raises(Conflict):
        conversations.accept(pending.id, 0, caller(sue), uow)
    with pytest.raises(Conflict, match="closed") as refused:
        propose(uow, request_id, ann, day_at(6, 10))
    assert refused.value.field == "request_id"


def test_attended_invites_anonymous_feedback_which_is_stored_without_the_person(uow, identity, monkeypatch):
    request_id, ann, sue = pair(uow, identity)
    proposal = propose(uow, request_id, sue, day_at(2, 10))
    conversations.accept(proposal.id, 0, caller(ann), uow)
    later = proposal.starts_at + timedelta(hours=1)
    monkeypatch.setattr(conversations, "now", lambda: later)
    with pytest.raises(Forbidden):
        conversations.record_outcome(proposal.id, True, LINK, caller(ann), uow)
    conversations.record_outcome(proposal.id, True, LINK, caller(sue), uow)
    attended, invited = uow.published[-2:]
    assert attended.type == "sessions.conversation.attended"
    assert invited.type == "sessions.feedback.invited" and invited.subject is None
    assert invited.data.requester_id == ann and invited.data.feedback_url.startswith(LINK)
    token = invited.data.feedback_url.removeprefix(LINK)
    [invitation] = uow.feedback.invitations
    assert ann not in vars(invitation).values() and proposal.id not in vars(invitation).values()
    feedback.respond(token, 5, Helped.YES, "Kind and calm.", uow)
    [response] = uow.feedback.responses
    assert ann not in vars(response).values() and response.week_of.weekday() == 0
    assert len(uow.feedback.invitations) == 0
    with pytest.raises(NotFound) as refused:
        feedback.respond(token, 4, Helped.YES, None, uow)
    assert refused.value.field == "token"
    assert feedback.own_feedback(sue, caller(sue), uow)["responses"] == "<5"
    with pytest.raises(Forbidden):
        feedback.own_feedback(sue, caller(ann), uow)
    with pytest.raises(Forbidden):
        feedback.network_feedback(caller(sue), uow)


def test_a_rotated_feed_secret_stops_the_old_address(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    _, first = calendars.rotate(caller(ann), uow)
    proposal = propose(uow, request_id, sue, day_at(2, 10))
    conversations.accept(proposal.id, 0, caller(ann), uow)
    owner, entries = calendars.entries(first, uow)
    assert (owner, [e.uid for e in entries]) == (ann, [f"{proposal.id}@sessions.psn"])
    _, second = calendars.rotate(caller(ann), uow)
    with pytest.raises(NotFound):
        calendars.entries(first, uow)
    assert [e.uid for e in calendars.entries(second, uow)[1]] == [f"{proposal.id}@sessions.psn"]
    calendars.stop(caller(ann), uow)
    with pytest.raises(NotFound):
        calendars.entries(second, uow)


def test_when_the_pairing_ends_what_was_arranged_is_called_off_and_the_booked_one_announced(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    booked = propose(uow, request_id, sue, day_at(3, 10))
    conversations.accept(booked.id, 0, caller(ann), uow)
    pending = propose(uow, request_id, ann, day_at(5, 10))
    commits = uow.commits
    common.call_off(request_id, sue, ann, "The request was closed.", uow)
    assert (booked.status, pending.status) == (ConversationStatus.CANCELLED, ConversationStatus.CANCELLED)
    assert uow.pending_types() == ["sessions.conversation.cancelled"]
    assert uow.commits == commits  # part of the caller's transaction, which commits it


def test_a_supporters_full_week_takes_no_more_bookings(uow, identity):
    uow.caps = CapLimits(max_conversations_per_week=1)
    request_id, ann, sue = pair(uow, identity)
    first = propose(uow, request_id, sue, day_at(14, 10))
    conversations.accept(first.id, 0, caller(ann), uow)
    other_request, bob, _ = pair(uow, identity, supporter=sue)
    with pytest.raises(Conflict, match=r"week of .* is full \(at most 1 a week\)") as refused:
        propose(uow, other_request, bob, day_at(14, 14))
    assert refused.value.field == "slots"
    propose(uow, other_request, bob, day_at(21, 14))
    # Moving the one booking within its own week is no extra conversation.
    conversations.reschedule(conversations.Reschedule(
        conversation_id=first.id, starts_at=day_at(14, 15)[0], ends_at=day_at(14, 15)[1], reason="Clash."),
        caller(sue), uow)


def test_closing_or_handing_on_a_request_calls_off_its_booked_conversation(uow, identity):
    request_id, ann, sue = pair(uow, identity)
    booked = propose(uow, request_id, sue, day_at(3, 10))
    conversations.accept(booked.id, 0, caller(ann), uow)
    commands.close_request(request_id, caller(ann), uow)
    assert booked.status == ConversationStatus.CANCELLED
    assert "sessions.conversation.cancelled" in uow.published_types()
