"""What a course completion reads in one statement on PostgreSQL, against what the repositories read,
and the locks it takes."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from psn_shared.db import make_engine
from services.training.tests.integration.helpers import DAYS
from training.service_layer.uow import TrainingUnitOfWork


def shown(completing) -> dict:
    """Every value the read holds, each object by its fields."""
    seats = completing.cohort.places
    nomination = completing.nomination
    return {
        "cohort": dict(vars(completing.cohort), days=None, places=None),
        "days": [vars(d) for d in completing.cohort.days],
        "seats": [dict(vars(s), attendance=None, sign_offs=None) for s in seats],
        "attendance": [vars(a) for s in seats for a in s.attendance],
        "sign_offs": sorted((vars(s) for seat in seats for s in seat.sign_offs), key=lambda s: s["id"]),
        "nomination": None if nomination is None else dict(vars(nomination), approvals=None),
        "approvals": [] if nomination is None else [vars(a) for a in nomination.approvals],
        "competences": [vars(c) for c in completing.competences],
        "already_complete": completing.already_complete,
    }


def without_state(values):
    if isinstance(values, dict):
        return {k: without_state(v) for k, v in values.items() if k != "_sa_instance_state"}
    if isinstance(values, list):
        return [without_state(v) for v in values]
    return values


@pytest.fixture
def booked_and_started(client, coordinator, course, candidate, running, auth, register, announce):
    """A running cohort with two booked; the first has a day's attendance and one competence signed off."""
    cohort = course()
    people = [candidate(), candidate()]
    for person in people:
        person.approved(cohort_id=cohort["id"])
    running(cohort)
    base = f"/api/v1/cohorts/{cohort['id']}"
    assert client.put(f"{base}/attendance", headers=coordinator,
                      json={"staff_id": people[0].id, "date": DAYS[0], "attended": True}).status_code == 200
    level = client.get("/api/v1/levels", headers=coordinator).json[1]["competences"]
    assert client.post(f"{base}/sign-offs", headers=coordinator,
                       json={"staff_id": people[0].id, "competence_id": level[0]["id"]}).status_code == 200
    return cohort["id"], [p.id for p in people]


def test_the_one_statement_read_holds_what_the_repositories_read(app, booked_and_started, register):
    cohort_id, (person, other) = booked_and_started
    make_uow = app.extensions["psn.uow_factory"]
    for staff_id in (person, other, register()):  # with a day and a sign-off, with none, with no place
        with make_uow() as uow:
            one_statement = without_state(shown(uow.completing(cohort_id, staff_id)))
        with make_uow() as uow:
            by_repositories = without_state(shown(TrainingUnitOfWork.completing(uow, cohort_id, staff_id)))
        by_repositories["cohort"]["places"] = None
        by_repositories["seats"] = [s for s in by_repositories["seats"] if s["staff_id"] == staff_id]
        by_repositories["attendance"] = [a for a in by_repositories["attendance"]
                                         if a["id"] in {x["id"] for x in one_statement["attendance"]}]
        by_repositories["sign_offs"] = [s for s in by_repositories["sign_offs"]
                                        if s["id"] in {x["id"] for x in one_statement["sign_offs"]}]
        assert one_statement == by_repositories
    with make_uow() as uow:
        read = uow.completing(cohort_id, person)
        assert (len(read.cohort.places[0].attendance), len(read.cohort.places[0].sign_offs)) == (1, 1)
        assert read.cohort in uow.session and read.nomination in uow.session and not uow.session.dirty
        assert uow.completing("no-such-cohort", person) is None


def test_the_read_locks_the_cohort_and_the_nomination_until_the_transaction_ends(app, service_db,
                                                                                booked_and_started):
    cohort_id, (person, _) = booked_and_started
    other = make_engine(service_db)
    try:
        with app.extensions["psn.uow_factory"]() as uow:
            nomination_id = uow.completing(cohort_id, person).nomination.id
            for table, row_id in (("cohorts", cohort_id), ("nominations", nomination_id)):
                with other.connect() as conn, pytest.raises(OperationalError, match="could not obtain lock"):
                    conn.execute(text(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE NOWAIT"), {"id": row_id})
        with other.connect() as conn:
            assert conn.execute(text("SELECT id FROM nominations WHERE id = :id FOR UPDATE NOWAIT"),
                                {"id": nomination_id}).scalar() == nomination_id
    finally:
        other.dispose()
