"""Both languages in one message is a preference like any other, kept on PostgreSQL (migration 0007 widened
the column), and what the next message is written in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from psn_shared.events import Envelope


def test_a_person_may_choose_both_languages_and_is_written_to_in_both(client, auth, deliver, person):
    ann = person("Ann Jones")
    saved = client.put("/api/v1/preferences", json={"language": "cy+en"}, headers=auth(ann["staff_id"]))
    assert saved.status_code == 200, saved.json
    assert client.get("/api/v1/preferences", headers=auth(ann["staff_id"])).json["language"] == "cy+en"
    deliver(Envelope.new("identity.role.granted", {
        "staff_id": ann["staff_id"], "role": "trainer", "reason": "Level 3 completed", "granted_by": None,
        "granted_at": datetime(2026, 11, 20, 10, tzinfo=UTC), "monthly_hours": None}, source="identity"))
    [entry] = client.get("/api/v1/inbox", headers=auth(ann["staff_id"])).json["items"]
    assert entry["subject"] == ("Rôl newydd i chi: hyfforddwr cymorth gan gymheiriaid / "
                                "You are now a peer support trainer")
    assert entry["body"].index("Annwyl") < entry["body"].index("Dear")


def test_an_unknown_language_is_refused_naming_the_field(client, auth):
    caller = str(uuid.uuid4())
    response = client.put("/api/v1/preferences", json={"language": "en+cy"}, headers=auth(caller))
    assert response.status_code == 422
    assert "language" in [e["field"] for e in response.json["errors"]]
