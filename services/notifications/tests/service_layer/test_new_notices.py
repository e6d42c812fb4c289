"""The notices added with reflective practice and training's newer events: who is told what, once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_shared.events import Envelope
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import T0, at, handle, new_id, person, training

STARTS = T0 + timedelta(days=14)


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def sessions_event(type_: str, data: dict) -> Envelope:
    return Envelope.new(f"sessions.{type_}", data, source="sessions")


def subjects(uow, who) -> list[str]:
    return [e.subject for e in uow.inbox.of(who.staff_id)]


def bodies(uow, who) -> str:
    return "\n".join(e.body for e in uow.inbox.of(who.staff_id))


def test_the_senior_manager_hears_at_once_when_a_nomination_awaits_them_and_so_does_their_stand_in(uow):
    senior, deputy = person(uow, "Sam Senior"), person(uow, "Dee Deputy")
    nominee = person(uow, "Nia Nominee")
    event = training("nomination.awaiting_decision", nomination_id=new_id(), nominee_id=nominee.staff_id,
                     approver_id=senior.staff_id, capacity="senior_manager", level=2, awaiting_since=T0,
                     delegate_ids=[deputy.staff_id], team_supporters=7, many_supporters_in_team=True)
    handle(uow, event)
    handle(uow, event)  # redelivered: told once
    assert subjects(uow, senior) == subjects(uow, deputy) == ["A nomination is waiting for your decision"]
    assert "waiting for your decision as their senior manager" in bodies(uow, senior)
    assert "You may decide in their place" in bodies(uow, deputy)
    assert "already has 7 peer supporters" in bodies(uow, senior)
    assert subjects(uow, nominee) == []


def test_a_stand_in_named_after_a_nomination_came_hears_of_it_and_the_manager_is_not_told_again(uow):
    senior, deputy, nominee = person(uow, "Sam Senior"), person(uow, "Dee Deputy"), person(uow, "Nia Nominee")
    handle(uow, training("nomination.awaiting_decision", nomination_id=new_id(), nominee_id=nominee.staff_id,
                         approver_id=senior.staff_id, capacity="senior_manager", level=2, awaiting_since=T0,
                         delegate_ids=[deputy.staff_id], stand_ins_only=True))
    assert subjects(uow, deputy) == ["A nomination is waiting for your decision"]
    assert "You may decide in their place" in bodies(uow, deputy)
    assert subjects(uow, senior) == subjects(uow, nominee) == []


def test_a_renewed_certificate_is_announced_to_its_holder(uow):
    holder = person(uow, "Hal Holder")
    handle(uow, training("certification.renewed", staff_id=holder.staff_id, level=2, certificate_id=new_id(),
                         expires_on=date(2029, 3, 31)))
    assert subjects(uow, holder) == ["Your Level 2 Peer Supporter certificate is renewed"]
    assert "valid until Saturday 31 March 2029" in bodies(uow, holder)


def test_someone_passed_over_on_a_waiting_list_is_told_they_are_off_it_without_the_link(uow):
    cat = person(uow, "Cat Carer")
    handle(uow, sessions_event("group_session.passed_over", {
        "session_id": new_id(), "series_id": None, "staff_id": cat.staff_id, "starts_at": STARTS,
        "ends_at": STARTS + timedelta(hours=1)}))
    assert subjects(uow, cat) == ["A group session: you are no longer on the waiting list"]


def test_a_place_on_a_waiting_list_is_told_without_the_link_and_a_place_with_it(uow):
    ann, bob = person(uow, "Ann Smith"), person(uow, "Bob Jones")
    session = {"session_id": new_id(), "series_id": None, "starts_at": STARTS,
               "ends_at": STARTS + timedelta(hours=1), "link": "https://meet.example/reflect", "room": None}
    handle(uow, sessions_event("group_session.booked", {**session, "staff_id": ann.staff_id, "waiting": False}))
    handle(uow, sessions_event("group_session.booked", {**session, "staff_id": bob.staff_id, "waiting": True}))
    [placed], [waiting] = uow.inbox.of(ann.staff_id), uow.inbox.of(bob.staff_id)
    assert "https://meet.example/reflect" in placed.body
    assert "https://meet.example/reflect" not in waiting.body and "by video call" in waiting.body


def test_a_group_session_booking_a_promotion_a_move_and_a_cancellation_reach_those_booked(uow):
    ann, bob, fay = person(uow, "Ann Smith"), person(uow, "Bob Jones"), person(uow, "Fay Facilitator")
    session = {"session_id": new_id(), "series_id": None, "starts_at": STARTS,
               "ends_at": STARTS + timedelta(hours=1), "link": None, "room": "Room 2"}
    handle(uow, sessions_event("group_session.booked", {**session, "staff_id": ann.staff_id, "waiting": False}))
    handle(uow, sessions_event("group_session.booked", {**session, "staff_id": bob.staff_id, "waiting": True}))
    handle(uow, sessions_event("group_session.promoted", {**session, "staff_id": bob.staff_id}))
    moved = STARTS + timedelta(days=1)
    handle(uow, sessions_event("group_session.changed", {
        **session, "starts_at": moved, "ends_at": moved + timedelta(hours=1), "previous_starts_at": STARTS,
        "staff_ids": [ann.staff_id, bob.staff_id], "sequence": 1}))
    handle(uow, sessions_event("group_session.cancelled", {
        "session_id": session["session_id"], "series_id": None, "staff_ids": [ann.staff_id, bob.staff_id],
        "starts_at": moved, "cancelled_by": fay.staff_id}))
    assert subjects(uow, ann) == ["A group session: your place is booked", "A group session has been moved",
                                  "A group session has been cancelled"]
    assert subjects(uow, bob) == ["A group session: you are on the waiting list",
                                  "A place has come up for you at a group session",
                                  "A group session has been moved", "A group session has been cancelled"]
    assert subjects(uow, fay) == []


def test_a_moved_virtual_session_gives_its_link_to_those_with_a_place_and_not_to_those_waiting(uow):
    ann, bob = person(uow, "Ann Smith"), person(uow, "Bob Jones")
    moved = STARTS + timedelta(days=1)
    handle(uow, sessions_event("group_session.changed", {
        "session_id": new_id(), "series_id": None, "starts_at": moved, "ends_at": moved + timedelta(hours=1),
        "previous_starts_at": STARTS, "link": "https://meet.example/reflect", "room": None,
        "staff_ids": [ann.staff_id, bob.staff_id], "waiting_ids": [bob.staff_id], "sequence": 1}))
    ann_text, bob_text = bodies(uow, ann), bodies(uow, bob)
    assert "https://meet.example/reflect" in ann_text
    assert "https://meet.example/reflect" not in bob_text and "video call" in bob_text


def test_those_waiting_are_not_told_of_a_new_link_alone_but_are_of_a_new_room_or_video_instead(uow):
    ann, bob = person(uow, "Ann Smith"), person(uow, "Bob Jones")
    session = {"session_id": new_id(), "series_id": None, "starts_at": STARTS, "ends_at": STARTS + timedelta(hours=1),
               "previous_starts_at": STARTS, "staff_ids": [ann.staff_id, bob.staff_id],
               "waiting_ids": [bob.staff_id]}
    handle(uow, sessions_event("group_session.changed", {
        **session, "link": "https://meet.example/new", "room": None, "previous_room": None, "sequence": 1}))
    assert "https://meet.example/new" in bodies(uow, ann) and subjects(uow, bob) == []
    handle(uow, sessions_event("group_session.changed", {
        **session, "link": None, "room": "Room 2", "previous_room": None, "sequence": 2}))
    handle(uow, sessions_event("group_session.changed", {
        **session, "link": "https://meet.example/newer", "room": None, "previous_room": "Room 2", "sequence": 3}))
    assert subjects(uow, bob) == ["A group session has changed"] * 2
    assert "Room 2" in bodies(uow, bob) and "https://meet.example/newer" not in bodies(uow, bob)


def test_sessions_reminders_of_group_sessions_and_reviews_are_told_as_reminders(uow):
    ann, rev = person(uow, "Ann Smith"), person(uow, "Rhys Reviewer")
    handle(uow, sessions_event("group_session.reminded", {
        "session_id": new_id(), "staff_id": ann.staff_id, "starts_at": STARTS,
        "ends_at": STARTS + timedelta(hours=1), "link": "https://meet.test/g", "room": None}))
    handle(uow, sessions_event("wellbeing_review.reminded", {
        "review_id": new_id(), "staff_id": ann.staff_id, "reviewer_id": rev.staff_id, "starts_at": STARTS,
        "ends_at": STARTS + timedelta(hours=1), "link": None, "room": "Room 3"}))
    assert subjects(uow, ann) == ["Reminder: a group session coming up", "Reminder: a meeting coming up"]
    assert subjects(uow, rev) == ["Reminder: a meeting coming up"]
    assert "the wellbeing review you are holding with Ann Smith" in bodies(uow, rev)
    assert {e.category for e in uow.deliveries if e.recipient_id == ann.staff_id} == {"reminders"}


def test_a_wellbeing_review_arranged_moved_and_cancelled_reaches_both_discreetly(uow):
    ann, rev = person(uow, "Ann Smith"), person(uow, "Rhys Reviewer")
    review = {"review_id": new_id(), "staff_id": ann.staff_id, "reviewer_id": rev.staff_id, "starts_at": STARTS,
              "ends_at": STARTS + timedelta(hours=1), "link": None, "room": "Room 3"}
    handle(uow, sessions_event("wellbeing_review.scheduled", {**review, "previous_starts_at": None, "sequence": 0}))
    moved = STARTS + timedelta(days=2)
    handle(uow, sessions_event("wellbeing_review.scheduled", {
        **review, "starts_at": moved, "ends_at": moved + timedelta(hours=1), "previous_starts_at": STARTS,
        "sequence": 1}))
    handle(uow, sessions_event("wellbeing_review.cancelled", {
        "review_id": review["review_id"], "staff_id": ann.staff_id, "reviewer_id": rev.staff_id,
        "starts_at": moved, "cancelled_by": rev.staff_id}))
    expected = ["A meeting has been arranged", "A meeting has been moved", "A meeting has been cancelled"]
    assert subjects(uow, ann) == subjects(uow, rev) == expected
    assert "Rhys Reviewer has cancelled the wellbeing review" in bodies(uow, ann)
    assert "You cancelled the wellbeing review with Ann Smith" in bodies(uow, rev)


def test_an_overdue_supervision_reaches_the_supporter(uow):
    sam = person(uow, "Sam Supporter")
    handle(uow, sessions_event("supervision.overdue", {
        "supporter_id": sam.staff_id, "last_supervised_at": None, "overdue_since": T0}))
    assert subjects(uow, sam) == ["Time to book supervision"]
    assert "you have not attended one yet" in bodies(uow, sam)


def test_a_requester_whose_supporter_left_is_told_neutrally_that_they_wait_again(uow):
    rita, sam = person(uow, "Rita Requester"), person(uow, "Sam Supporter")
    handle(uow, sessions_event("request.reallocated", {
        "request_id": new_id(), "requester_id": rita.staff_id, "previous_supporter_id": sam.staff_id,
        "supporter_id": None, "cause": "supporter_withdrawn", "reallocated_at": T0}))
    assert subjects(uow, rita) == ["An update for you"]
    assert "with the network again" in bodies(uow, rita)
    assert subjects(uow, sam) == []  # they left, or stopped supporting: they know why


@pytest.mark.parametrize(("ahead", "critical"), [(timedelta(hours=1), True), (timedelta(days=1), False)])
def test_a_wellbeing_review_cancelled_at_short_notice_must_reach_the_other_person(uow, ahead, critical):
    """As a conversation: they may be on their way, so quiet hours do not hold it and it falls back."""
    ann, rev = person(uow, "Ann Smith"), person(uow, "Rhys Reviewer")
    cancelled = sessions_event("wellbeing_review.cancelled", {
        "review_id": new_id(), "staff_id": ann.staff_id, "reviewer_id": rev.staff_id, "starts_at": STARTS,
        "cancelled_by": rev.staff_id})
    handle(uow, at(cancelled, STARTS - ahead))
    [told] = uow.inbox.of(ann.staff_id)
    [own] = uow.inbox.of(rev.staff_id)
    assert (told.critical, own.critical) == (critical, False)
    assert all(d.critical == critical and (d.chain_id is not None) == critical for d in uow.deliveries.of(ann.staff_id))
