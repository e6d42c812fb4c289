"""Notifications' reactions to sessions' conversation and feedback events: the person to choose a time
told of the times offered, the other told when times offered are withdrawn or declined; both people told
of a booking, move or cancellation, and the reminders before a conversation planned, re-planned or
dropped (they never commit: the consumer does)."""

from __future__ import annotations

from datetime import datetime

from notifications.domain import conversation_notices
from notifications.service_layer import reminder_reactions
from notifications.service_layer.reactions import tell
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.events.contracts import (
    ConversationBooked,
    ConversationCancelled,
    ConversationProposed,
    ConversationRescheduled,
    ConversationWithdrawn,
    FeedbackInvited,
)
from psn_shared.staff_copy import copy_of


def times_offered(event_id: str, offer: ConversationProposed, uow: NotificationsUnitOfWork) -> None:
    requester, supporter = copy_of(uow.staff, offer.requester_id), copy_of(uow.staff, offer.supporter_id)
    times = [{"starts_at": t.starts_at.isoformat(), "ends_at": t.ends_at.isoformat()} for t in offer.times]
    tell(event_id, conversation_notices.times_offered(requester, supporter, offer.proposed_by, times, offer.mode),
         uow)


def times_withdrawn(event_id: str, withdrawal: ConversationWithdrawn, uow: NotificationsUnitOfWork) -> None:
    requester, supporter = copy_of(uow.staff, withdrawal.requester_id), copy_of(uow.staff, withdrawal.supporter_id)
    tell(event_id, conversation_notices.times_withdrawn(requester, supporter, withdrawal.proposed_by,
                                                        withdrawal.withdrawn_by), uow)


def conversation_booked(event_id: str, booking: ConversationBooked, uow: NotificationsUnitOfWork) -> None:
    requester, supporter = copy_of(uow.staff, booking.requester_id), copy_of(uow.staff, booking.supporter_id)
    tell(event_id, conversation_notices.conversation_booked(
        requester, supporter, booking.starts_at, booking.mode, booking.link, booking.room), uow)
    reminder_reactions.plan_meeting(booking, utcnow(), uow)


def conversation_rescheduled(event_id: str, move: ConversationRescheduled, uow: NotificationsUnitOfWork) -> None:
    requester, supporter = copy_of(uow.staff, move.requester_id), copy_of(uow.staff, move.supporter_id)
    tell(event_id, conversation_notices.conversation_rescheduled(
        requester, supporter, move.starts_at, move.previous_starts_at, move.mode, move.link, move.room), uow)
    reminder_reactions.plan_meeting(move, utcnow(), uow)


def conversation_cancelled(event_id: str, cancellation: ConversationCancelled, uow: NotificationsUnitOfWork,
                           cancelled_at: datetime | None = None) -> None:
    """`cancelled_at`: the event's time (a cancellation close to the start is critical)."""
    requester = copy_of(uow.staff, cancellation.requester_id)
    supporter = copy_of(uow.staff, cancellation.supporter_id)
    tell(event_id, conversation_notices.conversation_cancelled(
        requester, supporter, cancellation.starts_at, cancellation.cancelled_by, cancelled_at or utcnow()), uow)
    reminder_reactions.drop_meeting(cancellation.conversation_id, uow)


def feedback_invited(event_id: str, invitation: FeedbackInvited, uow: NotificationsUnitOfWork) -> None:
    """The requester alone, in the inbox and by email (the link is theirs, single use)."""
    requester = copy_of(uow.staff, invitation.requester_id)
    tell(event_id, conversation_notices.feedback_invited(requester, invitation.feedback_url,
                                                         invitation.respond_by), uow)
