"""Group sessions and wellbeing reviews in the person's calendar feed: neutral titles, one UID for life,
SEQUENCE rising with each change, STATUS:CANCELLED when a place is given up or the thing is called off."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from psn_shared.roles import Role
from services.sessions.tests.integration.conversations_support import feed_events

SOON = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=6)
THEME = "Bereavement and loss"


def feed_url(client, auth, staff_id: str) -> str:
    return client.post("/api/v1/me/calendar-feed", headers=auth(staff_id)).json["url"]


def by_uid(events) -> dict[str, dict]:
    return {str(e["UID"]): {"status": str(e["STATUS"]), "sequence": int(e["SEQUENCE"]), "title": str(e["SUMMARY"]),
                            "start": e["DTSTART"].dt, "text": e.to_ical().decode()} for e in events}


def test_a_group_session_in_the_feeds_of_who_has_a_place_and_who_facilitates(client, auth, identity):
    facilitator, ann, bob = identity.register(), identity.register(), identity.register()
    made = client.post("/api/v1/group-sessions", headers=auth(facilitator, Role.FACILITATOR), json={
        "theme": THEME, "starts_at": SOON.isoformat(), "ends_at": (SOON + timedelta(hours=1)).isoformat(),
        "capacity": 1, "link": "https://meet.example/group"}).json
    uid = f"{made['id']}@sessions.psn"
    ann_feed, bob_feed, own_feed = (feed_url(client, auth, who) for who in (ann, bob, facilitator))
    client.post(f"/api/v1/group-sessions/{made['id']}/booking", headers=auth(ann))
    client.post(f"/api/v1/group-sessions/{made['id']}/booking", headers=auth(bob))  # waiting
    ann_entry = by_uid(feed_events(client, ann_feed))[uid]
    assert (ann_entry["status"], ann_entry["title"], ann_entry["start"]) == ("CONFIRMED", "Group session", SOON)
    assert THEME not in ann_entry["text"] and "reflective" not in ann_entry["text"].lower()
    assert "https://meet.example/group" in ann_entry["text"]
    bob_waiting = by_uid(feed_events(client, bob_feed))[uid]
    assert bob_waiting["status"] == "CANCELLED" and "meet.example" not in bob_waiting["text"]  # no place yet
    assert by_uid(feed_events(client, own_feed))[uid]["status"] == "CONFIRMED"

    client.delete(f"/api/v1/group-sessions/{made['id']}/booking", headers=auth(ann))
    ann_after = by_uid(feed_events(client, ann_feed))[uid]
    bob_after = by_uid(feed_events(client, bob_feed))[uid]
    assert (ann_after["status"], bob_after["status"]) == ("CANCELLED", "CONFIRMED")
    assert "meet.example" not in ann_after["text"] and "https://meet.example/group" in bob_after["text"]
    assert ann_after["sequence"] > ann_entry["sequence"]

    later = SOON + timedelta(days=1)
    client.patch(f"/api/v1/group-sessions/{made['id']}", headers=auth(facilitator, Role.FACILITATOR), json={
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()})
    moved = by_uid(feed_events(client, bob_feed))[uid]
    assert (moved["start"], moved["sequence"] > bob_after["sequence"]) == (later, True)
    client.post(f"/api/v1/group-sessions/{made['id']}/cancel", headers=auth(facilitator, Role.FACILITATOR))
    for url in (bob_feed, own_feed):
        assert by_uid(feed_events(client, url))[uid]["status"] == "CANCELLED"


def test_a_wellbeing_review_in_both_feeds_with_a_neutral_title(client, auth, identity):
    team = str(uuid.uuid4())
    manager = identity.register(team)
    staff = identity.register(team, line_manager_id=manager)
    staff_feed, manager_feed = feed_url(client, auth, staff), feed_url(client, auth, manager)
    review = client.post("/api/v1/wellbeing-reviews", headers=auth(staff), json={
        "starts_at": SOON.isoformat(), "ends_at": (SOON + timedelta(hours=1)).isoformat(), "room": "Room 7"}).json
    uid = f"{review['id']}@sessions.psn"
    for url in (staff_feed, manager_feed):
        entry = by_uid(feed_events(client, url))[uid]
        assert (entry["title"], entry["status"], entry["sequence"]) == ("One-to-one meeting", "CONFIRMED", 0)
        assert "wellbeing" not in entry["text"].lower()
    client.post(f"/api/v1/wellbeing-reviews/{review['id']}/cancel", headers=auth(manager))
    cancelled = by_uid(feed_events(client, staff_feed))[uid]
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", 1)
