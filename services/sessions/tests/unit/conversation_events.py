"""The conversation and feedback events, built from domain objects, for test_published's catalogue check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from psn_shared.events import NewEvent
from sessions.domain.conversations import Conversation, Slot, Venue
from sessions.domain.feedback import FeedbackInvitation
from sessions.domain.model import Mode
from sessions.events import published

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)
REQUEST = "5a1b2c3d-0000-4000-8000-00000000000a"
SUE, ANN = "5a1b2c3d-0000-4000-8000-000000000001", "5a1b2c3d-0000-4000-8000-000000000002"


def proposed(mode: Mode = Mode.VIDEO) -> Conversation:
    """Sue offers two times, the later first."""
    later = Slot(NOW + timedelta(days=11), NOW + timedelta(days=11, minutes=45))
    sooner = Slot(NOW + timedelta(days=10), NOW + timedelta(days=10, hours=1))
    return Conversation.propose(
        request_id=REQUEST, requester_id=ANN, supporter_id=SUE, by=SUE, slots=[later, sooner],
        venue=Venue.checked(mode, "https://meet.example/abc", "Room 4"), at=NOW)


def booked(mode: Mode = Mode.VIDEO) -> Conversation:
    conversation = proposed(mode)
    conversation.accept(ANN, 0, NOW)
    return conversation


def rescheduled() -> Conversation:
    conversation = booked()
    later = Slot(NOW + timedelta(days=11), NOW + timedelta(days=11, hours=1))
    conversation.reschedule(ANN, later, "A clash with a shift.", None, NOW)
    return conversation


def cancelled() -> Conversation:
    conversation = booked()
    conversation.cancel(SUE, "Off sick.", NOW)
    return conversation


def withdrawn() -> Conversation:
    conversation = proposed()
    conversation.cancel(ANN, "None of these suit me.", NOW)
    return conversation


def attended() -> Conversation:
    conversation = booked()
    assert conversation.starts_at is not None
    conversation.record_outcome(SUE, True, conversation.starts_at)
    return conversation


def invitation() -> FeedbackInvitation:
    return FeedbackInvitation.issue(SUE, NOW)[0]


CONVERSATION_CASES: dict[str, Callable[[], NewEvent]] = {
    "conversation_proposed": lambda: published.conversation_proposed(proposed()),
    "conversation_withdrawn": lambda: published.conversation_withdrawn(withdrawn()),
    "conversation_booked": lambda: published.conversation_booked(booked()),
    "conversation_rescheduled": lambda: published.conversation_rescheduled(rescheduled(), NOW + timedelta(days=10)),
    "conversation_cancelled": lambda: published.conversation_cancelled(cancelled()),
    "conversation_attended": lambda: published.conversation_attended(attended()),
    "feedback_invited": lambda: published.feedback_invited(ANN, invitation(), "https://psn.example/feedback#token=x"),
}
