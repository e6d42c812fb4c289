"""Reminders before conversations and course days: planned from the events, re-planned when the thing
moves, dropped when it is cancelled, and sent once each as they fall due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from notifications.domain.model import Channel, Delivery, DeliveryStatus
from notifications.domain.preferences import Preferences
from notifications.domain.reminders import About
from notifications.service_layer.dispatcher import dispatch_due
from notifications.service_layer.reminder_reactions import send_due, set_aside_next
from psn_shared.db import utcnow
from psn_shared.events import Envelope
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork, providers
from services.notifications.tests.service_layer.support import handle, new_id, person, training

AHEAD = (utcnow() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def sessions_event(type_: str, data: dict) -> Envelope:
    return Envelope.new(f"sessions.{type_}", data, source="sessions")


def booked(requester_id: str, supporter_id: str, starts_at: datetime = AHEAD, **extra) -> dict:
    return {"conversation_id": extra.pop("conversation_id", new_id()), "request_id": new_id(),
            "requester_id": requester_id, "supporter_id": supporter_id, "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1), "mode": "phone", "link": None, "room": None, **extra}


def planned(uow, conversation_id: str) -> list[tuple[str, timedelta, datetime]]:
    return [(r.recipient_id, r.lead, r.starts_at) for r in uow.reminders.about(About.CONVERSATION, conversation_id)]


def reminders_told(uow, who) -> list[str]:
    return [e.subject for e in uow.inbox.of(who.staff_id) if e.kind.startswith("reminder_")]


def send(uow, now: datetime) -> int:
    taken = send_due(now, uow)
    uow.commit()
    return taken


def test_a_booking_plans_a_reminder_a_day_and_an_hour_before_for_both(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    event = sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id))
    handle(uow, event)
    handle(uow, event)  # redelivered: still one plan
    conversation_id = event.data.conversation_id
    assert sorted(planned(uow, conversation_id)) == sorted(
        (who.staff_id, lead, AHEAD) for who in (ann, sue) for lead in (timedelta(hours=24), timedelta(hours=1)))


def test_each_reminder_is_told_once_when_it_falls_due(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    assert send(uow, AHEAD - timedelta(hours=25)) == 0
    assert send(uow, AHEAD - timedelta(hours=24)) == 2
    assert reminders_told(uow, ann) == reminders_told(uow, sue) == ["Reminder: a meeting tomorrow"]
    assert send(uow, AHEAD - timedelta(hours=2)) == 0
    assert send(uow, AHEAD - timedelta(minutes=59)) == 2
    assert reminders_told(uow, ann) == ["Reminder: a meeting tomorrow", "Reminder: a meeting in an hour"]
    [reminder] = [e for e in uow.inbox.of(sue.staff_id) if e.kind == "reminder_meeting"][-1:]
    assert "A reminder of your meeting with Ann Smith on" in reminder.body


def test_a_reminder_sent_again_after_a_crash_is_still_one_message(uow):
    """Marked sent and told in one transaction: were the mark lost, the retry tells under the same id."""
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    send(uow, AHEAD - timedelta(hours=24))
    for reminder in uow.reminders.rows.values():
        reminder.sent_at = None  # as if the commit that marked them had never happened
    send(uow, AHEAD - timedelta(hours=24))
    assert reminders_told(uow, ann) == ["Reminder: a meeting tomorrow"]
    assert len([d for d in uow.deliveries.of(ann.staff_id) if d.kind == "reminder_meeting"]) == 1


def test_a_move_plans_the_reminders_again_for_the_new_time(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    first = booked(ann.staff_id, sue.staff_id)
    handle(uow, sessions_event("conversation.booked", first))
    send(uow, AHEAD - timedelta(hours=24))  # the day-before reminder goes out
    later = AHEAD + timedelta(days=2)
    handle(uow, sessions_event("conversation.rescheduled", {
        **booked(ann.staff_id, sue.staff_id, later, conversation_id=first["conversation_id"]),
        "previous_starts_at": AHEAD, "reschedules": 1}))
    unsent = [(who, lead, at) for who, lead, at in planned(uow, first["conversation_id"]) if at == later]
    assert len(unsent) == 4  # the old hour-before ones dropped, both leads for the new time planned
    assert not [r for r in uow.reminders.rows.values() if r.sent_at is None and r.starts_at == AHEAD]
    send(uow, later - timedelta(hours=24))
    assert reminders_told(uow, ann) == ["Reminder: a meeting tomorrow"] * 2


def test_a_booking_that_arrives_after_its_move_does_not_bring_the_old_time_back(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    first = booked(ann.staff_id, sue.staff_id)
    later = AHEAD + timedelta(days=2)
    handle(uow, sessions_event("conversation.rescheduled", {
        **booked(ann.staff_id, sue.staff_id, later, conversation_id=first["conversation_id"]),
        "previous_starts_at": AHEAD, "reschedules": 1}))
    handle(uow, sessions_event("conversation.booked", first))
    assert {at for _, _, at in planned(uow, first["conversation_id"])} == {later}


def test_a_cancellation_drops_what_was_not_sent(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    data = booked(ann.staff_id, sue.staff_id)
    handle(uow, sessions_event("conversation.booked", data))
    handle(uow, sessions_event("conversation.cancelled", {
        key: data[key] for key in ("conversation_id", "request_id", "requester_id", "supporter_id", "starts_at")
    } | {"cancelled_by": ann.staff_id, "late": False}))
    assert planned(uow, data["conversation_id"]) == []
    assert send(uow, AHEAD) == 0


def test_a_lead_already_passed_is_not_planned(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    soon = utcnow() + timedelta(hours=3)
    data = booked(ann.staff_id, sue.staff_id, soon)
    handle(uow, sessions_event("conversation.booked", data))
    assert {lead for _, lead, _ in planned(uow, data["conversation_id"])} == {timedelta(hours=1)}


def test_a_reminder_found_after_the_start_is_not_sent(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    assert send(uow, AHEAD + timedelta(minutes=5)) == 4  # the scheduler was down: taken, not told
    assert reminders_told(uow, ann) == []
    assert all(r.sent_at for r in uow.reminders.rows.values())


def test_a_leaver_is_not_reminded(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    sue.status = "left"
    send(uow, AHEAD - timedelta(hours=24))
    assert reminders_told(uow, sue) == [] and reminders_told(uow, ann) == ["Reminder: a meeting tomorrow"]


# --- course days ---------------------------------------------------------------------------------

def course_days(first: datetime, count: int = 2) -> list[dict]:
    return [{"day": (first + timedelta(days=7 * i)).date(), "starts_at": first + timedelta(days=7 * i),
             "ends_at": first + timedelta(days=7 * i, hours=7), "location": "Education Centre",
             "virtual_link": None} for i in range(count)]


def place(staff_id: str, cohort_id: str, days: list[dict], **extra) -> dict:
    return {"staff_id": staff_id, "nomination_id": new_id(), "cohort_id": cohort_id, "cohort_name": "Spring 2027",
            "level": 2, "days": days, **extra}


def test_a_place_booked_plans_a_reminder_the_day_before_each_course_day(uow):
    ann = person(uow, "Ann Smith")
    cohort = new_id()
    handle(uow, training("place.booked", **place(ann.staff_id, cohort, course_days(AHEAD))))
    assert [r.due_at for r in uow.reminders.about(About.COURSE_DAY, cohort)] == [
        AHEAD - timedelta(hours=24), AHEAD + timedelta(days=6)]
    send(uow, AHEAD - timedelta(hours=24))
    [entry] = [e for e in uow.inbox.of(ann.staff_id) if e.kind == "reminder_course_day"]
    assert entry.subject == "Reminder: a course day tomorrow"
    assert '"Spring 2027"' in entry.body and "in person, in Education Centre" in entry.body


def test_a_place_a_coordinator_booked_or_moved_is_told_with_its_days_and_ones_own_or_an_approved_one_is_not(uow):
    ann, bob, cat = person(uow, "Ann Smith"), person(uow, "Bob Jones"), person(uow, "Cat Coordinator")
    cohort = new_id()
    handle(uow, training("place.booked", **place(ann.staff_id, cohort, course_days(AHEAD), booked_by=cat.staff_id)))
    handle(uow, training("place.booked", **place(bob.staff_id, cohort, course_days(AHEAD), booked_by=bob.staff_id)))
    handle(uow, training("place.booked", **place(bob.staff_id, new_id(), course_days(AHEAD))))  # the approval's
    [told] = uow.inbox.of(ann.staff_id)
    assert (told.kind, told.subject) == ("training_place_booked", "You have a place on a course")
    assert '"Spring 2027"' in told.body and "in person, in Education Centre" in told.body
    assert [e.kind for e in uow.inbox.of(bob.staff_id)] == []


def test_a_waiting_list_place_a_coordinator_gave_is_told_with_what_happens_next_and_ones_own_is_not(uow):
    ann, bob, cat = person(uow, "Ann Smith"), person(uow, "Bob Jones"), person(uow, "Cat Coordinator")
    waiting = {"nomination_id": new_id(), "cohort_id": new_id(), "cohort_name": "Spring 2027", "level": 2,
               "first_day": AHEAD.date()}
    handle(uow, training("place.waitlisted", staff_id=ann.staff_id, booked_by=cat.staff_id, **waiting))
    handle(uow, training("place.waitlisted", staff_id=bob.staff_id, booked_by=bob.staff_id, **waiting))
    handle(uow, training("place.waitlisted", staff_id=bob.staff_id, **waiting))  # the approval's message told it
    [told] = uow.inbox.of(ann.staff_id)
    assert (told.kind, told.subject) == ("training_place_waitlisted", "You are on a course's waiting list")
    assert '"Spring 2027"' in told.body and "you will be told at once" in told.body
    assert "peer support" not in told.subject.lower()
    assert [e.kind for e in uow.inbox.of(bob.staff_id)] == []


def test_a_place_given_up_drops_its_reminders_and_only_a_cancelled_course_is_told(uow):
    ann, bob = person(uow, "Ann Smith"), person(uow, "Bob Jones")
    cohort = new_id()
    for who in (ann, bob):
        handle(uow, training("place.booked", **place(who.staff_id, cohort, course_days(AHEAD))))
    released = {"cohort_id": cohort, "cohort_name": "Spring 2027", "level": 2, "nomination_id": new_id()}
    handle(uow, training("place.released", staff_id=ann.staff_id, reason="withdrawn", **released))
    handle(uow, training("place.released", staff_id=bob.staff_id, reason="cohort_cancelled", **released))
    assert uow.reminders.about(About.COURSE_DAY, cohort) == []
    assert [e.kind for e in uow.inbox.of(ann.staff_id)] == []
    assert [e.subject for e in uow.inbox.of(bob.staff_id)] == ["A course you had a place on is cancelled"]


def test_new_course_days_are_told_to_everyone_booked_and_their_reminders_move(uow):
    ann, bob = person(uow, "Ann Smith"), person(uow, "Bob Jones")
    cohort = new_id()
    for who in (ann, bob):
        handle(uow, training("place.booked", **place(who.staff_id, cohort, course_days(AHEAD))))
    moved = course_days(AHEAD + timedelta(days=1), count=1)
    handle(uow, training("cohort.rescheduled", cohort_id=cohort, cohort_name="Spring 2027", level=2, days=moved,
                         previous_days=course_days(AHEAD), booked_staff_ids=[ann.staff_id, bob.staff_id]))
    assert sorted((r.recipient_id, r.starts_at) for r in uow.reminders.about(About.COURSE_DAY, cohort)) == sorted(
        (who.staff_id, AHEAD + timedelta(days=1)) for who in (ann, bob))
    [entry] = uow.inbox.of(bob.staff_id)
    assert entry.subject == "New dates for your course" and "until" in entry.body


def test_promotion_from_the_waiting_list_plans_the_reminders_through_the_booking(uow):
    ann = person(uow, "Ann Smith")
    cohort = new_id()
    handle(uow, training("place.booked", **place(ann.staff_id, cohort, course_days(AHEAD, 1), from_waiting_list=True)))
    assert len(uow.reminders.about(About.COURSE_DAY, cohort)) == 1


def test_times_in_the_past_plan_nothing(uow):
    ann = person(uow, "Ann Smith")
    cohort = new_id()
    past = datetime(2020, 1, 6, 9, tzinfo=UTC)
    handle(uow, training("place.booked", **place(ann.staff_id, cohort, course_days(past))))
    assert uow.reminders.about(About.COURSE_DAY, cohort) == []


def test_a_reminder_that_cannot_be_told_is_set_aside_and_the_next_goes(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    due = AHEAD - timedelta(hours=24)
    first = min(uow.reminders.claim_due(due, 10), key=lambda r: r.id)
    first.details.pop("mode")  # as a reminder whose message cannot be written
    uow.reminders.rows = {first.id: first, **uow.reminders.rows}
    with pytest.raises(KeyError):
        send_due(due, uow, limit=1)
    uow.rollback()
    first.sent_at = None  # the failed transaction marked nothing
    assert set_aside_next(due, uow) == first.id
    assert send(uow, due) == 1
    told = reminders_told(uow, ann) + reminders_told(uow, sue)
    assert told == ["Reminder: a meeting tomorrow"]


# --- reminders waiting in quiet hours ------------------------------------------------------------

def night_shift(uow, who, start: str, end: str) -> None:
    """Quiet hours in London time (AHEAD is in December: GMT, so London time is UTC)."""
    uow.preferences.add(Preferences(staff_id=who.staff_id, language="en", quiet_hours=[[start, end]]))


def hour_before(uow, who) -> list[Delivery]:
    return [d for d in uow.deliveries.of(who.staff_id) if d.subject == "Reminder: a meeting in an hour"]


def test_a_reminder_quiet_hours_would_hold_past_the_start_is_not_sent(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    night_shift(uow, ann, "07:00", "15:00")  # sleeping after a night shift, through the 09:00 meeting
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    send(uow, AHEAD - timedelta(hours=1))
    sent = providers()
    dispatch_due(sent, 50, (30.0,), uow, now=AHEAD - timedelta(hours=1))
    [held] = hour_before(uow, ann)
    assert held.status == DeliveryStatus.CANCELLED and "would have begun" in held.last_error and held.attempts == 0
    assert [m.delivery.recipient_id for m in sent[Channel.EMAIL].sent if m.delivery in hour_before(uow, sue)] \
        == [sue.staff_id]
    assert "Reminder: a meeting in an hour" in reminders_told(uow, ann)  # the inbox keeps its record


def test_a_reminder_quiet_hours_hold_until_before_the_start_goes_when_they_end(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    night_shift(uow, ann, "22:00", "08:30")  # across midnight, ending before the 09:00 meeting
    handle(uow, sessions_event("conversation.booked", booked(ann.staff_id, sue.staff_id)))
    send(uow, AHEAD - timedelta(hours=1))
    sent = providers()
    dispatch_due(sent, 50, (30.0,), uow, now=AHEAD - timedelta(hours=1))
    [held] = hour_before(uow, ann)
    assert held.status == DeliveryStatus.PENDING and held.held_until == AHEAD - timedelta(minutes=30)
    dispatch_due(sent, 50, (30.0,), uow, now=AHEAD - timedelta(minutes=30))
    assert held.status == DeliveryStatus.SENT


def cancelled(data: dict, by: str) -> dict:
    return {key: data[key] for key in ("conversation_id", "request_id", "requester_id", "supporter_id",
                                       "starts_at")} | {"cancelled_by": by, "late": False}


def test_a_reminder_held_by_quiet_hours_is_withdrawn_when_the_meeting_is_cancelled_or_moved(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    night_shift(uow, ann, "07:00", "15:00")
    night_shift(uow, sue, "07:00", "15:00")
    # Two meetings; each day-before reminder is told at 09:00 the day before and held until 15:00.
    first, second = booked(ann.staff_id, sue.staff_id), booked(ann.staff_id, sue.staff_id)
    for data in (first, second):
        handle(uow, sessions_event("conversation.booked", data))
    send(uow, AHEAD - timedelta(hours=24))
    dispatch_due(providers(), 50, (30.0,), uow, now=AHEAD - timedelta(hours=24))
    assert {d.status for d in uow.deliveries if d.kind == "reminder_meeting"} == {DeliveryStatus.PENDING}

    handle(uow, sessions_event("conversation.cancelled", cancelled(first, by=sue.staff_id)))
    handle(uow, sessions_event("conversation.rescheduled", {
        **booked(ann.staff_id, sue.staff_id, AHEAD + timedelta(days=2), conversation_id=second["conversation_id"]),
        "previous_starts_at": AHEAD, "reschedules": 1}))
    reminders = [d for d in uow.deliveries if d.kind == "reminder_meeting"]
    assert len(reminders) == 4 and {d.status for d in reminders} == {DeliveryStatus.CANCELLED}
    assert all("moved or was cancelled" in d.last_error for d in reminders)
    sent = providers()
    dispatch_due(sent, 50, (30.0,), uow, now=AHEAD - timedelta(hours=9))  # 15:00: quiet hours over
    assert not [m for m in sent[Channel.EMAIL].sent if m.delivery.kind == "reminder_meeting"]


def test_sessions_reminder_of_a_group_session_held_by_quiet_hours_is_withdrawn_when_it_is_called_off(uow):
    ann, fay = person(uow, "Ann Smith"), person(uow, "Fay Facilitator")
    night_shift(uow, ann, "07:00", "15:00")
    session_id = new_id()
    handle(uow, sessions_event("group_session.reminded", {
        "session_id": session_id, "staff_id": ann.staff_id, "starts_at": AHEAD, "ends_at": AHEAD + timedelta(hours=1),
        "link": "https://meet.test/g", "room": None}))
    dispatch_due(providers(), 50, (30.0,), uow, now=AHEAD - timedelta(hours=24))
    [held] = [d for d in uow.deliveries.of(ann.staff_id) if d.kind == "reminder_group_session"]
    assert held.status == DeliveryStatus.PENDING and held.held_until is not None
    handle(uow, sessions_event("group_session.cancelled", {
        "session_id": session_id, "staff_ids": [ann.staff_id], "starts_at": AHEAD, "cancelled_by": fay.staff_id}))
    assert held.status == DeliveryStatus.CANCELLED


def test_a_booking_quiet_hours_would_hold_past_the_meeting_is_not_sent_but_its_cancellation_is(uow):
    """"Your meeting is arranged for 09:00" arriving at 15:00 only confuses; that it was called off still explains."""
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    night_shift(uow, ann, "07:00", "15:00")
    data = booked(ann.staff_id, sue.staff_id)
    handle(uow, sessions_event("conversation.booked", data))
    handle(uow, sessions_event("conversation.cancelled", cancelled(data, by=sue.staff_id)))
    dispatch_due(providers(), 50, (30.0,), uow, now=AHEAD - timedelta(hours=1, minutes=30))  # 07:30, quiet
    status = {d.kind: d.status for d in uow.deliveries.of(ann.staff_id)}
    assert status == {"meeting_booked": DeliveryStatus.CANCELLED, "meeting_cancelled": DeliveryStatus.PENDING}


def test_times_offered_are_not_sent_once_the_last_of_them_would_have_begun(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    night_shift(uow, ann, "07:00", "15:00")
    slots = [{"starts_at": AHEAD + timedelta(hours=h), "ends_at": AHEAD + timedelta(hours=h + 1)} for h in (0, 8)]
    for last in (AHEAD, AHEAD + timedelta(hours=8)):  # 09:00 only; then 09:00 or 17:00
        handle(uow, sessions_event("conversation.proposed", {
            "conversation_id": new_id(), "request_id": new_id(), "requester_id": ann.staff_id,
            "supporter_id": sue.staff_id, "proposed_by": sue.staff_id, "mode": "phone",
            "times": [s for s in slots if s["starts_at"] <= last]}))
    dispatch_due(providers(), 50, (30.0,), uow, now=AHEAD - timedelta(hours=1))  # 08:00, quiet until 15:00
    offers = uow.deliveries.of(ann.staff_id)
    assert sorted(d.status for d in offers) == [DeliveryStatus.CANCELLED, DeliveryStatus.PENDING]
    [still] = [d for d in offers if d.status == DeliveryStatus.PENDING]
    assert "17:00" in still.body  # the offer with a time still ahead goes when the quiet hours end
