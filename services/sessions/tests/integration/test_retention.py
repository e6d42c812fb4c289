"""A closed request's words go after the retention period; the request, open ones and recent ones stay."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, select, update

from psn_shared.db.retention import apply_retention
from sessions.adapters.orm.support import support_requests
from sessions.adapters.retention import RULES

TEAM = str(uuid.uuid4())
ASK = {"mode": "video", "scope": "within_team", "urgency": "soon", "details": "Struggling after a hard shift."}


def test_a_closed_request_keeps_its_row_and_loses_its_words(client, auth, identity, service_db):
    identity.supporter(TEAM)
    requesters = [identity.register(TEAM) for _ in range(3)]
    old, recent, still_open = (client.post("/api/v1/support-requests", json=ASK, headers=auth(r)).json
                               for r in requesters)
    for request, requester in ((old, requesters[0]), (recent, requesters[1])):
        assert client.post(f"/api/v1/support-requests/{request['id']}/close",
                           headers=auth(requester)).status_code == 200
    engine = create_engine(service_db)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(update(support_requests).where(support_requests.c.id == old["id"])
                     .values(closed_at=now - timedelta(days=181)))
        conn.execute(update(support_requests).where(support_requests.c.id == still_open["id"])
                     .values(created_at=now - timedelta(days=400)))

    changed = apply_retention(engine, RULES, now)

    assert changed["closed requests' words"] == 1
    with engine.connect() as conn:
        words = dict(conn.execute(select(support_requests.c.id, support_requests.c.details)).all())
    assert words[old["id"]] == ""
    assert words[recent["id"]] == words[still_open["id"]] == ASK["details"]
    assert client.get(f"/api/v1/support-requests/{old['id']}", headers=auth(requesters[0])).json["status"] == "closed"
    engine.dispose()
