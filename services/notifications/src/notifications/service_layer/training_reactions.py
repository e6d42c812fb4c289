"""Notifications' reactions to training's newer events: a nomination awaiting a manager's decision, a stand-in's
period begun, a certificate renewed, a place booked or waiting (told when a coordinator booked it) or released,
a cohort's days moved; the reminders before course days planned with them (they never commit: the consumer does)."""

from __future__ import annotations

from notifications.domain import notices
from notifications.domain.reminder_notices import meeting_mode
from notifications.service_layer import reminder_reactions
from notifications.service_layer.reactions import tell
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.events.contracts import (
    Certification,
    CohortRescheduled,
    CourseDay,
    DelegationStarted,
    NominationAwaitingDecision,
    PlaceBooked,
    PlaceReleased,
    PlaceWaitlisted,
)
from psn_shared.staff_copy import copy_of

# Why a place was given up, when the holder is to be told of it (a withdrawal is their own doing; a
# leaver is told nothing).
TOLD_OF_RELEASE = frozenset({"cohort_cancelled"})


def nomination_awaiting_decision(event_id: str, awaiting: NominationAwaitingDecision,
                                 uow: NotificationsUnitOfWork) -> None:
    """The manager whose decision is awaited, at once (the senior manager as soon as the line manager
    approves), and whoever stands in for them today."""
    approver = copy_of(uow.staff, awaiting.approver_id)
    nominee = copy_of(uow.staff, awaiting.nominee_id)
    delegates = [copy for d in awaiting.delegate_ids if (copy := uow.staff.get(d)) is not None]
    tell(event_id, notices.nomination_awaiting_decision(
        approver, delegates, nominee, awaiting.level, awaiting.capacity, awaiting.team_supporters,
        awaiting.many_supporters_in_team, awaiting.stand_ins_only), uow)


def delegation_started(event_id: str, started: DelegationStarted, uow: NotificationsUnitOfWork) -> None:
    delegate, manager = copy_of(uow.staff, started.delegate_id), copy_of(uow.staff, started.manager_id)
    tell(event_id, notices.delegation_started(delegate, manager, started.ends_on.isoformat(),
                                              started.nominations_awaiting), uow)


def certification_renewed(event_id: str, certificate: Certification, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, certificate.staff_id)
    tell(event_id, notices.certification_renewed(member, certificate.level, certificate.expires_on.isoformat()), uow)


def place_booked(event_id: str, booking: PlaceBooked, uow: NotificationsUnitOfWork) -> None:
    """A seat held: a reminder before each course day. The holder is told of a seat someone else booked or moved
    for them (a coordinator); the approval or the promotion told them of the others, and their own they know."""
    reminder_reactions.plan_course_days(booking.cohort_id, booking.staff_id, booking.cohort_name, booking.level,
                                        booking.days, utcnow(), uow)
    if booking.booked_by is not None and booking.booked_by != booking.staff_id:
        member = copy_of(uow.staff, booking.staff_id)
        tell(event_id, notices.place_booked(member, booking.level, booking.cohort_name,
                                            [_day(d) for d in booking.days]), uow)


def place_waitlisted(event_id: str, waiting: PlaceWaitlisted, uow: NotificationsUnitOfWork) -> None:
    """A place on a full course's waiting list is told when someone else (a coordinator) booked or moved it there;
    the second approval's message told of the others, and their own they know."""
    if waiting.booked_by is None or waiting.booked_by == waiting.staff_id:
        return
    member = copy_of(uow.staff, waiting.staff_id)
    tell(event_id, notices.place_waitlisted(member, waiting.level, waiting.cohort_name,
                                            waiting.first_day.isoformat()), uow)


def place_released(event_id: str, release: PlaceReleased, uow: NotificationsUnitOfWork) -> None:
    """The seat's reminders are void; the holder hears only when the course itself was called off."""
    reminder_reactions.drop_course_days(release.cohort_id, release.staff_id, uow)
    if release.reason in TOLD_OF_RELEASE:
        member = copy_of(uow.staff, release.staff_id)
        tell(event_id, notices.cohort_cancelled(member, release.level, release.cohort_name), uow)


def cohort_rescheduled(event_id: str, change: CohortRescheduled, uow: NotificationsUnitOfWork) -> None:
    """Everyone booked: told the new days, and their reminders planned again for them."""
    now = utcnow()
    days = [_day(d) for d in change.days]
    told = []
    for staff_id in change.booked_staff_ids:
        reminder_reactions.plan_course_days(change.cohort_id, staff_id, change.cohort_name, change.level,
                                            change.days, now, uow)
        told += notices.cohort_rescheduled(copy_of(uow.staff, staff_id), change.level, change.cohort_name, days)
    tell(event_id, told, uow)


def _day(day: CourseDay) -> dict[str, object]:
    return {"starts_at": day.starts_at.isoformat(), "ends_at": day.ends_at.isoformat(),
            "mode": meeting_mode(day.virtual_link), "link": day.virtual_link, "room": day.location}
