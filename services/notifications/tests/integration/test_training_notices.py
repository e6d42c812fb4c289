"""Training's events become messages: nominees, awaiting managers, promoted and lapsing people are told once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from psn_shared.events import Envelope


def training(type_: str, **data: object) -> Envelope:
    return Envelope.new(type_, data, source="training")


def subjects(client, auth, staff: dict) -> list[str]:
    response = client.get("/api/v1/inbox", headers=auth(staff["staff_id"]))
    assert response.status_code == 200, response.json
    return [e["subject"] for e in response.json["items"]]


def bodies(client, auth, staff: dict) -> str:
    return "\n".join(e["body"] for e in client.get("/api/v1/inbox", headers=auth(staff["staff_id"])).json["items"])


def outcome(type_: str, nominee: dict, **data: object) -> Envelope:
    return training(type_, nomination_id=str(uuid.uuid4()), nominee_id=nominee["staff_id"], level=2,
                    **{"status": "booked", "cohort_id": None, "decided_by": None, "reason": None,
                       "monthly_hours": None, **data})


@pytest.mark.parametrize(("type_", "data", "subject", "phrase"), [
    ("training.nomination.approved", {"status": "waiting_list", "monthly_hours": 4},
     "Your Level 2 Peer Supporter nomination is approved", "on its waiting list"),
    ("training.nomination.refused", {"status": "refused", "reason": "Winter pressures"},
     "Your Level 2 Peer Supporter nomination was not approved", "Winter pressures"),
    ("training.nomination.expired", {"status": "expired"},
     "Your Level 2 Peer Supporter nomination has expired", "waited too long"),
])
def test_the_nominee_hears_how_their_nomination_ended(deliver, person, client, auth, type_, data, subject, phrase):
    nominee = person("Nia Nominee")
    event = outcome(type_, nominee, **data)
    deliver(event)
    deliver(event)
    assert subjects(client, auth, nominee) == [subject]
    assert phrase in bodies(client, auth, nominee)


def test_the_awaited_manager_is_reminded(deliver, person, client, auth):
    manager = person("Lee Line")
    nominee = person("Nia Nominee", line_manager_id=manager["staff_id"])
    deliver(training("training.nomination.reminded", nomination_id=str(uuid.uuid4()), nominee_id=nominee["staff_id"],
                   approver_id=manager["staff_id"], capacity="line_manager", level=2,
                   waiting_since=datetime(2026, 11, 1, tzinfo=UTC)))
    assert subjects(client, auth, manager) == ["A nomination is waiting for your decision"]
    assert "Nia Nominee's nomination" in bodies(client, auth, manager)
    assert subjects(client, auth, nominee) == []


def test_someone_promoted_from_the_waiting_list_is_told_their_place_and_date(deliver, person, client, auth):
    promoted = person("Pat Promoted")
    deliver(training("training.place.promoted", staff_id=promoted["staff_id"], nomination_id=str(uuid.uuid4()),
                   cohort_id=str(uuid.uuid4()), cohort_name="Spring cohort", level=2, first_day=date(2027, 3, 1)))
    assert subjects(client, auth, promoted) == ["A place has come up for you: Spring cohort"]
    assert "starts on 2027-03-01" in bodies(client, auth, promoted)


def test_a_refresher_reminder_and_a_lapse_reach_the_certificate_holder(deliver, person, client, auth):
    holder = person("Sam Supporter", roles=("peer_supporter",))
    certificate = {"staff_id": holder["staff_id"], "level": 2, "certificate_id": str(uuid.uuid4()),
                   "expires_on": date(2027, 1, 31)}
    deliver(training("training.refresher.due", **certificate))
    deliver(training("training.certification.lapsed", **certificate))
    assert subjects(client, auth, holder) == ["Your Level 2 Peer Supporter certificate has lapsed",
                                              "Your Level 2 Peer Supporter certificate needs a refresher"]
    text = bodies(client, auth, holder)
    assert "runs out on 2027-01-31" in text
    assert "stay with you until they are handed over" in text
