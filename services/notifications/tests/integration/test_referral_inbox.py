"""Referral events on PostgreSQL: an urgent one reaches the coordinators' inboxes marked critical, once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from psn_shared.events import Envelope

AT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def suggested(requester_id: str, supporter_id: str, urgent: bool) -> Envelope:
    return Envelope.new("sessions.referral.suggested", {
        "referral_id": str(uuid.uuid4()), "request_id": str(uuid.uuid4()), "requester_id": requester_id,
        "supporter_id": supporter_id, "urgent": urgent, "suggested_at": AT,
    }, source="sessions")


def inbox(client, auth, staff: dict) -> list[dict]:
    response = client.get("/api/v1/inbox", headers=auth(staff["staff_id"]))
    assert response.status_code == 200, response.json
    return response.json["items"]


def test_an_urgent_referral_is_critical_for_coordinators_and_plain_for_the_person(deliver, person, client, auth):
    rita, sue = person("Rita Requester"), person("Sue Supporter")
    cleo = person("Cleo Coordinator", roles=("coordinator",))
    event = suggested(rita["staff_id"], sue["staff_id"], urgent=True)
    deliver(event)
    deliver(event)
    [alert] = inbox(client, auth, cleo)
    assert (alert["kind"], alert["critical"], alert["subject"]) == ("referral_urgent", True, "Urgent: please act now")
    [asked] = inbox(client, auth, rita)
    assert (asked["kind"], asked["critical"]) == ("referral_suggested", False)
    assert inbox(client, auth, sue) == []
    deliver(suggested(rita["staff_id"], sue["staff_id"], urgent=False))
    assert len(inbox(client, auth, cleo)) == 1
    assert [e["critical"] for e in inbox(client, auth, rita)] == [False, False]
