"""The headline workflow over HTTP, step by step: shared by the e2e tests, the benchmark and the demo.

Level 2 completed in training -> (event) peer_supporter granted in identity -> (event) an
allocatable supporter in sessions -> a waiting request is allocated -> notifications tells them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests

from psn_shared.testing.infra import wait_for

PASSWORD = "a-long-demo-password"


class ApiError(AssertionError):
    pass


@dataclass
class Person:
    id: str
    email: str
    token: str = ""
    employee_number: str = ""

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Network:
    """A thin HTTP client for the four services."""

    def __init__(self, urls: dict[str, str], admin_email: str, admin_password: str, timeout: float = 10.0) -> None:
        self.urls = urls
        self.http = requests.Session()
        self.timeout = timeout
        self.admin = self.login_as(admin_email, admin_password)
        self.started_cohorts: set[str] = set()

    def call(self, method: str, service: str, path: str, *, who: Person | None = None,
             expect: int | tuple[int, ...] = (200, 201), **kwargs: Any) -> Any:
        headers = who.auth if who else {}
        response = self.http.request(method, self.urls[service] + path, headers=headers, timeout=self.timeout, **kwargs)
        expected = (expect,) if isinstance(expect, int) else expect
        if response.status_code not in expected:
            raise ApiError(f"{method} {service}{path} -> {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else None

    def login_as(self, email: str, password: str) -> Person:
        body = self.call("POST", "identity", "/api/v1/auth/token", json={"email": email, "password": password})
        person = Person(id="", email=email, token=body["access_token"])
        person.id = self.call("GET", "identity", "/api/v1/me", who=person)["id"]
        return person

    def login(self, person: Person) -> Person:
        person.token = self.login_as(person.email, PASSWORD).token
        return person

    def create_team(self, name: str) -> str:
        body = {"name": name, "service": "Mental Health", "organisation": "NHS Greater Glasgow and Clyde"}
        return self.call("POST", "identity", "/api/v1/teams", who=self.admin, json=body)["id"]

    def register(self, name: str, *, team_id: str | None = None, line_manager: Person | None = None,
                 senior_manager: Person | None = None, grade: str = "Band 6",
                 password: str | None = PASSWORD) -> Person:
        """`password` None: registered as the web's form does, to be welcomed with a first-password link."""
        tag = uuid.uuid4().hex[:10]
        body = {
            "employee_number": f"E{tag}",
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}.{tag}@psn.test",
            "password": password,
            "team_id": team_id,
            "grade": grade,
            "line_manager_id": line_manager.id if line_manager else None,
            "senior_manager_id": senior_manager.id if senior_manager else None,
        }
        created = self.call("POST", "identity", "/api/v1/staff", who=self.admin, json=body)
        return Person(id=created["id"], email=created["email"], employee_number=body["employee_number"])

    def register_coordinator(self, name: str) -> Person:
        """Someone who runs the network: registered, then given the coordinator's role."""
        coordinator = self.register(name)
        self.grant(coordinator, "coordinator", "runs the network")
        return coordinator

    def leave(self, person: Person, reason: str = "left the board") -> dict:
        return self.call("POST", "identity", f"/api/v1/staff/{person.id}/leave", who=self.admin,
                         json={"reason": reason})

    def reinstate(self, person: Person) -> dict:
        return self.call("POST", "identity", f"/api/v1/staff/{person.id}/reinstate", who=self.admin)

    def ask_for_password_reset(self, email: str) -> None:
        self.call("POST", "identity", "/api/v1/auth/password-resets", json={"email": email}, expect=202)

    def reset_password(self, token: str, new_password: str, expect: int = 204) -> None:
        self.call("POST", "identity", "/api/v1/auth/password-resets/confirm",
                  json={"token": token, "new_password": new_password}, expect=expect)

    def probe(self, service: str, path: str, who: Person | None = None) -> Any:
        """GET that answers None while the thing is not there (yet)."""
        response = self.http.get(self.urls[service] + path, headers=(who or self.admin).auth, timeout=self.timeout)
        return response.json() if response.status_code == 200 else None

    def wait_known_to_training(self, person: Person, timeout: float = 20) -> None:
        wait_for(lambda: self.probe("training", f"/api/v1/people/{person.id}"), timeout=timeout,
                 what=f"training to know {person.email}")

    def record_level_1(self, person: Person) -> None:
        body = {"staff_id": person.id, "completed_on": (date.today() - timedelta(days=30)).isoformat(),
                "source": "learnpro"}
        self.call("POST", "training", "/api/v1/level1-completions", who=self.admin, json=body)

    def create_cohort(self, capacity: int = 20, level: int = 2, days_ahead: tuple[int, ...] = (0,),
                      kind: str = "course") -> str:
        """Days counted from today in London; today's day began at midnight, so it can be delivered now.

        A day in the past makes the cohort a back-fill of a course already run (training asks why).
        """
        today = datetime.now(ZoneInfo("Europe/London")).date()
        days = [{"date": (today + timedelta(days=ahead)).isoformat(), "location": "Training room 2, Gartnavel",
                 "virtual_link": None, **({"start_time": "00:00", "end_time": "23:30"} if ahead <= 0 else {})}
                for ahead in days_ahead]
        body = {"name": f"Level {level} {kind} {uuid.uuid4().hex[:6]}", "level": level, "capacity": capacity,
                "days": days, "kind": kind}
        if min(days_ahead) < 0:
            body["backfill_reason"] = "a course run before these records began"
        return self.call("POST", "training", "/api/v1/cohorts", who=self.admin, json=body)["id"]

    def start_cohort(self, cohort_id: str) -> None:
        """Training completes a course only while it runs: start it (once) before its first completion."""
        if cohort_id not in self.started_cohorts:
            self.call("POST", "training", f"/api/v1/cohorts/{cohort_id}/state", who=self.admin,
                      json={"state": "running"}, expect=(200, 409))
            self.started_cohorts.add(cohort_id)

    def import_level_1(self, rows: list[tuple[str, str, str]], source: str = "learnpro") -> dict:
        """A learning platform's export: (employee number, course code, completion date) rows."""
        lines = ["employee_number,course_code,completion_date", *(",".join(row) for row in rows)]
        return self.call("POST", "training", "/api/v1/level1-imports", who=self.admin, data={"source": source},
                         files={"file": ("export.csv", "\n".join(lines).encode(), "text/csv")}, expect=200)

    def nomination(self, nomination_id: str, who: Person | None = None) -> dict:
        return self.call("GET", "training", f"/api/v1/nominations/{nomination_id}", who=who or self.admin)

    def withdraw(self, nomination_id: str, who: Person) -> dict:
        return self.call("POST", "training", f"/api/v1/nominations/{nomination_id}/withdrawal", who=who)

    def deliver_course(self, cohort_id: str, person: Person, trainer: Person | None = None) -> dict:
        """The real calls: attendance on every day, each competence signed off, then the completion."""
        trainer = trainer or self.admin
        self.start_cohort(cohort_id)
        cohort = self.call("GET", "training", f"/api/v1/cohorts/{cohort_id}", who=trainer)
        for day in cohort["days"]:
            self.call("PUT", "training", f"/api/v1/cohorts/{cohort_id}/attendance", who=trainer,
                      json={"staff_id": person.id, "date": day["date"], "attended": True})
        level = next(lv for lv in self.call("GET", "training", "/api/v1/levels", who=trainer)
                     if lv["level"] == cohort["level"])
        for competence in level["competences"]:
            if not competence["retired"]:
                self.call("POST", "training", f"/api/v1/cohorts/{cohort_id}/sign-offs", who=trainer,
                          json={"staff_id": person.id, "competence_id": competence["id"]})
        return self.call("POST", "training", f"/api/v1/cohorts/{cohort_id}/completions", who=trainer,
                         json={"staff_id": person.id})

    def training_record(self, person: Person) -> dict:
        return self.call("GET", "training", f"/api/v1/people/{person.id}", who=self.admin)

    def run_training_jobs(self) -> dict:
        """The reminders, expiries and lapses due now, without waiting for training's scheduler."""
        return self.call("POST", "training", "/api/v1/jobs/run", who=self.admin)

    def grant(self, person: Person, role: str, reason: str) -> dict:
        """An administrator gives `person` a role (facilitator, coordinator, trainer...)."""
        return self.call("POST", "identity", f"/api/v1/staff/{person.id}/roles", who=self.admin,
                         json={"role": role, "reason": reason})

    def identity_roles(self, person: Person) -> set[str]:
        grants = self.call("GET", "identity", f"/api/v1/staff/{person.id}/roles", who=self.admin)
        return {g["role"] for g in grants if not g.get("revoked_at")}

    def nominate(self, nominee: Person, cohort_id: str, *, by: Person | None = None) -> str:
        body = {"nominee_id": nominee.id, "cohort_id": cohort_id}
        return self.call("POST", "training", "/api/v1/nominations", who=by or self.admin, json=body)["id"]

    def approve(self, nomination_id: str, manager: Person, monthly_hours: int = 4) -> dict:
        body = {"decision": "approve", "monthly_hours": monthly_hours}
        return self.call("POST", "training", f"/api/v1/nominations/{nomination_id}/approvals", who=manager, json=body)

    def complete_level_2(self, cohort_id: str, person: Person) -> None:
        """The course's final sign-off by the admin: every day attended, every competence signed off."""
        self.start_cohort(cohort_id)
        self.call("POST", "training", f"/api/v1/cohorts/{cohort_id}/completions", who=self.admin,
                  json={"staff_id": person.id, "attended_all_days": True, "competences_signed_off": "all"})

    def supporter(self, person: Person) -> dict | None:
        return self.probe("sessions", f"/api/v1/supporters/{person.id}")

    def wait_allocatable(self, person: Person, timeout: float = 20) -> dict:
        return wait_for(lambda: (s := self.supporter(person)) and s["allocatable"] and s, timeout=timeout,
                        what=f"{person.email} allocatable")

    def ask_for_support(self, requester: Person, *, scope: str = "within_team", timeout: float = 20) -> dict:
        body = {"mode": "video", "scope": scope, "urgency": "soon",
                "details": "Struggling after a difficult week on the ward."}
        return wait_for(lambda: self.call("POST", "sessions", "/api/v1/support-requests", who=requester, json=body,
                                          expect=201), timeout=timeout, what="sessions to accept the request")

    def support_request(self, requester: Person, request_id: str) -> dict:
        return self.call("GET", "sessions", f"/api/v1/support-requests/{request_id}", who=requester)

    def wait_allocated(self, requester: Person, request_id: str, timeout: float = 20) -> dict:
        """The request once a supporter holds it: allocation follows the supporter's activation, not with it."""
        return wait_for(lambda: (r := self.support_request(requester, request_id))["status"] == "allocated" and r,
                        timeout=timeout, what=f"request {request_id} allocated")

    def wait_notice(self, person: Person, kind: str, timeout: float = 20) -> dict:
        """The first entry of `kind` in the person's inbox, once it has arrived."""
        return wait_for(lambda: next((e for e in self.inbox(person) if e["kind"] == kind), None),
                        timeout=timeout, what=f"a {kind} notice for {person.email}")

    def inbox(self, person: Person) -> list[dict]:
        body = self.call("GET", "notifications", "/api/v1/inbox", who=person)
        return body["items"] if isinstance(body, dict) else body


@dataclass
class Cast:
    """The people of one headline workflow."""

    senior_manager: Person
    line_manager: Person
    candidate: Person
    requester: Person
    cohort_id: str
    nomination_id: str = ""


def prepare(network: Network, say: Any = lambda *_: None) -> Cast:
    """Everything up to (not including) the Level 2 completion."""
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]} Nursing")
    senior = network.register("Sam Senior", team_id=ward, grade="Band 8a")
    line = network.register("Lee Line", team_id=ward, senior_manager=senior, grade="Band 7")
    candidate = network.register("Casey Candidate", team_id=ward, line_manager=line, senior_manager=senior)
    requester = network.register("Riley Requester", team_id=ward, line_manager=line, senior_manager=senior)
    say("registered a senior manager, a line manager, a Level 2 candidate and a colleague, all on one ward")
    for person in (senior, line, candidate, requester):
        network.login(person)
    network.wait_known_to_training(candidate)
    network.record_level_1(candidate)
    say("Level 1 (An Introduction to Psychological Wellbeing, GCC 277) recorded for the candidate")
    cohort = network.create_cohort()
    nomination = network.nominate(candidate, cohort, by=candidate)
    say("the candidate nominated themselves for a Level 2 cohort")
    network.approve(nomination, line, monthly_hours=4)
    say("the line manager supported the nomination (4 hours a month)")
    approved = network.approve(nomination, senior, monthly_hours=4)
    say(f"the senior manager supported it too: nomination {approved['status']}")
    return Cast(senior, line, candidate, requester, cohort, nomination)
