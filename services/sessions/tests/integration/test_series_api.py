"""Recurring series over HTTP on PostgreSQL: the monthly middle-manager reflective session, its occurrences
(Europe/London wall-clock time across clock changes), one moved or cancelled, the audience rule, and the
scheduler making occurrences a horizon ahead, none twice."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from psn_shared.roles import Role
from sessions.config import SessionsSettings
from sessions.service_layer.jobs import run_due_jobs

LONDON = ZoneInfo("Europe/London")


def first_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


TODAY = date.today()
NEXT_MONTH = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=1)
FIRST = first_tuesday(NEXT_MONTH.year, NEXT_MONTH.month)
FIRST_AT = datetime(FIRST.year, FIRST.month, FIRST.day, 14, tzinfo=LONDON)
MONTHLY = {"theme": "Middle managers' reflective session", "rule": "FREQ=MONTHLY;BYDAY=1TU",
           "timezone": "Europe/London", "first_starts_at": FIRST_AT.isoformat(), "duration_minutes": 90,
           "capacity": 2, "audience": "middle_managers", "link": "https://meet.example/managers"}


@pytest.fixture
def people(identity) -> dict[str, str]:
    team = str(uuid.uuid4())
    managers = [identity.register(team) for _ in range(3)]
    for manager in managers:
        identity.register(team, line_manager_id=manager)
    return {"facilitator": identity.register(), "m1": managers[0], "m2": managers[1], "m3": managers[2],
            "staff": identity.register(team, line_manager_id=managers[0]), "coordinator": identity.register()}


@pytest.fixture
def as_(auth, people):
    roles = {"facilitator": (Role.FACILITATOR,), "coordinator": (Role.COORDINATOR,)}
    return lambda who: auth(people[who], *roles.get(who, ()))


@pytest.fixture
def half_a_year(app, monkeypatch):
    """Occurrences made 200 days ahead, so they cross a clock change (late March)."""
    settings = app.config["SESSIONS_REFLECTIVE"]
    monkeypatch.setitem(app.config, "SESSIONS_REFLECTIVE", replace(settings, series_horizon=timedelta(days=200)))


def start_series(client, as_, **changes) -> dict:
    response = client.post("/api/v1/group-series", json={**MONTHLY, **changes}, headers=as_("facilitator"))
    assert response.status_code == 201, response.json
    return response.json


def test_the_monthly_series_is_on_the_first_tuesday_at_14_00_london_time_all_year(client, as_, half_a_year):
    series = start_series(client, as_)
    starts = [datetime.fromisoformat(o["starts_at"]) for o in series["occurrences"]]
    assert len(starts) >= 6
    for start in starts:
        local = start.astimezone(LONDON)
        assert (local.weekday(), local.day <= 7, local.hour, local.minute) == (1, True, 14, 0)
        assert start.utcoffset() == local.utcoffset()  # shown with that moment's offset
    offsets = {start.utcoffset() for start in starts}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # GMT and BST: the wall clock is what holds
    assert all(o["audience"] == "middle_managers" and o["series_id"] == series["id"] for o in series["occurrences"])
    assert series["generated_until"] is not None


@pytest.mark.parametrize(("change", "field"), [
    ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "rule"),  # never occurs
    ({"rule": "FREQ=MONTHLY;COUNT=1", "first_starts_at": (FIRST_AT - timedelta(days=330)).isoformat()}, "rule"),
    ({"rule": "FREQ=DAILY;INTERVAL=0"}, "rule"),
    ({"rule": "FREQ=DAILY;BYHOUR=9,10,11"}, "rule"),
    ({"first_starts_at": "2020-01-07T14:00:00+00:00"}, "first_starts_at"),
    ({"first_starts_at": "9999-12-28T14:00:00+00:00"}, "first_starts_at"),
    ({"rule": "FREQ=HOURLY"}, "rule"),
    ({"rule": "BYDAY=1TU"}, "rule"),
    ({"rule": "FREQ=MONTHLY\nDTSTART:20270105T140000"}, "rule"),
    ({"timezone": "Europe/Atlantis"}, "timezone"),
    ({"duration_minutes": 5}, "duration_minutes"),
    ({"capacity": 0}, "capacity"),
    ({"link": None}, "link"),
    ({"first_starts_at": "2027-01-05T14:00:00"}, "first_starts_at"),
])
def test_a_bad_series_is_refused_naming_the_field_and_nothing_is_written(client, as_, change, field):
    response = client.post("/api/v1/group-series", json={**MONTHLY, **change}, headers=as_("facilitator"))
    assert response.status_code == 422, response.json
    assert field in str(response.json)
    assert client.get("/api/v1/group-series", headers=as_("staff")).json["items"] == []
    assert client.get("/api/v1/group-sessions", headers=as_("staff")).json["total"] == 0


def test_only_facilitators_and_trainers_start_a_series(client, as_, auth, people):
    assert client.post("/api/v1/group-series", json=MONTHLY, headers=as_("m1")).status_code == 403
    assert client.post("/api/v1/group-series", json=MONTHLY, headers=as_("coordinator")).status_code == 403
    trainer = client.post("/api/v1/group-series", json=MONTHLY, headers=auth(people["m3"], Role.TRAINER))
    assert trainer.status_code == 201


def test_managers_book_and_a_colleague_who_manages_nobody_is_refused(client, as_, people):
    first = start_series(client, as_)["occurrences"][0]
    url = f"/api/v1/group-sessions/{first['id']}/booking"
    assert client.post(url, headers=as_("m1")).json["your_booking"]["status"] == "booked"
    refused = client.post(url, headers=as_("staff"))
    assert (refused.status_code, refused.json["errors"][0]["field"]) == (403, "audience")
    assert "middle managers" in refused.json["detail"]


def test_one_occurrence_moves_or_is_cancelled_and_the_rest_stay(client, as_, people, make_uow):
    series = start_series(client, as_)
    first, second, *rest = series["occurrences"]
    moved_to = datetime.fromisoformat(first["starts_at"]) + timedelta(days=1)
    moved = client.patch(f"/api/v1/group-sessions/{first['id']}", headers=as_("facilitator"), json={
        "starts_at": moved_to.isoformat(), "ends_at": (moved_to + timedelta(minutes=90)).isoformat()})
    assert (moved.status_code, moved.json["moved"], moved.json["sequence"]) == (200, True, 1)
    assert client.post(f"/api/v1/group-sessions/{second['id']}/cancel",
                       headers=as_("facilitator")).status_code == 200
    with make_uow() as uow:
        assert run_due_jobs(datetime.now(UTC), SessionsSettings.load(), uow).occurrences == 0
    again = client.get(f"/api/v1/group-series/{series['id']}", headers=as_("staff")).json["occurrences"]
    assert [o["id"] for o in again] == [o["id"] for o in series["occurrences"]]
    by_id = {o["id"]: o for o in again}
    assert by_id[first["id"]]["starts_at"] == moved.json["starts_at"]
    assert by_id[second["id"]]["status"] == "cancelled"
    assert [by_id[o["id"]]["starts_at"] for o in rest] == [o["starts_at"] for o in rest]


def test_the_scheduler_makes_occurrences_the_horizon_ahead_once(client, as_, make_uow):
    series = start_series(client, as_)
    made = len(series["occurrences"])
    settings = SessionsSettings.load()
    later = datetime.now(UTC) + timedelta(days=95)
    for expected in (None, 0):
        with make_uow() as uow:
            report = run_due_jobs(later, settings, uow)
        if expected is None:
            assert report.occurrences in (3, 4)  # about three more months of first Tuesdays
        else:
            assert report.occurrences == expected  # idempotent
    listed = client.get(f"/api/v1/group-sessions?series_id={series['id']}", headers=as_("staff")).json
    assert listed["total"] == made + 3 or listed["total"] == made + 4
    assert len({o["starts_at"] for o in listed["items"]}) == listed["total"]


def test_an_ended_series_makes_no_more(client, as_, make_uow):
    series = start_series(client, as_)
    assert client.post(f"/api/v1/group-series/{series['id']}/end", headers=as_("staff")).status_code == 403
    ended = client.post(f"/api/v1/group-series/{series['id']}/end", headers=as_("facilitator"))
    assert ended.status_code == 200 and ended.json["ended_at"] is not None
    with make_uow() as uow:
        assert run_due_jobs(datetime.now(UTC) + timedelta(days=200), SessionsSettings.load(), uow).occurrences == 0
    assert client.post(f"/api/v1/group-series/{series['id']}/end", headers=as_("coordinator")).status_code == 409
    assert client.get(f"/api/v1/group-series/{uuid.uuid4()}", headers=as_("staff")).status_code == 404
