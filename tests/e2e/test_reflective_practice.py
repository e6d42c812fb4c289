"""Reflective practice across the running system: the monthly middle-manager reflective session.

A facilitator (granted the role in identity) starts the series; its occurrences are made at once,
on the first Tuesday of each month at 14:00 London time; one occurrence is moved and the rest stay;
a manager (someone who line-manages a colleague, in identity's directory) books, a colleague who
manages nobody is refused, the waiting list promotes when the manager cancels, and the attendee
list stays hidden from attendees.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")


def first_tuesday_next_month() -> datetime:
    first = (date.today().replace(day=1) + timedelta(days=32)).replace(day=1)
    tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    return datetime(tuesday.year, tuesday.month, tuesday.day, 14, tzinfo=LONDON)


def kinds(network: Network, person) -> list[str]:
    return [entry["kind"] for entry in network.inbox(person) if entry["kind"].startswith("group_session")]


def booking(network: Network, session_id: str, who, expect=(201,)) -> dict:
    return network.call("POST", "sessions", f"/api/v1/group-sessions/{session_id}/booking", who=who, expect=expect)


def test_the_monthly_middle_manager_reflective_session(network):
    team = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Managers")
    first_manager = network.register("Morgan Manager", team_id=team, grade="Band 7")
    second_manager = network.register("Mel Manager", team_id=team, grade="Band 7")
    nurse = network.register("Nico Nurse", team_id=team, line_manager=first_manager)
    network.register("Noor Nurse", team_id=team, line_manager=second_manager)
    facilitator = network.register("Fran Facilitator", grade="Band 8b")
    network.grant(facilitator, "facilitator", "Runs reflective supervision")
    for person in (first_manager, second_manager, nurse, facilitator):
        network.login(person)

    start = first_tuesday_next_month()
    series = network.call("POST", "sessions", "/api/v1/group-series", who=facilitator, expect=201, json={
        "theme": "Middle managers' reflective session", "rule": "FREQ=MONTHLY;BYDAY=1TU",
        "timezone": "Europe/London", "first_starts_at": start.isoformat(), "duration_minutes": 90,
        "capacity": 1, "audience": "middle_managers", "link": "https://meet.example/managers"})
    occurrences = series["occurrences"]
    assert len(occurrences) >= 2
    for occurrence in occurrences:
        local = datetime.fromisoformat(occurrence["starts_at"]).astimezone(LONDON)
        assert (local.weekday(), local.day <= 7, local.hour, local.minute) == (1, True, 14, 0)

    # One occurrence moves to the Wednesday; the others stay where the rule put them.
    first, second, *rest = occurrences
    wednesday = datetime.fromisoformat(second["starts_at"]) + timedelta(days=1)
    moved = network.call("PATCH", "sessions", f"/api/v1/group-sessions/{second['id']}", who=facilitator, json={
        "starts_at": wednesday.isoformat(), "ends_at": (wednesday + timedelta(minutes=90)).isoformat()})
    assert moved["moved"] is True
    again = network.call("GET", "sessions", f"/api/v1/group-series/{series['id']}", who=nurse)["occurrences"]
    assert [o["id"] for o in again] == [o["id"] for o in occurrences]
    assert [o["starts_at"] for o in again] == [first["starts_at"], moved["starts_at"], *(o["starts_at"] for o in rest)]

    # A manager books (once identity's directory has told sessions whom they manage).
    booked = wait_for(lambda: booking(network, first["id"], first_manager, expect=(201, 403)).get("your_booking"),
                      timeout=20, what="sessions to know the first manager manages someone")
    assert booked["status"] == "booked"
    refused = network.http.post(f"{network.urls['sessions']}/api/v1/group-sessions/{first['id']}/booking",
                                headers=nurse.auth, timeout=10)
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "audience"

    waiting = wait_for(lambda: booking(network, first["id"], second_manager, expect=(201, 403)).get("your_booking"),
                       timeout=20, what="sessions to know the second manager manages someone")
    assert waiting == {"status": "waiting", "waiting_place": 1, "attended": None}

    # The attendee list is the facilitator's, never an attendee's.
    hidden = network.http.get(f"{network.urls['sessions']}/api/v1/group-sessions/{first['id']}/attendees",
                              headers=second_manager.auth, timeout=10)
    assert hidden.status_code == 403
    seen = network.call("GET", "sessions", f"/api/v1/group-sessions/{first['id']}", who=second_manager)
    assert first_manager.id not in str(seen)
    listed = network.call("GET", "sessions", f"/api/v1/group-sessions/{first['id']}/attendees", who=facilitator)
    assert [(a["staff_id"], a["status"]) for a in listed["items"]] == [
        (first_manager.id, "booked"), (second_manager.id, "waiting")]

    # The first manager cancels: the place goes to the second.
    network.call("DELETE", "sessions", f"/api/v1/group-sessions/{first['id']}/booking", who=first_manager)
    promoted = network.call("GET", "sessions", f"/api/v1/group-sessions/{first['id']}", who=second_manager)
    assert promoted["your_booking"]["status"] == "booked" and promoted["places_left"] == 0
    assert datetime.fromisoformat(promoted["starts_at"]) > datetime.now(UTC)

    # The facilitator calls that one off; each notice reaches its person once, never naming the theme.
    network.call("POST", "sessions", f"/api/v1/group-sessions/{first['id']}/cancel", who=facilitator)
    wait_for(lambda: "group_session_cancelled" in kinds(network, second_manager), timeout=20,
             what="the second manager told of the cancellation")
    wait_for(lambda: "group_session_promoted" in kinds(network, second_manager), timeout=20,
             what="the second manager told of the place")
    assert sorted(kinds(network, second_manager)) == [
        "group_session_booked", "group_session_cancelled", "group_session_promoted"]
    wait_for(lambda: "group_session_booked" in kinds(network, first_manager), timeout=20,
             what="the first manager told of the booking")
    assert kinds(network, first_manager).count("group_session_booked") == 1
    assert "group_session_cancelled" not in kinds(network, first_manager)  # their booking had ended
    assert all("reflective session" not in str(entry).lower() for entry in network.inbox(second_manager))
