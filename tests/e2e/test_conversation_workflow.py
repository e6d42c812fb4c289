"""Conversations across the running system: times offered reach the colleague, and a booked, moved and
attended conversation reaches both people once and neutrally, the calendar feed follows it, and the
requester's anonymous feedback is taken once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from icalendar import Calendar
from sqlalchemy import create_engine, text

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network, Person, prepare

pytestmark = pytest.mark.e2e


def kinds(network: Network, person: Person) -> list[str]:
    return [entry["kind"] for entry in network.inbox(person)]


def slot(days: int, hour: int) -> dict[str, str]:
    starts = (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()}


def feed(url: str) -> list:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and b"peer support" not in response.content.lower()
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_conversation_is_booked_moved_attended_and_rated_anonymously(network, system, mailbox):
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    request = network.ask_for_support(cast.requester)
    assert request["supporter_id"] == cast.candidate.id
    supporter, requester = cast.candidate, cast.requester
    url = network.call("POST", "sessions", "/api/v1/me/calendar-feed", who=requester, expect=201)["url"]

    proposal = network.call("POST", "sessions", f"/api/v1/support-requests/{request['id']}/conversations",
                            who=supporter, expect=201, json={"slots": [slot(3, 10), slot(4, 10)], "mode": "video",
                                                         "link": "https://meet.example/ward-4"})
    wait_for(lambda: "meeting_times_offered" in kinds(network, requester), what="the colleague told of the times")
    booked = network.call("POST", "sessions", f"/api/v1/conversations/{proposal['id']}/accept", who=requester,
                          json={"slot": 1})
    assert booked["status"] == "booked"
    for person in (supporter, requester):
        wait_for(lambda p=person: "meeting_booked" in kinds(network, p), what="both told of the booking")
    [event] = feed(url)
    uid = str(event["UID"])
    network.call("POST", "sessions", f"/api/v1/conversations/{proposal['id']}/reschedule", who=supporter,
                 json={**slot(5, 11), "reason": "A clinic moved."})
    for person in (supporter, requester):
        wait_for(lambda p=person: "meeting_moved" in kinds(network, p), what="both told of the move")
    [event] = feed(url)
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)

    # The conversation's time passes (moved back in sessions' database), and the supporter records it.
    engine = create_engine(system.config.database_urls["sessions"])
    with engine.begin() as conn:
        conn.execute(text("UPDATE conversations SET starts_at = :s, ends_at = :e WHERE id = :id"), {
            "s": datetime.now(UTC) - timedelta(hours=2), "e": datetime.now(UTC) - timedelta(hours=1),
            "id": proposal["id"]})
    engine.dispose()
    network.call("POST", "sessions", f"/api/v1/conversations/{proposal['id']}/outcome", who=supporter,
                 json={"outcome": "attended"})
    invitation = wait_for(lambda: [e for e in network.inbox(requester) if e["kind"] == "feedback_invited"],
                          what="the requester invited to give feedback")
    assert "feedback_invited" not in kinds(network, supporter)
    token = invitation[0]["body"].split("#token=")[1].split()[0]
    network.call("POST", "sessions", "/api/v1/feedback", expect=204,
                 json={"token": token, "rating": 5, "helped": "yes", "comment": "Calm and kind."})
    network.call("POST", "sessions", "/api/v1/feedback", expect=404,
                 json={"token": token, "rating": 1, "helped": "no"})
    own = network.call("GET", "sessions", f"/api/v1/supporters/{supporter.id}/feedback", who=supporter)
    assert own["responses"] == "<5" and own["comments"] == []
    wait_for(lambda: any(m["Subject"] == "Your views are welcome" for m in mailbox.to(requester.email)),
             what="the invitation emailed")

    # Every notice once, and no subject line says what the meeting is about.
    for person in (supporter, requester):
        assert kinds(network, person).count("meeting_booked") == 1
        assert kinds(network, person).count("meeting_moved") == 1
    assert kinds(network, requester).count("feedback_invited") == 1
    assert kinds(network, requester).count("meeting_times_offered") == 1
    assert "meeting_times_offered" not in kinds(network, supporter)
    subjects = [e["subject"] for p in (supporter, requester) for e in network.inbox(p)
                if e["kind"].startswith(("meeting_", "feedback_"))]
    assert not [s for s in subjects if "support" in s.lower()]
