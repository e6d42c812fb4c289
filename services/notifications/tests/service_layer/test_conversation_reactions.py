"""Times offered reach the one to choose; conversations and feedback invitations reach both people (or the
requester alone), neutrally, once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from notifications.domain.preferences import Preferences
from psn_shared.events import Envelope
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import handle, new_id, person

# The clocks go forward on Sunday 28 March 2027: before it London is UTC+0, after it UTC+1.
WINTER = datetime(2027, 3, 26, 10, tzinfo=UTC)
SUMMER = datetime(2027, 3, 30, 9, tzinfo=UTC)
FORBIDDEN_WORDS = ("peer support", "support request", "sought support", "wellbeing")


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def sessions_event(type_: str, data: dict) -> Envelope:
    return Envelope.new(f"sessions.{type_}", data, source="sessions")


def conversation(requester: str, supporter: str, **extra) -> dict:
    return {"conversation_id": new_id(), "request_id": new_id(), "requester_id": requester,
            "supporter_id": supporter, "starts_at": SUMMER, **extra}


def entries(uow, who) -> list[tuple[str, str]]:
    return [(e.subject, e.body) for e in uow.inbox.of(who.staff_id)]


def assert_neutral(uow) -> None:
    for entry in uow.inbox:
        assert not any(word in entry.subject.lower() for word in FORBIDDEN_WORDS), entry.subject


def offer(conversation_id: str, requester: str, supporter: str, proposed_by: str, *times: datetime) -> Envelope:
    return sessions_event("conversation.proposed", {
        "conversation_id": conversation_id, "request_id": new_id(), "requester_id": requester,
        "supporter_id": supporter, "proposed_by": proposed_by, "mode": "phone",
        "times": [{"starts_at": t, "ends_at": t.replace(hour=t.hour + 1)} for t in times]})


def test_times_offered_by_the_supporter_reach_the_colleague_alone_once_neutrally(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    event = offer(new_id(), ann.staff_id, sue.staff_id, sue.staff_id, WINTER, SUMMER)
    handle(uow, event)
    handle(uow, event)  # redelivered: no second message
    [(subject, body)] = entries(uow, ann)
    assert subject == "Choose a time for a meeting"
    assert "Sue Jones has offered these times to meet by phone:" in body
    assert "Friday 26 March 2027 at 10:00 GMT until 11:00" in body
    assert "Tuesday 30 March 2027 at 10:00 BST until 11:00" in body
    assert entries(uow, sue) == []  # who offered them hears when one is booked
    assert {(d.recipient_id, d.category, d.critical) for d in uow.deliveries} == {(ann.staff_id, "sessions", False)}
    assert_neutral(uow)


def test_times_offered_in_answer_reach_the_supporter_and_each_new_offer_is_told_again(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    conversation_id = new_id()
    handle(uow, offer(conversation_id, ann.staff_id, sue.staff_id, sue.staff_id, WINTER))
    handle(uow, offer(conversation_id, ann.staff_id, sue.staff_id, ann.staff_id, SUMMER))
    [(_, to_sue)] = entries(uow, sue)
    assert "Ann Smith has offered a time to meet by phone:" in to_sue
    handle(uow, offer(conversation_id, ann.staff_id, sue.staff_id, sue.staff_id, SUMMER.replace(hour=14)))
    assert len(entries(uow, ann)) == 2
    assert len(entries(uow, sue)) == 1


def test_times_offered_follow_the_colleague_s_choices_for_meetings(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="cy", channels={"sessions": ["in_app"]}))
    handle(uow, offer(new_id(), ann.staff_id, sue.staff_id, sue.staff_id, SUMMER))
    [(subject, body)] = entries(uow, ann)
    assert subject == "Dewiswch amser ar gyfer cyfarfod"
    assert "Mae Sue Jones wedi cynnig amser i gyfarfod dros y ffôn:" in body
    assert uow.deliveries.of(ann.staff_id) == []


def withdrawal(requester: str, supporter: str, proposed_by: str, withdrawn_by: str) -> Envelope:
    return sessions_event("conversation.withdrawn", {
        "conversation_id": new_id(), "request_id": new_id(), "requester_id": requester, "supporter_id": supporter,
        "proposed_by": proposed_by, "withdrawn_by": withdrawn_by})


def test_times_withdrawn_reach_the_one_asked_to_choose_alone_once_neutrally(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    event = withdrawal(ann.staff_id, sue.staff_id, sue.staff_id, sue.staff_id)
    handle(uow, event)
    handle(uow, event)  # redelivered: no second message
    [(subject, body)] = entries(uow, ann)
    assert subject == "The times offered for a meeting are no longer open"
    assert "Sue Jones has withdrawn the times they offered to meet." in body
    assert entries(uow, sue) == []
    assert_neutral(uow)


def test_times_declined_reach_the_one_who_offered_them_in_their_language(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, withdrawal(ann.staff_id, sue.staff_id, sue.staff_id, ann.staff_id))
    [(_, body)] = entries(uow, sue)
    assert "Ann Smith cannot meet at any of the times you offered." in body
    assert entries(uow, ann) == []
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="cy", channels={"sessions": ["in_app"]}))
    handle(uow, withdrawal(ann.staff_id, sue.staff_id, ann.staff_id, sue.staff_id))
    [(subject, _)] = entries(uow, ann)
    assert subject == "Nid yw'r amseroedd a gynigiwyd ar gyfer cyfarfod ar gael mwyach"


def test_a_booking_reaches_both_people_with_the_london_time_and_where(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    event = sessions_event("conversation.booked", conversation(
        ann.staff_id, sue.staff_id, ends_at=SUMMER.replace(hour=10), mode="video",
        link="https://meet.example/x", room=None))
    handle(uow, event)
    handle(uow, event)  # redelivered: no second message
    [(subject, body)] = entries(uow, ann)
    assert subject == "A meeting has been arranged"
    assert "Your meeting with Sue Jones is arranged for Tuesday 30 March 2027 at 10:00 BST" in body
    assert "by video call: https://meet.example/x" in body
    [(_, supporter_body)] = entries(uow, sue)
    assert "Your meeting with Ann Smith" in supporter_body
    assert len(uow.deliveries) == 2
    assert_neutral(uow)


def test_a_move_names_both_times_across_the_clock_change(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.rescheduled", conversation(
        ann.staff_id, sue.staff_id, ends_at=SUMMER.replace(hour=10), mode="in_person", link=None,
        room="Room 4, Gartnavel", previous_starts_at=WINTER, reschedules=1)))
    [(subject, body)] = entries(uow, sue)
    assert subject == "A meeting has been moved"
    assert "arranged for Friday 26 March 2027 at 10:00 GMT, is now on Tuesday 30 March 2027 at 10:00 BST" in body
    assert "in person, in Room 4, Gartnavel" in body
    assert len(entries(uow, ann)) == 1
    assert_neutral(uow)


def test_a_cancellation_tells_the_other_who_cancelled_and_confirms_to_the_canceller(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("conversation.cancelled", conversation(
        ann.staff_id, sue.staff_id, cancelled_by=sue.staff_id, late=True)))
    [(subject, ann_body)] = entries(uow, ann)
    [(_, sue_body)] = entries(uow, sue)
    assert subject == "A meeting has been cancelled"
    assert "Sue Jones has cancelled your meeting on Tuesday 30 March 2027 at 10:00 BST" in ann_body
    assert "You cancelled your meeting with Ann Smith" in sue_body
    assert_neutral(uow)


def test_a_feedback_invitation_reaches_the_requester_alone_with_the_link(uow):
    ann, sue = person(uow, "Ann Smith"), person(uow, "Sue Jones")
    handle(uow, sessions_event("feedback.invited", {
        "requester_id": ann.staff_id, "feedback_url": "https://psn.example/feedback#token=abc",
        "respond_by": date(2027, 5, 3)}))
    [(subject, body)] = entries(uow, ann)
    assert subject == "Your views are welcome"
    assert "https://psn.example/feedback#token=abc" in body
    assert "until Monday 3 May 2027" in body
    assert entries(uow, sue) == []
    assert_neutral(uow)
