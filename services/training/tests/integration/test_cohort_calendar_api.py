"""A cohort's course days as a calendar file: for those booked on it, its trainers and coordinators."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

# Four days across the end of British Summer Time (31 October 2027): 9:30am in London is 8:30 UTC, then 9:30.
ACROSS_THE_CHANGE = [
    {"date": "2027-10-28", "location": "Room 4"},
    {"date": "2027-10-29", "location": "Room 4", "start_time": "13:00", "end_time": "16:00"},
    {"date": "2027-11-01", "virtual_link": "https://meet.example.org/level-2"},
    {"date": "2027-11-02", "location": "Room 4"},
]


def days_of(response) -> list:
    assert (response.status_code, response.mimetype) == (200, "text/calendar"), response.data
    return Calendar.from_ical(response.data).walk("VEVENT")


def test_someone_booked_gets_one_event_a_day_in_london_time_with_where_it_is(
        client, coordinator, course, candidate, auth):
    cohort = course(days=[d["date"] for d in ACROSS_THE_CHANGE])
    changed = client.patch(f"/api/v1/cohorts/{cohort['id']}", json={"days": ACROSS_THE_CHANGE}, headers=coordinator)
    assert changed.status_code == 200, changed.json
    person = candidate()
    assert person.approved(cohort_id=cohort["id"])["status"] == "booked"

    response = client.get(f"/api/v1/cohorts/{cohort['id']}/calendar", headers=auth(person.id))
    events = days_of(response)
    assert response.headers["Content-Disposition"] == f'attachment; filename="level-2-course-{cohort["id"]}.ics"'
    assert [str(e["SUMMARY"]) for e in events] == [
        f"Level 2 Peer Supporter course, day {n} of 4" for n in range(1, 5)]
    assert [(e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC)) for e in events] == [
        (datetime(2027, 10, 28, 8, 30, tzinfo=UTC), datetime(2027, 10, 28, 15, 30, tzinfo=UTC)),
        (datetime(2027, 10, 29, 12, 0, tzinfo=UTC), datetime(2027, 10, 29, 15, 0, tzinfo=UTC)),
        (datetime(2027, 11, 1, 9, 30, tzinfo=UTC), datetime(2027, 11, 1, 16, 30, tzinfo=UTC)),
        (datetime(2027, 11, 2, 9, 30, tzinfo=UTC), datetime(2027, 11, 2, 16, 30, tzinfo=UTC))]
    assert {e["DTSTART"].params["TZID"] for e in events} == {"Europe/London"}
    assert b"BEGIN:VTIMEZONE" in response.data and b"TZID:Europe/London" in response.data
    assert [e.get("LOCATION") for e in events] == ["Room 4", "Room 4", None, "Room 4"]
    assert events[2]["URL"] == "https://meet.example.org/level-2"
    assert "https://meet.example.org/level-2" in events[2]["DESCRIPTION"]
    assert {str(e["STATUS"]) for e in events} == {"CONFIRMED"}


def test_a_day_keeps_its_uid_across_reads_and_a_move_so_a_calendar_updates_it(
        client, coordinator, course, candidate, auth, clock):
    cohort = course()
    person = candidate()
    person.approved(cohort_id=cohort["id"])
    path = f"/api/v1/cohorts/{cohort['id']}/calendar"
    first = days_of(client.get(path, headers=auth(person.id)))
    again = days_of(client.get(path, headers=auth(person.id)))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in again]
    assert len({str(e["UID"]) for e in first}) == 2

    clock.advance(days=1)
    moved = client.patch(f"/api/v1/cohorts/{cohort['id']}", headers=coordinator, json={"days": [
        {"date": "2026-12-01", "location": "Room 4"}, {"date": "2026-12-08", "location": "Room 9"}]})
    assert moved.status_code == 200, moved.json
    after = days_of(client.get(path, headers=auth(person.id)))
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in first]
    assert (after[1]["DTSTART"].dt.date().isoformat(), after[1]["LOCATION"]) == ("2026-12-08", "Room 9")
    assert after[1]["DTSTAMP"].dt > first[1]["DTSTAMP"].dt


def test_only_those_booked_its_trainers_and_coordinators_get_the_days(
        client, coordinator, course, candidate, auth, register, announce):
    cohort = course(capacity=1)
    booked, waiting, outsider = candidate(), candidate(), candidate()
    booked.approved(cohort_id=cohort["id"])
    assert waiting.approved(cohort_id=cohort["id"])["status"] == "waiting_list"
    trainer = register()
    announce("identity.role.granted", trainer, role="trainer", reason="Level 3", granted_by=None,
             granted_at=datetime.now(UTC))
    assert client.put(f"/api/v1/cohorts/{cohort['id']}/trainers", json={"trainer_ids": [trainer]},
                      headers=coordinator).status_code == 200
    path = f"/api/v1/cohorts/{cohort['id']}/calendar"

    for allowed in (booked.id, trainer):
        assert len(days_of(client.get(path, headers=auth(allowed)))) == 2
    assert len(days_of(client.get(path, headers=coordinator))) == 2
    for refused in (waiting.id, outsider.id, booked.line):
        response = client.get(path, headers=auth(refused))
        assert (response.status_code, response.mimetype) == (403, "application/problem+json")
    assert client.get("/api/v1/cohorts/6f1c0a52-0000-4000-8000-000000000000/calendar",
                      headers=coordinator).status_code == 404
    assert client.get(path).status_code == 401


def test_a_cancelled_cohorts_days_are_cancelled_with_the_same_uids_and_no_way_in(
        client, coordinator, course, candidate, auth):
    cohort = course(days=["2026-12-01"])
    changed = client.patch(f"/api/v1/cohorts/{cohort['id']}", headers=coordinator, json={"days": [
        {"date": "2026-12-01", "location": "Room 4", "virtual_link": "https://meet.example.org/x"}]})
    assert changed.status_code == 200, changed.json
    person = candidate()
    person.approved(cohort_id=cohort["id"])
    path = f"/api/v1/cohorts/{cohort['id']}/calendar"
    (booked,) = days_of(client.get(path, headers=auth(person.id)))
    assert (booked["STATUS"], booked["SEQUENCE"], booked["URL"]) == ("CONFIRMED", 0, "https://meet.example.org/x")

    assert client.post(f"/api/v1/cohorts/{cohort['id']}/state", json={"state": "cancelled"},
                       headers=coordinator).status_code == 200
    (cancelled,) = days_of(client.get(path, headers=coordinator))
    assert (cancelled["UID"], cancelled["STATUS"], cancelled["SEQUENCE"]) == (booked["UID"], "CANCELLED", 1)
    assert (cancelled.get("LOCATION"), cancelled.get("URL")) == (None, None)
    assert "meet.example.org" not in cancelled["DESCRIPTION"]
    # The cancellation ends every place on it: those booked are told by notifications, not by this file.
    assert client.get(path, headers=auth(person.id)).status_code == 403
