"""The events sessions publishes, built from its domain objects (payloads in psn_shared's contracts)."""

from __future__ import annotations

from datetime import datetime

from psn_shared.events import NewEvent
from psn_shared.events.contracts import (
    ConversationAttended,
    ConversationBooked,
    ConversationCancelled,
    ConversationProposed,
    ConversationRescheduled,
    ConversationWithdrawn,
    FeedbackInvited,
    GroupSessionBooked,
    GroupSessionCancelled,
    GroupSessionChanged,
    GroupSessionPassedOver,
    GroupSessionPromoted,
    GroupSessionReminded,
    OfferedTime,
    ReferralDecided,
    ReferralSuggested,
    RequestAccepted,
    RequestAllocated,
    RequestHandedBack,
    RequestReallocated,
    RequestWaiting,
    RequestWaitingTooLong,
    SupervisionOverdue,
    SupporterActivated,
    WellbeingReviewCancelled,
    WellbeingReviewReminded,
    WellbeingReviewScheduled,
)
from sessions.domain.conversations import Conversation
from sessions.domain.feedback import FeedbackInvitation
from sessions.domain.model import SupporterProfile, SupportRequest
from sessions.domain.referrals import Referral, ReferralStatus
from sessions.domain.reflective import Booking, GroupSession
from sessions.domain.wellbeing import WellbeingReview


def supporter_activated(profile: SupporterProfile) -> NewEvent:
    """The supporter has become allocatable (each time they do)."""
    return NewEvent("sessions.supporter.activated", SupporterActivated(
        supporter_id=profile.staff_id, monthly_capacity=profile.monthly_capacity,
    ), subject=profile.staff_id)


def request_allocated(request: SupportRequest) -> NewEvent:
    """Ids, mode and time only: a request's details, scope and urgency never leave sessions."""
    return NewEvent("sessions.request.allocated", RequestAllocated(
        request_id=request.id, requester_id=request.requester_id, supporter_id=request.supporter_id,
        mode=request.mode, allocated_at=request.allocated_at,
    ), subject=request.id)


def request_waiting(request: SupportRequest) -> NewEvent:
    return NewEvent("sessions.request.waiting", RequestWaiting(
        request_id=request.id, requester_id=request.requester_id, reason=request.waiting_reason,
    ), subject=request.id)


def referral_suggested(referral: Referral) -> NewEvent:
    """The parties and the urgency: the service suggested and the reason never leave sessions."""
    return NewEvent("sessions.referral.suggested", ReferralSuggested(
        referral_id=referral.id, request_id=referral.request_id, requester_id=referral.requester_id,
        supporter_id=referral.supporter_id, urgent=referral.urgent, suggested_at=referral.created_at,
    ), subject=referral.request_id)


def referral_decided(referral: Referral, request: SupportRequest) -> NewEvent:
    """The state it moved to, by whom and when; `request` says who supports the person now."""
    last = referral.decisions[-1]
    return NewEvent("sessions.referral.decided", ReferralDecided(
        referral_id=referral.id, request_id=referral.request_id, requester_id=referral.requester_id,
        supporter_id=request.supporter_id, decision=referral.status, decided_by=last.decided_by,
        decided_at=last.decided_at,
        safeguarding=referral.safeguarding_override and referral.status == ReferralStatus.MADE,
    ), subject=referral.request_id)


def conversation_proposed(conversation: Conversation) -> NewEvent:
    """The times on offer, for the other person to choose from; where they would meet waits for the booking."""
    return NewEvent("sessions.conversation.proposed", ConversationProposed(
        conversation_id=conversation.id, request_id=conversation.request_id,
        requester_id=conversation.requester_id, supporter_id=conversation.supporter_id,
        proposed_by=conversation.proposed_by, mode=conversation.mode,
        times=[OfferedTime(starts_at=slot.starts_at, ends_at=slot.ends_at) for slot in conversation.slots],
    ), subject=conversation.request_id)


def conversation_withdrawn(conversation: Conversation) -> NewEvent:
    """Times offered and called off before any was chosen, for the other person; the reason stays here."""
    return NewEvent("sessions.conversation.withdrawn", ConversationWithdrawn(
        conversation_id=conversation.id, request_id=conversation.request_id,
        requester_id=conversation.requester_id, supporter_id=conversation.supporter_id,
        proposed_by=conversation.proposed_by, withdrawn_by=conversation.cancelled_by,
    ), subject=conversation.request_id)


def conversation_booked(conversation: Conversation) -> NewEvent:
    """Who meets, when and where (both parties see all of it); never why they meet."""
    return NewEvent("sessions.conversation.booked", ConversationBooked(
        conversation_id=conversation.id, request_id=conversation.request_id,
        requester_id=conversation.requester_id, supporter_id=conversation.supporter_id,
        starts_at=conversation.starts_at, ends_at=conversation.ends_at, mode=conversation.mode,
        link=conversation.link, room=conversation.room,
    ), subject=conversation.request_id)


def conversation_rescheduled(conversation: Conversation, previous_starts_at: datetime) -> NewEvent:
    """The new time and place; the reason stays in sessions."""
    return NewEvent("sessions.conversation.rescheduled", ConversationRescheduled(
        conversation_id=conversation.id, request_id=conversation.request_id,
        requester_id=conversation.requester_id, supporter_id=conversation.supporter_id,
        starts_at=conversation.starts_at, ends_at=conversation.ends_at, mode=conversation.mode,
        link=conversation.link, room=conversation.room, previous_starts_at=previous_starts_at,
        reschedules=conversation.reschedules,
    ), subject=conversation.request_id)


def conversation_cancelled(conversation: Conversation) -> NewEvent:
    """A booked conversation called off (a proposal withdrawn is `conversation_withdrawn`); the reason stays here."""
    return NewEvent("sessions.conversation.cancelled", ConversationCancelled(
        conversation_id=conversation.id, request_id=conversation.request_id,
        requester_id=conversation.requester_id, supporter_id=conversation.supporter_id,
        starts_at=conversation.starts_at, cancelled_by=conversation.cancelled_by,
        late=conversation.late_cancellation,
    ), subject=conversation.request_id)


def conversation_attended(conversation: Conversation) -> NewEvent:
    return NewEvent("sessions.conversation.attended", ConversationAttended(
        conversation_id=conversation.id, request_id=conversation.request_id,
        requester_id=conversation.requester_id, supporter_id=conversation.supporter_id,
        starts_at=conversation.starts_at,
    ), subject=conversation.request_id)


def feedback_invited(requester_id: str, invitation: FeedbackInvitation, feedback_url: str) -> NewEvent:
    """`feedback_url` carries the token; no subject, conversation or supporter ties the event to an answer."""
    return NewEvent("sessions.feedback.invited", FeedbackInvited(
        requester_id=requester_id, feedback_url=feedback_url, respond_by=invitation.expires_on,
    ))


def request_accepted(request: SupportRequest) -> NewEvent:
    return NewEvent("sessions.request.accepted", RequestAccepted(
        request_id=request.id, requester_id=request.requester_id, supporter_id=request.supporter_id,
        accepted_at=request.accepted_at,
    ), subject=request.id)


def request_handed_back(request: SupportRequest, previous_supporter_id: str, at: datetime) -> NewEvent:
    """The supporter's reason stays in sessions (it may say something about the person)."""
    return NewEvent("sessions.request.handed_back", RequestHandedBack(
        request_id=request.id, requester_id=request.requester_id, previous_supporter_id=previous_supporter_id,
        supporter_id=request.supporter_id, handed_back_at=at,
    ), subject=request.id)


def request_reallocated(request: SupportRequest, previous_supporter_id: str, cause: str, at: datetime) -> NewEvent:
    """`cause`: requester_asked, coordinator, line_authority or supporter_withdrawn; nothing the requester said."""
    return NewEvent("sessions.request.reallocated", RequestReallocated(
        request_id=request.id, requester_id=request.requester_id, previous_supporter_id=previous_supporter_id,
        supporter_id=request.supporter_id, cause=cause, reallocated_at=at,
    ), subject=request.id)


def request_waiting_too_long(request: SupportRequest) -> NewEvent:
    return NewEvent("sessions.request.waiting_too_long", RequestWaitingTooLong(
        request_id=request.id, requester_id=request.requester_id, waiting_since=request.waiting_since,
    ), subject=request.id)


def group_session_booked(session: GroupSession, booking: Booking) -> NewEvent:
    """When and where, for the person who booked; never the theme nor who else comes."""
    return NewEvent("sessions.group_session.booked", GroupSessionBooked(
        session_id=session.id, series_id=session.series_id, staff_id=booking.staff_id,
        waiting=not booking.holds_place, starts_at=session.starts_at, ends_at=session.ends_at,
        link=session.link, room=session.room,
    ), subject=session.id)


def group_session_promoted(session: GroupSession, booking: Booking) -> NewEvent:
    return NewEvent("sessions.group_session.promoted", GroupSessionPromoted(
        session_id=session.id, series_id=session.series_id, staff_id=booking.staff_id,
        starts_at=session.starts_at, ends_at=session.ends_at, link=session.link, room=session.room,
    ), subject=session.id)


def group_session_passed_over(session: GroupSession, booking: Booking) -> NewEvent:
    """When only: the person has no place, so neither the link nor the room is theirs to know."""
    return NewEvent("sessions.group_session.passed_over", GroupSessionPassedOver(
        session_id=session.id, series_id=session.series_id, staff_id=booking.staff_id,
        starts_at=session.starts_at, ends_at=session.ends_at,
    ), subject=session.id)


def group_session_changed(session: GroupSession, previous_starts_at: datetime,
                          previous_room: str | None = None) -> NewEvent:
    return NewEvent("sessions.group_session.changed", GroupSessionChanged(
        session_id=session.id, series_id=session.series_id, staff_ids=session.told(),
        starts_at=session.starts_at, ends_at=session.ends_at, previous_starts_at=previous_starts_at,
        link=session.link, room=session.room, sequence=session.sequence,
        waiting_ids=sorted(b.staff_id for b in session.waiting), previous_room=previous_room,
    ), subject=session.id)


def group_session_cancelled(session: GroupSession) -> NewEvent:
    return NewEvent("sessions.group_session.cancelled", GroupSessionCancelled(
        session_id=session.id, series_id=session.series_id, staff_ids=session.told(),
        starts_at=session.starts_at, cancelled_by=session.cancelled_by,
    ), subject=session.id)


def group_session_reminded(session: GroupSession, booking: Booking) -> NewEvent:
    return NewEvent("sessions.group_session.reminded", GroupSessionReminded(
        session_id=session.id, staff_id=booking.staff_id, starts_at=session.starts_at,
        ends_at=session.ends_at, link=session.link, room=session.room,
    ), subject=session.id)


def supervision_overdue(profile: SupporterProfile, overdue_since: datetime) -> NewEvent:
    return NewEvent("sessions.supervision.overdue", SupervisionOverdue(
        supporter_id=profile.staff_id, last_supervised_at=profile.last_supervised_at, overdue_since=overdue_since,
    ), subject=profile.staff_id)


def wellbeing_review_scheduled(review: WellbeingReview, previous_starts_at: datetime | None = None) -> NewEvent:
    """Arranged, or moved (`previous_starts_at`): for the two who meet; nothing of the plan."""
    return NewEvent("sessions.wellbeing_review.scheduled", WellbeingReviewScheduled(
        review_id=review.id, staff_id=review.staff_id, reviewer_id=review.reviewer_id,
        starts_at=review.starts_at, ends_at=review.ends_at, link=review.link, room=review.room,
        previous_starts_at=previous_starts_at, sequence=review.sequence,
    ), subject=review.id)


def wellbeing_review_cancelled(review: WellbeingReview) -> NewEvent:
    return NewEvent("sessions.wellbeing_review.cancelled", WellbeingReviewCancelled(
        review_id=review.id, staff_id=review.staff_id, reviewer_id=review.reviewer_id,
        starts_at=review.starts_at, cancelled_by=review.cancelled_by,
    ), subject=review.id)


def wellbeing_review_reminded(review: WellbeingReview) -> NewEvent:
    return NewEvent("sessions.wellbeing_review.reminded", WellbeingReviewReminded(
        review_id=review.id, staff_id=review.staff_id, reviewer_id=review.reviewer_id,
        starts_at=review.starts_at, ends_at=review.ends_at, link=review.link, room=review.room,
    ), subject=review.id)
