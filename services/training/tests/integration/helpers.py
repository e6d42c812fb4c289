"""What the API test modules share besides fixtures: the coordinator's id, a course's days, reading responses."""

from __future__ import annotations

import uuid

COORDINATOR = str(uuid.uuid4())
DAYS = ["2026-12-01", "2026-12-02"]


def fields_of(response) -> set[str]:
    return {e["field"] for e in response.json["errors"]}


def events(outbox, key: str) -> list[dict]:
    return [data for k, data in outbox() if k == key]
