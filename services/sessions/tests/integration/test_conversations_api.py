"""Conversations through the API on PostgreSQL: booking across a clock change, the calendar
feed after book, reschedule and cancel, double booking, availability, feedback, the weekly cap, bad input."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from services.sessions.tests.integration.conversations_support import (
    AFTER,
    AFTER_AT,
    ASK,
    BEFORE,
    BEFORE_AT,
    CHANGE,
    FRIDAY_BEFORE,
    TEAM,
    VIDEO,
    feed_events,
    headers,
    local,
    make_people,
    outbox,
    propose,
)
from sessions.domain.caps import CapLimits
from sessions.domain.conversations import Conversation, ConversationStatus
from sessions.domain.feedback import FeedbackInvitation
from sessions.domain.model import Mode, Scope, Urgency
from sessions.service_layer import commands


@pytest.fixture
def people(client, auth, identity) -> dict[str, str]:
    return make_people(client, auth, identity)


def test_book_reschedule_and_cancel_across_the_clock_change_show_in_the_feed(client, auth, people, service_db):
    feed = client.post("/api/v1/me/calendar-feed", headers=headers(auth, people, "requester"))
    assert feed.status_code == 201
    url = feed.json["url"]
    proposal = propose(client, auth, people)
    assert proposal.status_code == 201, proposal.json
    assert [s["starts_at"] for s in proposal.json["slots"]] == [BEFORE_AT.isoformat(), AFTER_AT.isoformat()]
    assert {BEFORE_AT.isoformat()[-6:], AFTER_AT.isoformat()[-6:]} == {"+00:00", "+01:00"}
    assert feed_events(client, url) == []  # a proposal is not in anyone's calendar yet

    booked = client.post(f"/api/v1/conversations/{proposal.json['id']}/accept", json={"slot": 0},
                         headers=headers(auth, people, "requester"))
    assert booked.status_code == 200, booked.json
    assert (booked.json["status"], booked.json["starts_at"]) == ("booked", BEFORE_AT.isoformat())
    [event] = feed_events(client, url)
    uid = str(event["UID"])
    assert (str(event["SUMMARY"]), int(event["SEQUENCE"]), str(event["STATUS"])) == ("Conversation", 0, "CONFIRMED")
    assert event.decoded("DTSTART") == BEFORE_AT
    assert event["DTSTART"].params["TZID"] == "Europe/London"

    moved = client.post(f"/api/v1/conversations/{proposal.json['id']}/reschedule",
                        json={**AFTER, "reason": "A shift came up."}, headers=headers(auth, people, "requester"))
    assert moved.status_code == 200, moved.json
    assert (moved.json["starts_at"], moved.json["reschedules"]) == (AFTER_AT.isoformat(), 1)
    [event] = feed_events(client, url)
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)
    assert event.decoded("DTSTART") == AFTER_AT
    assert event.decoded("DTSTART").strftime("%H:%M %z") == AFTER_AT.strftime("10:00 %z")

    cancelled = client.post(f"/api/v1/conversations/{proposal.json['id']}/cancel", json={"reason": "Off sick."},
                            headers=headers(auth, people, "supporter"))
    assert (cancelled.json["status"], cancelled.json["late_cancellation"]) == ("cancelled", False)
    [event] = feed_events(client, url)
    assert (str(event["UID"]), int(event["SEQUENCE"]), str(event["STATUS"])) == (uid, 2, "CANCELLED")

    events = [(t, d) for t, d in outbox(service_db) if t.startswith("sessions.conversation.")]
    assert [t for t, _ in events] == ["sessions.conversation.proposed", "sessions.conversation.booked",
                                      "sessions.conversation.rescheduled", "sessions.conversation.cancelled"]
    offered = events[0][1]
    assert (offered["proposed_by"], [t["starts_at"] for t in offered["times"]]) == (
        people["supporter"], [BEFORE_AT.astimezone(UTC).isoformat(), AFTER_AT.astimezone(UTC).isoformat()])
    for _, data in events:
        assert not {"reason", "details", "cancel_reason", "reschedule_reason"} & set(data)
        assert "shift" not in str(data) and "sick" not in str(data)


def test_the_feed_is_read_by_its_secret_alone_and_rotation_retires_the_old_one(client, auth, people):
    first = client.post("/api/v1/me/calendar-feed", headers=headers(auth, people, "supporter")).json["url"]
    assert client.get("/api/v1/me/calendar-feed", headers=headers(auth, people, "supporter")).status_code == 200
    assert client.get("/api/v1/me/calendar-feed", headers=headers(auth, people, "requester")).status_code == 404
    feed_events(client, first)
    second = client.post("/api/v1/me/calendar-feed", headers=headers(auth, people, "supporter")).json["url"]
    assert client.get(first.split("localhost", 1)[-1]).status_code == 404
    feed_events(client, second)
    assert client.get("/api/v1/calendar-feeds/not-a-secret.ics").status_code == 404
    assert client.delete("/api/v1/me/calendar-feed", headers=headers(auth, people, "supporter")).status_code == 204
    assert client.get(second.split("localhost", 1)[-1]).status_code == 404


def test_nobody_is_double_booked_across_requests(client, auth, people, service_db):
    booked = propose(client, auth, people, slots=(BEFORE,))
    client.post(f"/api/v1/conversations/{booked.json['id']}/accept", json={"slot": 0},
                headers=headers(auth, people, "requester"))
    # The requester asks again; the least loaded supporter (the other one) takes it.
    request = client.post("/api/v1/support-requests", json=ASK, headers=headers(auth, people, "requester")).json
    assert request["supporter_id"] == people["other_supporter"]
    before = outbox(service_db)
    clash = client.post(f"/api/v1/support-requests/{request['id']}/conversations",
                        headers=headers(auth, people, "other_supporter"), json={
        "slots": [{"starts_at": local(FRIDAY_BEFORE, 10, 30).isoformat(),
                   "ends_at": local(FRIDAY_BEFORE, 11, 30).isoformat()}], **VIDEO})
    assert clash.status_code == 409
    assert [e["field"] for e in clash.json["errors"]] == ["slots"]
    assert "the other person already has something booked" in clash.json["detail"]
    assert outbox(service_db) == before
    next_hour = client.post(f"/api/v1/support-requests/{request['id']}/conversations",
                            headers=headers(auth, people, "other_supporter"), json={
        "slots": [{"starts_at": local(FRIDAY_BEFORE, 11).isoformat(),
                   "ends_at": local(FRIDAY_BEFORE, 12).isoformat()}], **VIDEO})
    assert next_hour.status_code == 201, next_hour.json


def test_a_requester_is_held_to_the_supporters_windows_and_leave(client, auth, people):
    supporter = headers(auth, people, "supporter")
    path = f"/api/v1/supporters/{people['supporter']}"
    response = client.put(f"{path}/availability", headers=supporter, json={"windows": [
        {"weekday": "tue", "starts": "09:00", "ends": "12:00"},
        {"weekday": "thu", "starts": "14:00", "ends": "16:00"}]})
    assert response.status_code == 200, response.json
    assert [w["label"] for w in response.json["windows"]] == ["Tue 09:00-12:00", "Thu 14:00-16:00"]
    outside = propose(client, auth, people, who="requester", slots=(BEFORE,))  # a Friday
    assert outside.status_code == 422
    assert [e["field"] for e in outside.json["errors"]] == ["slots"]
    assert "Tue 09:00-12:00, Thu 14:00-16:00" in outside.json["detail"]
    leave = client.post(f"{path}/leave", headers=supporter, json={
        "first_day": str(CHANGE + timedelta(days=1)), "last_day": str(CHANGE + timedelta(days=5))})
    assert leave.status_code == 201
    on_leave = propose(client, auth, people, who="requester", slots=(AFTER,))
    assert on_leave.status_code == 422 and "on leave" in on_leave.json["detail"]
    assert client.delete(f"{path}/leave/{leave.json['id']}", headers=supporter).status_code == 204
    inside = propose(client, auth, people, who="requester", slots=(AFTER,))  # 10:00 London time on a Tuesday
    assert inside.status_code == 201, inside.json
    seen = client.get(f"/api/v1/support-requests/{people['request']}/availability",
                      headers=headers(auth, people, "requester"))
    assert len(seen.json["windows"]) == 2


def test_bad_input_names_the_field_and_changes_nothing(client, auth, people, service_db):
    supporter = headers(auth, people, "supporter")
    before = outbox(service_db)
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    cases = [
        ({"slots": [{"starts_at": past, "ends_at": past}], **VIDEO}, "slots", 422),
        ({"slots": [{"starts_at": BEFORE_AT.replace(tzinfo=None).isoformat(),
                     "ends_at": BEFORE_AT.replace(tzinfo=None, hour=11).isoformat()}], **VIDEO}, "slots", 422),
        ({"slots": [BEFORE] * 4, **VIDEO}, "slots", 422),
        ({"slots": [BEFORE], "mode": "video"}, "link", 422),
        ({"slots": [BEFORE], "mode": "in_person"}, "room", 422),
        ({"slots": [BEFORE], "mode": "carrier pigeon"}, "mode", 422),
    ]
    for body, field, status in cases:
        response = client.post(f"/api/v1/support-requests/{people['request']}/conversations", json=body,
                               headers=supporter)
        assert response.status_code == status, (body, response.json)
        assert field in [e["field"] for e in response.json["errors"]] or field in str(response.json), body
    overlapping = client.put(f"/api/v1/supporters/{people['supporter']}/availability", headers=supporter, json={
        "windows": [{"weekday": "tue", "starts": "09:00", "ends": "12:00"},
                    {"weekday": "tue", "starts": "11:00", "ends": "13:00"}]})
    assert overlapping.status_code == 422
    assert [e["field"] for e in overlapping.json["errors"]] == ["windows"]
    client.post(f"/api/v1/support-requests/{people['request']}/close", headers=supporter)
    closed = propose(client, auth, people, slots=(BEFORE,))
    assert closed.status_code == 409
    assert [e["field"] for e in closed.json["errors"]] == ["request_id"]
    assert [t for t, _ in outbox(service_db) if t.startswith("sessions.conversation")] == []
    assert len(outbox(service_db)) == len(before)


def attend(client, auth, people, make_uow) -> str:
    """Book a conversation, let its time pass (moved back in the database), and record it attended."""
    booked = propose(client, auth, people, slots=(BEFORE,))
    client.post(f"/api/v1/conversations/{booked.json['id']}/accept", json={"slot": 0},
                headers=headers(auth, people, "requester"))
    too_soon = client.post(f"/api/v1/conversations/{booked.json['id']}/outcome", json={"outcome": "attended"},
                           headers=headers(auth, people, "supporter"))
    assert too_soon.status_code == 409
    with make_uow() as uow:
        conversation = uow.session.get(Conversation, booked.json["id"])
        conversation.starts_at = datetime.now(UTC) - timedelta(hours=2)
        conversation.ends_at = datetime.now(UTC) - timedelta(hours=1)
        uow.commit()
    by_requester = client.post(f"/api/v1/conversations/{booked.json['id']}/outcome", json={"outcome": "attended"},
                               headers=headers(auth, people, "requester"))
    assert by_requester.status_code == 403
    attended = client.post(f"/api/v1/conversations/{booked.json['id']}/outcome", json={"outcome": "attended"},
                           headers=headers(auth, people, "supporter"))
    assert attended.json["status"] == "attended"
    return booked.json["id"]


def test_attended_invites_feedback_that_is_answered_once_without_a_token_or_a_name(
        client, auth, people, make_uow, service_db):
    attend(client, auth, people, make_uow)
    [invitation] = [d for t, d in outbox(service_db) if t == "sessions.feedback.invited"]
    assert set(invitation) == {"requester_id", "feedback_url", "respond_by"}
    token = invitation["feedback_url"].split("#token=")[1]
    for body, field in [({"token": token, "rating": 6, "helped": "yes"}, "rating"),
                        ({"token": token, "rating": 4, "helped": "maybe"}, "helped"),
                        ({"token": token, "rating": 4, "helped": "yes", "comment": "x" * 1001}, "comment")]:
        refused = client.post("/api/v1/feedback", json=body)
        assert refused.status_code == 422 and [e["field"] for e in refused.json["errors"]] == [field]
    assert client.post("/api/v1/feedback", json={"token": token, "rating": 4, "helped": "partly",
                                                 "comment": "Helpful."}).status_code == 204
    again = client.post("/api/v1/feedback", json={"token": token, "rating": 5, "helped": "yes"})
    assert again.status_code == 404
    with make_uow() as uow:
        row = uow.session.execute(text("SELECT * FROM feedback_responses")).mappings().one()
    assert set(row) == {"id", "supporter_id", "week_of", "rating", "helped", "comment", "released"}
    assert people["requester"] not in row.values()
    own = client.get(f"/api/v1/supporters/{people['supporter']}/feedback", headers=headers(auth, people, "supporter"))
    assert own.json["responses"] == "<5" and own.json["average_rating"] is None and own.json["comments"] == []
    network = client.get("/api/v1/reports/feedback", headers=headers(auth, people, "coordinator"))
    assert network.json["responses"] == "<5" and network.json["by_rating"]["4"] == "<5"


def test_a_supporter_is_shown_answers_five_at_a_time_so_the_newest_cannot_be_picked_out(
        client, auth, people, make_uow):
    tokens = []
    with make_uow() as uow:
        for _ in range(10):
            invitation, token = FeedbackInvitation.issue(people["supporter"], datetime.now(UTC))
            uow.feedback.invite(invitation)
            tokens.append(token)
        uow.commit()

    def own() -> dict:
        return client.get(f"/api/v1/supporters/{people['supporter']}/feedback",
                          headers=headers(auth, people, "supporter")).json

    seen = []
    for rating, token in zip([5, 5, 4, 4, 3, 1, 1, 1, 1, 2], tokens, strict=True):
        assert client.post("/api/v1/feedback", json={"token": token, "rating": rating, "helped": "yes",
                                                     "comment": f"rated {rating}"}).status_code == 204
        seen.append((own()["responses"], own()["average_rating"]))
    assert seen == [("<5", None)] * 4 + [(5, 4.2)] * 5 + [(10, 2.7)]
    assert own()["comments"] == sorted(f"rated {r}" for r in [5, 5, 4, 4, 3, 1, 1, 1, 1, 2])


def test_a_week_full_of_conversations_stops_new_allocations_and_the_reason_names_it(identity, make_uow):
    supporter = identity.supporter(TEAM, monthly_hours=10)
    first, second = identity.register(TEAM), identity.register(TEAM)
    now = datetime.now(UTC)
    with make_uow() as uow:
        # A conversation under way now: it counts against this Europe/London week.
        uow.conversations.add(Conversation(
            request_id=str(uuid.uuid4()), requester_id=first, supporter_id=supporter, proposed_by=supporter,
            slots=[], mode=Mode.PHONE, created_at=now, updated_at=now, status=ConversationStatus.BOOKED,
            starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(minutes=55)))
        uow.commit()

    def ask(limit: int):
        with make_uow() as uow:
            uow.caps = CapLimits(max_conversations_per_week=limit)
            return commands.request_support(commands.RequestSupport(
                requester_id=second, mode=Mode.VIDEO, scope=Scope.ANY, urgency=Urgency.SOON, details="Hard week."), uow)

    capped = ask(1)
    assert (capped.status, capped.waiting_reason) == (
        "waiting", "every eligible supporter is at their maximum of conversations this week")
    assert ask(2).supporter_id == supporter


def test_the_weekly_count_of_a_booking_is_by_london_week(client, auth, people, make_uow):
    booked = propose(client, auth, people, slots=(AFTER,))  # the Tuesday after the change
    client.post(f"/api/v1/conversations/{booked.json['id']}/accept", json={"slot": 0},
                headers=headers(auth, people, "requester"))
    with make_uow() as uow:
        count = uow.conversations.booked_in_week_of
        # The week starts at 00:00 London time on the Monday after the change, whatever that is in UTC.
        monday = local(CHANGE + timedelta(days=1), 0, 30)
        assert count(people["supporter"], monday.astimezone(UTC)) == 1
        assert count(people["supporter"], (monday - timedelta(hours=1)).astimezone(UTC)) == 0
        assert count(people["supporter"], AFTER_AT, excluding=booked.json["id"]) == 0
        assert count(people["other_supporter"], AFTER_AT) == 0
