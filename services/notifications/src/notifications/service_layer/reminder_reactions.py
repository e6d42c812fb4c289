"""Reminders: planned from the events that carry the times, and sent once each as they fall due.

The planning reactions never commit (the consumer does, with the event's inbox row). `send_due` is
the scheduler's use case: each due reminder is marked sent and told (through `tell`, under the
reminder's own stable id as its event id) in one transaction, so a crash before the commit sends
nothing and the next pass sends it, and a reminder told twice is still one message per person.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from datetime import datetime

from notifications.domain import reminder_notices
from notifications.domain.notices import Notice
from notifications.domain.reminders import About, CourseDay, Reminder, course_day_reminders, meeting_reminders
from notifications.service_layer.reactions import tell
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.events.contracts import ConversationBooked
from psn_shared.events.contracts import CourseDay as CourseDayPayload

log = logging.getLogger(__name__)


def plan_meeting(booking: ConversationBooked, now: datetime, uow: NotificationsUnitOfWork) -> None:
    """Booked or moved: the reminders not sent yet are replaced by those for the new time, unless a later
    move is already planned (a booking retried after its move arrived)."""
    version = getattr(booking, "reschedules", 0)
    if any(r.details.get("version", 0) > version for r in uow.reminders.about(About.CONVERSATION,
                                                                              booking.conversation_id)):
        return
    withdraw_reminders(reminder_notices.regarding(reminder_notices.CONVERSATION, booking.conversation_id), uow,
                       still_at={booking.starts_at})
    uow.reminders.plan(About.CONVERSATION, booking.conversation_id, meeting_reminders(
        booking.conversation_id, booking.requester_id, booking.supporter_id, booking.starts_at,
        booking.mode, booking.link, booking.room, now, version))


def drop_meeting(conversation_id: str, uow: NotificationsUnitOfWork) -> None:
    """Cancelled: none of its reminders goes, not even one already told and waiting."""
    uow.reminders.drop(About.CONVERSATION, conversation_id)
    withdraw_reminders(reminder_notices.regarding(reminder_notices.CONVERSATION, conversation_id), uow)


def plan_course_days(cohort_id: str, staff_id: str, cohort_name: str, level: int,
                     days: Iterable[CourseDayPayload], now: datetime, uow: NotificationsUnitOfWork) -> None:
    """A place held (booked, promoted, or the cohort's days moved): one reminder before each day to come."""
    days = list(days)
    withdraw_reminders(reminder_notices.regarding(reminder_notices.COURSE_DAY, cohort_id), uow, recipient_id=staff_id,
                       still_at={d.starts_at for d in days})
    planned = course_day_reminders(cohort_id, staff_id, cohort_name, level, [
        CourseDay(starts_at=d.starts_at, ends_at=d.ends_at, location=d.location, virtual_link=d.virtual_link)
        for d in days
    ], now)
    uow.reminders.plan(About.COURSE_DAY, cohort_id, planned, recipient_id=staff_id)


def drop_course_days(cohort_id: str, staff_id: str, uow: NotificationsUnitOfWork) -> None:
    uow.reminders.drop(About.COURSE_DAY, cohort_id, recipient_id=staff_id)
    withdraw_reminders(reminder_notices.regarding(reminder_notices.COURSE_DAY, cohort_id), uow, recipient_id=staff_id)


def withdraw_reminders(regarding: str, uow: NotificationsUnitOfWork, recipient_id: str | None = None,
                       still_at: Collection[datetime] = ()) -> None:
    """Reminders already told but still waiting (quiet hours, the digest, a retry) for a time that no longer
    holds (any but those `still_at` a time still planned): not sent. Their inbox entries stay, with the news
    of the change after them."""
    for delivery in uow.deliveries.pending_regarding(regarding, recipient_id):
        if delivery.stale_after not in still_at:
            delivery.withdraw(f"not sent: the {regarding.split(':')[0].replace('_', ' ')} moved or was cancelled")


def send_due(now: datetime, uow: NotificationsUnitOfWork, limit: int = 100) -> int:
    """Tell the reminders due by `now` (up to `limit`); how many were taken. Never commits."""
    due = uow.reminders.claim_due(now, limit)
    for reminder in due:
        uow.reminders.mark_sent(reminder, now)
        if reminder.too_late(now):
            # The scheduler was down past the start: a reminder now would only confuse.
            log.info("reminder %s not sent: %s %s has already started", reminder.id, reminder.about,
                     reminder.about_id)
            continue
        tell(reminder.id, _notices(reminder, uow), uow)
    return len(due)


def set_aside_next(now: datetime, uow: NotificationsUnitOfWork) -> str | None:
    """Mark the first due reminder sent without telling it: for one that fails every time it is told (it
    would otherwise hold back every reminder after it). Its id, for the log; None when none is due."""
    due = uow.reminders.claim_due(now, 1)
    if not due:
        return None
    uow.reminders.mark_sent(due[0], now)
    return due[0].id


def _notices(reminder: Reminder, uow: NotificationsUnitOfWork) -> list[Notice]:
    person = uow.staff.get(reminder.recipient_id)
    if person is None:
        log.warning("reminder %s: nobody %s in the staff copy; not sent", reminder.id, reminder.recipient_id)
        return []
    details = reminder.details
    if reminder.about == About.CONVERSATION:
        other = uow.staff.get(details["other_id"])
        if other is None:
            log.warning("reminder %s: nobody %s in the staff copy; not sent", reminder.id, details["other_id"])
            return []
        return reminder_notices.meeting(person, other, reminder.about_id, reminder.starts_at, reminder.lead,
                                        details["mode"], details["link"], details["room"])
    return reminder_notices.course_day(person, reminder.about_id, details["level"], details["cohort_name"],
                                       reminder.starts_at, datetime.fromisoformat(details["ends_at"]),
                                       details["location"], details["link"])
