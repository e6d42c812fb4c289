"""A supporter's week and a person's wellbeing plan carry ETags; an edit of an older version is a 412."""

from __future__ import annotations

import uuid

TEAM = str(uuid.uuid4())
WEEK = {"windows": [{"weekday": "mon", "starts": "09:00", "ends": "12:00"}]}
LATER_WEEK = {"windows": [{"weekday": "tue", "starts": "13:00", "ends": "17:00"}]}
PLAN = {"keeps_me_well": "Walking the dog.", "review_on": "2027-06-01"}


def test_a_week_edited_since_it_was_read_is_not_overwritten(client, auth, identity):
    staff_id = identity.supporter(TEAM)
    headers = auth(staff_id)
    url = f"/api/v1/supporters/{staff_id}/availability"
    read = client.get(url, headers=headers)
    assert client.put(url, json=WEEK, headers={**headers, "If-Match": read.headers["ETag"]}).status_code == 200
    stale = client.put(url, json=LATER_WEEK, headers={**headers, "If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    assert [w["weekday"] for w in client.get(url, headers=headers).json["windows"]] == ["mon"]


def test_a_plan_is_created_without_a_version_and_then_edited_with_one(client, auth, identity):
    owner = auth(identity.register(TEAM))
    url = "/api/v1/wellbeing-plans/mine"
    assert client.put(url, json=PLAN, headers={**owner, "If-Match": '"anything"'}).status_code == 412
    created = client.put(url, json=PLAN, headers=owner)
    assert created.status_code == 200
    edited = client.put(url, json={**PLAN, "what_helps": "A quiet room."},
                        headers={**owner, "If-Match": created.headers["ETag"]})
    assert edited.status_code == 200
    stale = client.put(url, json={**PLAN, "what_helps": "Lost."},
                       headers={**owner, "If-Match": created.headers["ETag"]})
    assert stale.status_code == 412
    assert client.get(url, headers=owner).json["what_helps"] == "A quiet room."
