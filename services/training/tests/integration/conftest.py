"""Fixtures for the API tests: a coordinator, cohorts to book and candidates ready to nominate."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from services.training.tests.integration.helpers import COORDINATOR, DAYS


@pytest.fixture
def coordinator(auth):
    return auth(COORDINATOR, "coordinator")


@pytest.fixture
def course(client, coordinator):
    def create(capacity: int = 10, level: int = 2, days=DAYS, **extra) -> dict:
        body = {"name": f"Cohort {uuid.uuid4().hex[:4]}", "level": level, "capacity": capacity,
                "days": [{"date": d, "location": "Room 4"} for d in days], **extra}
        response = client.post("/api/v1/cohorts", json=body, headers=coordinator)
        assert response.status_code == 201, response.json
        return response.json

    return create


@pytest.fixture
def running(client, coordinator, clock):
    """running(cohort): time moved into its last day, and the cohort started, so it can be completed."""

    def start(cohort: dict) -> None:
        last = max(datetime.fromisoformat(d["starts_at"]) for d in cohort["days"])
        clock.set(last + timedelta(hours=1))
        response = client.post(f"/api/v1/cohorts/{cohort['id']}/state", json={"state": "running"},
                               headers=coordinator)
        assert response.status_code == 200, response.json

    return start


@pytest.fixture
def candidate(client, register, coordinator, auth):
    """Someone with Level 1 and both managers; approved(cohort) takes them through both approvals."""

    class Candidate:
        def __init__(self, grade: str = "Band 6") -> None:
            self.line, self.senior = register(), register()
            self.id = register(line_manager_id=self.line, senior_manager_id=self.senior, grade=grade)
            body = {"staff_id": self.id, "completed_on": "2026-10-01", "source": "learnpro"}
            assert client.post("/api/v1/level1-completions", json=body, headers=coordinator).status_code == 201

        def nominate(self, **body) -> dict:
            response = client.post("/api/v1/nominations", json={"nominee_id": self.id, **body},
                                   headers=auth(self.id))
            assert response.status_code == 201, response.json
            return response.json

        def decide(self, nomination_id: str, who: str, **body):
            body = {"decision": "approve", "monthly_hours": 4, **body}
            return client.post(f"/api/v1/nominations/{nomination_id}/approvals", json=body, headers=auth(who))

        def approved(self, **body) -> dict:
            nomination = self.nominate(**body)
            assert self.decide(nomination["id"], self.line).status_code == 200
            response = self.decide(nomination["id"], self.senior)
            assert response.status_code == 200, response.json
            return response.json

    return Candidate
