"""Who may see and do what with conversations, availability and feedback (the access matrix's cells)."""

from __future__ import annotations

import pytest

from services.sessions.tests.integration.conversations_support import (
    BEFORE,
    headers,
    make_people,
    propose,
)


@pytest.fixture
def people(client, auth, identity) -> dict[str, str]:
    return make_people(client, auth, identity)


@pytest.mark.parametrize("who, status", [
    ("requester", 200), ("supporter", 200), ("coordinator", 200),
    ("manager", 404), ("other_supporter", 404), ("admin", 404),
])
def test_who_sees_a_conversation(client, auth, people, who, status):
    proposal = propose(client, auth, people, slots=(BEFORE,))
    response = client.get(f"/api/v1/conversations/{proposal.json['id']}", headers=headers(auth, people, who))
    assert response.status_code == status
    listed = client.get(f"/api/v1/support-requests/{people['request']}/conversations",
                        headers=headers(auth, people, who))
    assert listed.status_code == status


@pytest.mark.parametrize("who, status", [
    ("requester", 201), ("supporter", 201), ("coordinator", 403),
    ("manager", 404), ("other_supporter", 404), ("admin", 404),
])
def test_who_may_propose(client, auth, people, who, status):
    assert propose(client, auth, people, who=who, slots=(BEFORE,)).status_code == status


@pytest.mark.parametrize("who, availability, feedback", [
    ("supporter", 200, 200), ("coordinator", 200, 403), ("requester", 403, 403),
    ("other_supporter", 403, 403), ("admin", 403, 403),
])
def test_who_sees_a_supporters_availability_and_feedback(client, auth, people, who, availability, feedback):
    path = f"/api/v1/supporters/{people['supporter']}"
    assert client.get(f"{path}/availability", headers=headers(auth, people, who)).status_code == availability
    assert client.get(f"{path}/feedback", headers=headers(auth, people, who)).status_code == feedback


@pytest.mark.parametrize("who, status", [("coordinator", 200), ("admin", 200), ("supporter", 403), ("requester", 403)])
def test_who_sees_the_networks_feedback(client, auth, people, who, status):
    assert client.get("/api/v1/reports/feedback", headers=headers(auth, people, who)).status_code == status


@pytest.mark.parametrize("who, status", [
    ("requester", 403), ("supporter", 409), ("coordinator", 403),
    ("manager", 404), ("other_supporter", 404), ("admin", 404),
])
def test_who_may_record_the_outcome(client, auth, people, who, status):
    """Only the supporter (409 here: it has not started yet); the requester and coordinator are refused."""
    proposal = propose(client, auth, people, slots=(BEFORE,))
    client.post(f"/api/v1/conversations/{proposal.json['id']}/accept", json={"slot": 0},
                headers=headers(auth, people, "requester"))
    response = client.post(f"/api/v1/conversations/{proposal.json['id']}/outcome", json={"outcome": "no_show"},
                           headers=headers(auth, people, who))
    assert response.status_code == status
