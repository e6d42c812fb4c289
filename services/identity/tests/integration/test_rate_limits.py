"""Rate limits counted in identity's database (the storage every worker shares), and the per-user
limits on the directory search and the HR imports."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import update

from identity.adapters.orm import rate_limits
from identity.adapters.rate_limits import DatabaseStorage

CSV = "organisation,employee_number,name,email\n"


def test_hits_counted_at_once_are_each_counted_once(app):
    storage = DatabaseStorage(engine=app.extensions["psn.engine"])
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: storage.incr("k", expiry=60), range(200)))
    # Every hit saw a count of its own: none lost, none shared.
    assert sorted(counts) == list(range(1, 201)) and storage.get("k") == 200


def test_a_window_over_starts_again_from_one(app):
    engine = app.extensions["psn.engine"]
    storage = DatabaseStorage(engine=engine)
    assert [storage.incr("k", expiry=60) for _ in range(3)] == [1, 2, 3]
    assert time.time() < storage.get_expiry("k") <= time.time() + 60
    with engine.begin() as conn:
        conn.execute(update(rate_limits).values(expires_at=time.time() - 1))
    assert storage.get("k") == 0
    assert storage.incr("k", expiry=60) == 1
    storage.clear("k")
    assert storage.get("k") == 0


def test_a_place_given_back_after_its_window_ended_lends_the_next_window_nothing(app):
    engine = app.extensions["psn.engine"]
    storage = DatabaseStorage(engine=engine)
    storage.incr("k", expiry=60)
    with engine.begin() as conn:
        conn.execute(update(rate_limits).values(expires_at=time.time() - 1))
    assert storage.incr("k", expiry=60, amount=-1) == 0
    assert storage.incr("new", expiry=60, amount=-1) == 0
    assert storage.incr("k", expiry=60) == 1


def test_the_directory_search_is_limited_per_caller(api, client, app):
    app.config["DIRECTORY_LIMIT_PER_USER"] = "3 per minute"
    for _ in range(3):
        assert client.get("/api/v1/staff?q=Person", headers=api.admin).status_code == 200
    throttled = client.get("/api/v1/staff", headers=api.admin)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"]
    assert throttled.content_type == "application/problem+json"
    # Another caller has an allowance of their own.
    other = api.register()
    granted = client.post(f"/api/v1/staff/{other['id']}/roles", json={"role": "coordinator", "reason": "cover"},
                          headers=api.admin)
    assert granted.status_code == 201
    assert client.get("/api/v1/staff", headers=api.login(other["email"])).status_code == 200


def test_both_forms_of_the_hr_import_share_one_allowance_per_caller(api, client, app):
    app.config["IMPORT_LIMIT_PER_USER"] = "2 per hour"
    # Refused files count too: the allowance is for the work of reading them.
    assert client.post("/api/v1/hr-imports", json={"rows": []}, headers=api.admin).status_code == 422
    assert client.post("/api/v1/hr-imports/csv", data=CSV, content_type="text/csv",
                       headers=api.admin).status_code == 422
    throttled = client.post("/api/v1/hr-imports", json={"rows": []}, headers=api.admin)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"]
