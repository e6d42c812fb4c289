"""identity.password_reset.requested: one email with the link, and nothing in the in-app inbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from psn_shared.events import Envelope


def rows(database_url: str, sql: str) -> list[tuple]:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        result = [tuple(r) for r in conn.execute(text(sql))]
    engine.dispose()
    return result


def test_a_reset_link_is_emailed_once_and_never_shown_in_the_inbox(deliver, service_db):
    event = Envelope.new("identity.password_reset.requested", {
        "staff_id": str(uuid.uuid4()), "name": "Ann Example", "email": "ann@psn.test",
        "reset_url": "https://psn.test/reset-password#token=secret-123",
        "expires_at": datetime.now(UTC) + timedelta(minutes=30),
    }, source="identity")
    deliver(event)
    deliver(event)
    deliveries = rows(service_db, "SELECT address, subject, body FROM deliveries")
    assert len(deliveries) == 1
    address, subject, body = deliveries[0]
    assert address == "ann@psn.test" and "password" in subject.lower()
    assert "https://psn.test/reset-password#token=secret-123" in body
    assert rows(service_db, "SELECT count(*) FROM inbox_entries") == [(0,)]


def test_a_reinstated_person_is_reachable_again(deliver, person, make_uow):
    ann = person("Ann Example")
    deliver(Envelope.new("identity.staff.left", {"staff_id": ann["staff_id"], "left_on": datetime.now(UTC).date()},
                       source="identity"))
    deliver(Envelope.new("identity.staff.reinstated", ann, source="identity"))
    with make_uow() as uow:
        assert uow.staff.get(ann["staff_id"]).active
