"""The events notifications consumes: each handler takes the event and a unit of work.

The consumer commits the unit of work (with the inbox row); handlers never commit. A handler
that meets a person not yet copied here raises, and the consumer retries it with backoff.
Staff news is applied on the event's time, so older news than the copy holds changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from notifications.service_layer import (
    conversation_reactions,
    journey_reactions,
    reactions,
    referral_reactions,
    reflective_reactions,
    training_reactions,
)
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.events import Envelope


def on_staff_changed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.record_staff(event.data, event.time, uow)


def on_staff_left(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.staff_left(event.data, event.time, uow)


def on_role_granted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.role_granted(event.id, event.data, event.time, uow)


def on_supporter_hours_changed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.supporter_hours_changed(event.id, event.data, uow)


def on_supporter_hours_raise_proposed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.supporter_hours_raise_proposed(event.id, event.data, uow)


def on_supporter_hours_raise_declined(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.supporter_hours_raise_declined(event.id, event.data, uow)


def on_role_revoked(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.role_revoked(event.id, event.data, event.time, uow)


def on_password_reset_requested(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.password_reset_requested(event.id, event.data, uow)


def on_staff_welcomed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.staff_welcomed(event.id, event.data, uow)


def on_request_allocated(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.request_allocated(event.id, event.data, uow)


def on_request_waiting(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.request_waiting(event.id, event.data, uow)


def on_request_accepted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    journey_reactions.request_accepted(event.id, event.data, uow)


def on_request_handed_back(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    journey_reactions.request_handed_back(event.id, event.data, uow)


def on_request_reallocated(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    journey_reactions.request_reallocated(event.id, event.data, uow)


def on_request_waiting_too_long(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    journey_reactions.request_waiting_too_long(event.id, event.data, uow)


def on_referral_suggested(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    referral_reactions.referral_suggested(event.id, event.data, uow)


def on_referral_decided(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    referral_reactions.referral_decided(event.id, event.data, uow)


def on_conversation_proposed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    conversation_reactions.times_offered(event.id, event.data, uow)


def on_conversation_withdrawn(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    conversation_reactions.times_withdrawn(event.id, event.data, uow)


def on_conversation_booked(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    conversation_reactions.conversation_booked(event.id, event.data, uow)


def on_conversation_rescheduled(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    conversation_reactions.conversation_rescheduled(event.id, event.data, uow)


def on_conversation_cancelled(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    conversation_reactions.conversation_cancelled(event.id, event.data, uow, event.time)


def on_feedback_invited(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    conversation_reactions.feedback_invited(event.id, event.data, uow)


def on_nomination_approved(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.nomination_approved(event.id, event.data, uow)


def on_delegation_granted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.delegation_granted(event.id, event.data, uow)


def on_delegation_ended(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.delegation_ended(event.id, event.data, uow)


def on_level_completed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.level_completed(event.id, event.time, event.data, uow)


def on_level1_claim_decided(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.level1_claim_decided(event.id, event.data, uow)


def on_nomination_refused(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.nomination_refused(event.id, event.data, uow)


def on_nomination_expired(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.nomination_expired(event.id, event.data, uow)


def on_nomination_reminded(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.nomination_reminded(event.id, event.data, uow)


def on_place_promoted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.place_promoted(event.id, event.data, uow)


def on_refresher_due(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.refresher_due(event.id, event.data, uow)


def on_certification_lapsed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reactions.certification_lapsed(event.id, event.data, uow)


def on_certification_renewed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.certification_renewed(event.id, event.data, uow)


def on_nomination_awaiting_decision(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.nomination_awaiting_decision(event.id, event.data, uow)


def on_delegation_started(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.delegation_started(event.id, event.data, uow)


def on_place_booked(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.place_booked(event.id, event.data, uow)


def on_place_waitlisted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.place_waitlisted(event.id, event.data, uow)


def on_place_released(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.place_released(event.id, event.data, uow)


def on_cohort_rescheduled(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    training_reactions.cohort_rescheduled(event.id, event.data, uow)


def on_group_session_booked(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.group_session_booked(event.id, event.data, uow)


def on_group_session_promoted(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.group_session_promoted(event.id, event.data, uow)


def on_group_session_passed_over(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.group_session_passed_over(event.id, event.data, uow)


def on_group_session_changed(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.group_session_changed(event.id, event.data, uow)


def on_group_session_cancelled(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.group_session_cancelled(event.id, event.data, uow)


def on_group_session_reminded(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.group_session_reminded(event.id, event.data, uow)


def on_supervision_overdue(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.supervision_overdue(event.id, event.data, uow)


def on_wellbeing_review_scheduled(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.wellbeing_review_scheduled(event.id, event.data, uow)


def on_wellbeing_review_cancelled(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.wellbeing_review_cancelled(event.id, event.data, uow, event.time)


def on_wellbeing_review_reminded(event: Envelope, uow: NotificationsUnitOfWork) -> None:
    reflective_reactions.wellbeing_review_reminded(event.id, event.data, uow)


HANDLERS: dict[str, Callable[[Envelope, NotificationsUnitOfWork], None]] = {
    "identity.staff.registered": on_staff_changed,
    "identity.staff.updated": on_staff_changed,
    "identity.staff.reinstated": on_staff_changed,
    "identity.password_reset.requested": on_password_reset_requested,
    "identity.staff.welcomed": on_staff_welcomed,
    "identity.staff.left": on_staff_left,
    "identity.role.granted": on_role_granted,
    "identity.role.revoked": on_role_revoked,
    "identity.supporter_hours.changed": on_supporter_hours_changed,
    "identity.supporter_hours.raise_proposed": on_supporter_hours_raise_proposed,
    "identity.supporter_hours.raise_declined": on_supporter_hours_raise_declined,
    "sessions.request.allocated": on_request_allocated,
    "sessions.request.waiting": on_request_waiting,
    "sessions.request.accepted": on_request_accepted,
    "sessions.request.handed_back": on_request_handed_back,
    "sessions.request.reallocated": on_request_reallocated,
    "sessions.request.waiting_too_long": on_request_waiting_too_long,
    "sessions.conversation.proposed": on_conversation_proposed,
    "sessions.conversation.withdrawn": on_conversation_withdrawn,
    "sessions.conversation.booked": on_conversation_booked,
    "sessions.conversation.rescheduled": on_conversation_rescheduled,
    "sessions.conversation.cancelled": on_conversation_cancelled,
    "sessions.feedback.invited": on_feedback_invited,
    "sessions.referral.suggested": on_referral_suggested,
    "sessions.referral.decided": on_referral_decided,
    "training.nomination.approved": on_nomination_approved,
    "identity.delegation.granted": on_delegation_granted,
    "identity.delegation.ended": on_delegation_ended,
    "training.level.completed": on_level_completed,
    "training.level1_claim.decided": on_level1_claim_decided,
    "training.nomination.refused": on_nomination_refused,
    "training.nomination.expired": on_nomination_expired,
    "training.nomination.reminded": on_nomination_reminded,
    "training.place.promoted": on_place_promoted,
    "training.refresher.due": on_refresher_due,
    "training.certification.lapsed": on_certification_lapsed,
    "training.certification.renewed": on_certification_renewed,
    "training.nomination.awaiting_decision": on_nomination_awaiting_decision,
    "training.delegation.started": on_delegation_started,
    "training.place.booked": on_place_booked,
    "training.place.waitlisted": on_place_waitlisted,
    "training.place.released": on_place_released,
    "training.cohort.rescheduled": on_cohort_rescheduled,
    "sessions.group_session.booked": on_group_session_booked,
    "sessions.group_session.promoted": on_group_session_promoted,
    "sessions.group_session.passed_over": on_group_session_passed_over,
    "sessions.group_session.changed": on_group_session_changed,
    "sessions.group_session.cancelled": on_group_session_cancelled,
    "sessions.group_session.reminded": on_group_session_reminded,
    "sessions.supervision.overdue": on_supervision_overdue,
    "sessions.wellbeing_review.scheduled": on_wellbeing_review_scheduled,
    "sessions.wellbeing_review.cancelled": on_wellbeing_review_cancelled,
    "sessions.wellbeing_review.reminded": on_wellbeing_review_reminded,
}
