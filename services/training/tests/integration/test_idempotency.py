"""A nomination retried after a lost answer (ward Wi-Fi) makes one nomination, not two."""

from __future__ import annotations


def test_a_retried_nomination_with_its_key_is_one_nomination(client, auth, candidate):
    person = candidate()
    headers = {**auth(person.id), "Idempotency-Key": "nominate-once"}
    first = client.post("/api/v1/nominations", json={"nominee_id": person.id, "level": 2}, headers=headers)
    retried = client.post("/api/v1/nominations", json={"nominee_id": person.id, "level": 2}, headers=headers)
    assert (first.status_code, retried.status_code) == (201, 201)
    # Without the key the retry would be refused (one open nomination a person): here it is the first answer.
    assert retried.json["id"] == first.json["id"]
    assert retried.headers["Idempotent-Replayed"] == "true"
    changed = client.post("/api/v1/nominations", json={"nominee_id": person.id, "level": 3}, headers=headers)
    assert changed.status_code == 422
