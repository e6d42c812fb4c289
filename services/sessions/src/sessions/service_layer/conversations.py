"""Arranging conversations: propose times, answer, book, move, cancel, and record how it went.

Booking, moving and proposing take the allocation lock (`serialise_allocations`): the busy-time
check reads and the booking writes, and two people booking the same hour at once must not both
succeed. Each use case commits; the reads (`conversation`, `conversations_of`) never do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, NotFound
from sessions.domain import policy
from sessions.domain.availability import refuse_unless_available
from sessions.domain.busy import refuse_if_busy
from sessions.domain.conversations import (
    Conversation,
    ConversationStatus,
    Slot,
    Venue,
    refuse_if_week_full,
    refuse_unless_reachable_by_phone,
)
from sessions.domain.feedback import FeedbackInvitation
from sessions.domain.model import Mode, RequestStatus, SupportRequest
from sessions.events import published
from sessions.service_layer.common import now
from sessions.service_layer.queries import readable_request
from sessions.service_layer.uow import SessionsUnitOfWork

NO_SUCH_CONVERSATION = "no such conversation"
ONLY_THE_PAIR = "only the colleague and their supporter arrange their conversations"


@dataclass(frozen=True)
class Propose:
    request_id: str
    slots: list[tuple[datetime, datetime]]
    mode: Mode
    link: str | None = None
    room: str | None = None


@dataclass(frozen=True)
class Answer:
    conversation_id: str
    slots: list[tuple[datetime, datetime]]
    mode: Mode
    link: str | None = None
    room: str | None = None


@dataclass(frozen=True)
class Reschedule:
    conversation_id: str
    starts_at: datetime
    ends_at: datetime
    reason: str
    mode: Mode | None = None
    link: str | None = None
    room: str | None = None


def propose(cmd: Propose, principal: Principal, uow: SessionsUnitOfWork) -> Conversation:
    """Either party offers up to three times for a conversation on their allocated request; the other is told."""
    uow.serialise_allocations()
    request = readable_request(cmd.request_id, principal, uow)
    if request.supporter_id is None or not policy.may_arrange_conversation(
            request.requester_id, request.supporter_id, principal):
        raise Forbidden(ONLY_THE_PAIR)
    _still_allocated(request, request.supporter_id)
    if any(c.status == ConversationStatus.PROPOSED for c in uow.conversations.open_for_request(request.id)):
        raise Conflict("times are already being arranged for this request: answer or withdraw that proposal",
                       field="request_id")
    at = now()
    slots = [Slot.checked(starts, ends, at) for starts, ends in cmd.slots]
    venue = Venue.checked(cmd.mode, cmd.link, cmd.room)
    _reachable(venue, request.requester_id, request.supporter_id, uow)
    conversation = Conversation.propose(
        request_id=request.id, requester_id=request.requester_id, supporter_id=request.supporter_id,
        by=principal.staff_id, slots=slots, venue=venue, at=at,
    )
    _fits(conversation, conversation.slots, principal.staff_id, uow, field="slots")
    uow.conversations.add(conversation)
    uow.publish(published.conversation_proposed(conversation))
    uow.commit()
    return conversation


def answer(cmd: Answer, principal: Principal, uow: SessionsUnitOfWork) -> Conversation:
    """The other party proposes times of their own instead, and the first is told of them in turn."""
    uow.serialise_allocations()
    conversation, _ = _arranging(cmd.conversation_id, principal, uow)
    at = now()
    slots = [Slot.checked(starts, ends, at) for starts, ends in cmd.slots]
    venue = Venue.checked(cmd.mode, cmd.link, cmd.room)
    _reachable(venue, conversation.requester_id, conversation.supporter_id, uow)
    conversation.answer(principal.staff_id, slots, venue, at)
    _fits(conversation, conversation.slots, principal.staff_id, uow, field="slots")
    uow.publish(published.conversation_proposed(conversation))
    uow.commit()
    return conversation


def accept(conversation_id: str, slot: int, principal: Principal, uow: SessionsUnitOfWork) -> Conversation:
    """Book one of the proposed times, if both people are still free then."""
    uow.serialise_allocations()
    conversation, _ = _arranging(conversation_id, principal, uow)
    chosen = conversation.accept(principal.staff_id, slot, now())
    _refuse_if_busy(conversation, chosen, principal.staff_id, uow, field="slot")
    uow.publish(published.conversation_booked(conversation))
    uow.commit()
    return conversation


def reschedule(cmd: Reschedule, principal: Principal, uow: SessionsUnitOfWork) -> Conversation:
    """Move a booked conversation (either party, before it starts); each move is counted."""
    uow.serialise_allocations()
    conversation, _ = _arranging(cmd.conversation_id, principal, uow)
    at = now()
    slot = Slot.checked(cmd.starts_at, cmd.ends_at, at, field="starts_at")
    venue = Venue.checked(cmd.mode, cmd.link, cmd.room) if cmd.mode is not None else None
    if venue is not None:
        _reachable(venue, conversation.requester_id, conversation.supporter_id, uow)
    previous = conversation.starts_at
    conversation.reschedule(principal.staff_id, slot, cmd.reason, venue, at)
    assert previous is not None
    _fits(conversation, [slot], principal.staff_id, uow, field="starts_at")
    uow.publish(published.conversation_rescheduled(conversation, previous))
    uow.commit()
    return conversation


def cancel(conversation_id: str, reason: str, principal: Principal, uow: SessionsUnitOfWork) -> Conversation:
    """Withdraw a proposal, or cancel a booking (late inside 24 hours); also once the request is closed. The other
    person is told either way."""
    conversation, _ = _party_to(conversation_id, principal, uow)
    was_booked = conversation.status == ConversationStatus.BOOKED
    conversation.cancel(principal.staff_id, reason, now())
    uow.publish(published.conversation_cancelled(conversation) if was_booked
                else published.conversation_withdrawn(conversation))
    uow.commit()
    return conversation


def record_outcome(conversation_id: str, attended: bool, feedback_link: str, principal: Principal,
                   uow: SessionsUnitOfWork) -> Conversation:
    """The supporter records attended or no-show; an attended one invites the requester's anonymous feedback."""
    conversation, _ = _party_to(conversation_id, principal, uow)
    conversation.record_outcome(principal.staff_id, attended, now())
    if attended:
        uow.publish(published.conversation_attended(conversation))
        if not conversation.feedback_invited:
            assert conversation.starts_at is not None
            invitation, token = FeedbackInvitation.issue(conversation.supporter_id, conversation.starts_at)
            uow.feedback.invite(invitation)
            conversation.feedback_invited = True
            uow.publish(published.feedback_invited(conversation.requester_id, invitation, feedback_link + token))
    uow.commit()
    return conversation


def conversation(conversation_id: str, principal: Principal, uow: SessionsUnitOfWork) -> Conversation:
    return _visible(conversation_id, principal, uow)[0]


def conversations_of(request_id: str, principal: Principal, uow: SessionsUnitOfWork) -> list[Conversation]:
    """A request's conversations, oldest first; a supporter who handed the request on sees none of them."""
    request = readable_request(request_id, principal, uow)
    return [c for c in uow.conversations.for_request(request.id)
            if policy.may_see_conversation(c.requester_id, c.supporter_id, request, principal)]


def _visible(conversation_id: str, principal: Principal,
             uow: SessionsUnitOfWork) -> tuple[Conversation, SupportRequest]:
    found = uow.conversations.get(conversation_id)
    request = uow.requests.get(found.request_id) if found is not None else None
    if found is None or request is None or not policy.may_see_conversation(
            found.requester_id, found.supporter_id, request, principal):
        raise NotFound(NO_SUCH_CONVERSATION)
    return found, request


def _party_to(conversation_id: str, principal: Principal,
              uow: SessionsUnitOfWork) -> tuple[Conversation, SupportRequest]:
    found, request = _visible(conversation_id, principal, uow)
    if not policy.may_arrange_conversation(found.requester_id, found.supporter_id, principal):
        raise Forbidden(ONLY_THE_PAIR)
    return found, request


def _arranging(conversation_id: str, principal: Principal,
               uow: SessionsUnitOfWork) -> tuple[Conversation, SupportRequest]:
    """A conversation still being arranged between the pair who hold its request now."""
    found, request = _party_to(conversation_id, principal, uow)
    _still_allocated(request, found.supporter_id)
    return found, request


def _still_allocated(request: SupportRequest, supporter_id: str) -> None:
    if request.status != RequestStatus.ALLOCATED or request.supporter_id != supporter_id:
        state = "closed" if request.status == RequestStatus.CLOSED else "no longer with this supporter"
        raise Conflict(f"this support request is {state}: no conversation can be arranged on it", field="request_id")


def _reachable(venue: Venue, requester_id: str, supporter_id: str, uow: SessionsUnitOfWork) -> None:
    if venue.mode == Mode.PHONE:
        pair = uow.staff.many([requester_id, supporter_id])
        refuse_unless_reachable_by_phone([member.phone for member in pair.values()])


def _fits(conversation: Conversation, slots: list[Slot], caller_id: str, uow: SessionsUnitOfWork,
          field: str) -> None:
    """Times a requester proposes fall in the supporter's windows; nobody's time is booked twice."""
    if caller_id == conversation.requester_id:
        windows = uow.availability.windows(conversation.supporter_id)
        first_day = min(slot.starts_at for slot in slots).date()
        leave = uow.availability.leave(conversation.supporter_id, ending_on_or_after=first_day)
        for slot in slots:
            refuse_unless_available(slot, windows, leave, field=field)
    for slot in slots:
        _refuse_if_busy(conversation, slot, caller_id, uow, field=field)


def _refuse_if_busy(conversation: Conversation, slot: Slot, caller_id: str, uow: SessionsUnitOfWork,
                    field: str) -> None:
    """Nobody's time twice, and no more conversations in the supporter's week than the cap allows."""
    busy = uow.busy_times.busy(conversation.parties, slot.starts_at, slot.ends_at, excluding=conversation.id)
    refuse_if_busy(slot, busy, caller_id, field=field)
    that_week = uow.conversations.booked_in_week_of(conversation.supporter_id, slot.starts_at,
                                                    excluding=conversation.id)
    refuse_if_week_full(slot, that_week, uow.caps.max_conversations_per_week, field)
