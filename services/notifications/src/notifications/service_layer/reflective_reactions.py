"""Notifications' reactions to sessions' reflective-practice and wellbeing-review events, and their
reminders (sessions plans and sends those; notifications tells them). They never commit."""

from __future__ import annotations

from datetime import datetime

from notifications.domain import reflective_notices, reminder_notices
from notifications.service_layer.reactions import tell
from notifications.service_layer.reminder_reactions import withdraw_reminders
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.events.contracts import (
    GroupSessionBooked,
    GroupSessionCancelled,
    GroupSessionChanged,
    GroupSessionPassedOver,
    GroupSessionPromoted,
    GroupSessionReminded,
    SupervisionOverdue,
    WellbeingReviewCancelled,
    WellbeingReviewReminded,
    WellbeingReviewScheduled,
)
from psn_shared.staff_copy import copy_of


def group_session_booked(event_id: str, booking: GroupSessionBooked, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, booking.staff_id)
    tell(event_id, reflective_notices.group_session_booked(
        member, booking.waiting, booking.starts_at, booking.ends_at, booking.link, booking.room), uow)


def group_session_promoted(event_id: str, promotion: GroupSessionPromoted, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, promotion.staff_id)
    tell(event_id, reflective_notices.group_session_promoted(
        member, promotion.starts_at, promotion.ends_at, promotion.link, promotion.room), uow)


def group_session_passed_over(event_id: str, passing: GroupSessionPassedOver, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, passing.staff_id)
    tell(event_id, reflective_notices.group_session_passed_over(member, passing.starts_at, passing.ends_at), uow)


def group_session_changed(event_id: str, change: GroupSessionChanged, uow: NotificationsUnitOfWork) -> None:
    members = [copy_of(uow.staff, staff_id) for staff_id in change.staff_ids]
    tell(event_id, reflective_notices.group_session_changed(
        members, change.starts_at, change.ends_at, change.previous_starts_at, change.link, change.room,
        waiting=set(change.waiting_ids), previous_room=change.previous_room), uow)
    if change.starts_at != change.previous_starts_at:
        withdraw_reminders(reminder_notices.regarding(reminder_notices.GROUP_SESSION, change.session_id), uow)


def group_session_cancelled(event_id: str, cancellation: GroupSessionCancelled,
                            uow: NotificationsUnitOfWork) -> None:
    members = [copy_of(uow.staff, staff_id) for staff_id in cancellation.staff_ids]
    tell(event_id, reflective_notices.group_session_cancelled(
        members, cancellation.starts_at, cancellation.cancelled_by), uow)
    withdraw_reminders(reminder_notices.regarding(reminder_notices.GROUP_SESSION, cancellation.session_id), uow)


def group_session_reminded(event_id: str, reminder: GroupSessionReminded, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, reminder.staff_id)
    tell(event_id, reminder_notices.group_session(
        member, reminder.session_id, reminder.starts_at, reminder.ends_at, reminder.link, reminder.room), uow)


def supervision_overdue(event_id: str, overdue: SupervisionOverdue, uow: NotificationsUnitOfWork) -> None:
    supporter = copy_of(uow.staff, overdue.supporter_id)
    tell(event_id, reflective_notices.supervision_overdue(supporter, overdue.last_supervised_at), uow)


def wellbeing_review_scheduled(event_id: str, review: WellbeingReviewScheduled,
                               uow: NotificationsUnitOfWork) -> None:
    member, reviewer = copy_of(uow.staff, review.staff_id), copy_of(uow.staff, review.reviewer_id)
    tell(event_id, reflective_notices.wellbeing_review_scheduled(
        member, reviewer, review.starts_at, review.ends_at, review.link, review.room, review.previous_starts_at),
        uow)
    if review.previous_starts_at is not None and review.starts_at != review.previous_starts_at:
        withdraw_reminders(reminder_notices.regarding(reminder_notices.WELLBEING_REVIEW, review.review_id), uow)


def wellbeing_review_cancelled(event_id: str, cancellation: WellbeingReviewCancelled,
                               uow: NotificationsUnitOfWork, cancelled_at: datetime | None = None) -> None:
    """`cancelled_at`: the event's time (a cancellation close to the start is critical)."""
    member, reviewer = copy_of(uow.staff, cancellation.staff_id), copy_of(uow.staff, cancellation.reviewer_id)
    tell(event_id, reflective_notices.wellbeing_review_cancelled(
        member, reviewer, cancellation.starts_at, cancellation.cancelled_by, cancelled_at or utcnow()), uow)
    withdraw_reminders(reminder_notices.regarding(reminder_notices.WELLBEING_REVIEW, cancellation.review_id), uow)


def wellbeing_review_reminded(event_id: str, reminder: WellbeingReviewReminded,
                              uow: NotificationsUnitOfWork) -> None:
    member, reviewer = copy_of(uow.staff, reminder.staff_id), copy_of(uow.staff, reminder.reviewer_id)
    tell(event_id, reminder_notices.wellbeing_review(member, reviewer, reminder.review_id, reminder.starts_at,
                                                     reminder.link, reminder.room), uow)
