"""Support for supporters on PostgreSQL: supervision sessions for peer supporters, each supporter's last
supervision from the facilitator's attendance, who is overdue (the coordinator), and one reminder a spell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.config import ConfigError
from psn_shared.roles import Role
from services.sessions.tests.integration.conversations_support import outbox
from services.sessions.tests.news import granted
from sessions.config import SessionsSettings
from sessions.domain.caps import CapLimits
from sessions.domain.model import Mode, Scope, SupportRequest, Urgency
from sessions.service_layer import reflective
from sessions.service_layer.common import allocate_request
from sessions.service_layer.jobs import run_due_jobs

SOON = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=3)
INTERVAL = SessionsSettings.load().reflective.supervision_interval


@pytest.fixture
def people(identity, deliver) -> dict[str, str]:
    long_ago = datetime.now(UTC) - INTERVAL - timedelta(days=10)
    veteran = identity.register()
    deliver(granted(veteran, at=long_ago))
    return {"facilitator": identity.register(), "veteran": veteran, "new": identity.supporter(),
            "staff": identity.register(), "coordinator": identity.register(), "admin": identity.register()}


@pytest.fixture
def as_(auth, people):
    roles = {"facilitator": (Role.FACILITATOR,), "coordinator": (Role.COORDINATOR,), "admin": (Role.ADMIN,),
             "veteran": (Role.PEER_SUPPORTER,), "new": (Role.PEER_SUPPORTER,)}
    return lambda who: auth(people[who], *roles.get(who, ()))


def debrief(client, as_) -> dict:
    response = client.post("/api/v1/group-sessions", headers=as_("facilitator"), json={
        "theme": "Supporters' debrief", "starts_at": SOON.isoformat(),
        "ends_at": (SOON + timedelta(hours=1)).isoformat(), "capacity": 8, "audience": "peer_supporters",
        "room": "Seminar room 2"})
    assert response.status_code == 201, response.json
    return response.json


def test_the_coordinator_sees_who_is_overdue_and_nobody_else_does(client, as_, people):
    overdue = client.get("/api/v1/supervision/overdue", headers=as_("coordinator"))
    assert overdue.status_code == 200
    assert [s["staff_id"] for s in overdue.json["items"]] == [people["veteran"]]
    assert overdue.json["items"][0]["last_supervised_at"] is None
    assert overdue.json["interval_days"] == INTERVAL.days
    for who in ("veteran", "staff", "admin", "facilitator"):
        assert client.get("/api/v1/supervision/overdue", headers=as_(who)).status_code == 403


def test_a_supporter_sees_their_own_supervision_and_the_coordinator_anyones(client, as_, people):
    url = f"/api/v1/supporters/{people['new']}/supervision"
    own = client.get(url, headers=as_("new"))
    assert (own.status_code, own.json["overdue"]) == (200, False)
    assert client.get(url, headers=as_("coordinator")).status_code == 200
    for who in ("veteran", "staff", "admin"):
        assert client.get(url, headers=as_(who)).status_code == 403
    assert client.get(f"/api/v1/supporters/{people['staff']}/supervision",
                      headers=as_("coordinator")).status_code == 404


def test_only_supporters_book_a_supervision_and_attending_it_counts(client, as_, people, monkeypatch):
    made = debrief(client, as_)
    booking = f"/api/v1/group-sessions/{made['id']}/booking"
    refused = client.post(booking, headers=as_("staff"))
    assert (refused.status_code, refused.json["errors"][0]["field"]) == (403, "audience")
    assert client.post(booking, headers=as_("veteran")).status_code == 201
    monkeypatch.setattr(reflective, "now", lambda: SOON + timedelta(minutes=70))
    recorded = client.put(f"/api/v1/group-sessions/{made['id']}/attendance", headers=as_("facilitator"),
                          json={"attended": [people["veteran"]]})
    assert recorded.status_code == 200
    mine = client.get(f"/api/v1/supporters/{people['veteran']}/supervision", headers=as_("veteran")).json
    assert datetime.fromisoformat(mine["last_supervised_at"]) == SOON
    assert mine["overdue"] is False
    assert client.get("/api/v1/supervision/overdue", headers=as_("coordinator")).json["items"] == []


def test_an_overdue_supporter_is_reminded_once_a_spell(client, people, make_uow, service_db):
    settings = SessionsSettings.load()
    for _ in range(2):
        with make_uow() as uow:
            run_due_jobs(datetime.now(UTC), settings, uow)
    reminders = [data for kind, data in outbox(service_db) if kind == "sessions.supervision.overdue"]
    assert [r["supporter_id"] for r in reminders] == [people["veteran"]]
    assert reminders[0]["last_supervised_at"] is None
    later = datetime.now(UTC) + INTERVAL + timedelta(days=1)  # the new supporter falls due too; reminded once
    with make_uow() as uow:
        assert run_due_jobs(later, settings, uow).supervision_reminded == 1


def ask(requester_id: str, limits: CapLimits, make_uow) -> SupportRequest:
    at = datetime.now(UTC)
    with make_uow() as uow:
        uow.caps = limits
        request = SupportRequest(requester_id=requester_id, mode=Mode.VIDEO, scope=Scope.ANY, urgency=Urgency.SOON,
                                 details="x", created_at=at)
        uow.requests.add(request)
        allocate_request(request, uow.staff.get(requester_id), uow, at)
        uow.commit()
        return request


def test_when_switched_on_an_overdue_supporter_takes_no_new_case(people, identity, make_uow):
    """Off by default (SESSIONS_SUPERVISION_BLOCKS_ALLOCATION): the candidate query and the domain agree."""
    with make_uow() as uow:  # the newer supporter is busy elsewhere: only the overdue veteran could take it
        uow.supporters.get(people["new"]).paused = True
        uow.commit()
    gated = ask(identity.register(), CapLimits(supervision_interval=INTERVAL), make_uow)
    assert (gated.supporter_id, gated.waiting_reason) == (
        None, "every eligible supporter is paused or overdue for supervision")
    assert ask(identity.register(), CapLimits(), make_uow).supporter_id == people["veteran"]
    with make_uow() as uow:
        uow.supporters.get(people["veteran"]).supervised(datetime.now(UTC) - timedelta(days=1))
        uow.commit()
    assert ask(identity.register(), CapLimits(supervision_interval=INTERVAL), make_uow).supporter_id == (
        people["veteran"])


def test_the_gate_is_read_from_the_environment(monkeypatch):
    assert SessionsSettings.load().caps.supervision_interval is None
    monkeypatch.setenv("SESSIONS_SUPERVISION_BLOCKS_ALLOCATION", "true")
    monkeypatch.setenv("SESSIONS_SUPERVISION_INTERVAL_DAYS", "30")
    assert SessionsSettings.load().caps.supervision_interval == timedelta(days=30)
    monkeypatch.setenv("SESSIONS_SUPERVISION_BLOCKS_ALLOCATION", "perhaps")
    with pytest.raises(ConfigError):
        SessionsSettings.load()
