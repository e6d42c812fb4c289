from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient

import identity
from identity.adapters.keys import ensure_signing_key
from identity.app import create_app
from identity.config import IdentitySettings
from identity.events.handlers import HANDLERS
from identity.service_layer.roles import ensure_administrator
from identity.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.events import Envelope
from psn_shared.testing.infra import DatabaseFactory, outbox_events

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@psn.test", "admin-password-123"


@pytest.fixture(scope="session")
def identity_template(databases: DatabaseFactory) -> str:
    """A migrated database with a signing key and an administrator, cloned for each test."""
    url = databases.migrated(identity)
    _seed(url)
    return url


def _seed(url: str) -> None:
    engine = make_engine(url)
    ensure_signing_key(engine)
    with uow_factory(engine)() as uow:
        ensure_administrator(uow, ADMIN_EMAIL, ADMIN_PASSWORD)
    engine.dispose()


@pytest.fixture
def identity_db(databases: DatabaseFactory, identity_template: str, request: pytest.FixtureRequest) -> str:
    return databases.create(f"identity_{request.node.name}", template=identity_template)


@pytest.fixture
def client(identity_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    monkeypatch.setenv("DATABASE_URL", identity_db)
    app = create_app(IdentitySettings.load())
    yield app.test_client()
    app.extensions["psn.engine"].dispose()


PASSWORD = "a-long-password"


class Api:
    """The identity API as the tests drive it: log in, register people, read the outbox."""

    def __init__(self, client: FlaskClient, database_url: str) -> None:
        self.client = client
        self.database_url = database_url
        self.admin = self.login(ADMIN_EMAIL, ADMIN_PASSWORD)

    def login(self, email: str, password: str = PASSWORD) -> dict[str, str]:
        response = self.client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['access_token']}"}

    def team(self, name: str | None = None) -> dict:
        body = {"name": name or f"Ward {uuid.uuid4().hex[:6]}", "service": "Acute", "organisation": "NHS Test Board"}
        response = self.client.post("/api/v1/teams", json=body, headers=self.admin)
        assert response.status_code == 201, response.json
        return response.json

    def register(self, **overrides: object) -> dict:
        n = uuid.uuid4().hex[:8]
        body = {"employee_number": f"E{n}", "name": f"Person {n}", "email": f"p{n}@psn.test", "password": PASSWORD}
        body.update(overrides)
        response = self.client.post("/api/v1/staff", json=body, headers=self.admin)
        assert response.status_code == 201, response.json
        return response.json

    def outbox(self, routing_key: str | None = None) -> list[dict]:
        events = outbox_events(self.database_url)
        return [e for e in events if routing_key is None or e["type"] == routing_key]


@pytest.fixture
def api(client: FlaskClient, identity_db: str) -> Api:
    return Api(client, identity_db)


@pytest.fixture
def make_peer_supporter(client: FlaskClient) -> Callable[[str], None]:
    """Apply training's Level 2 completion (both endorsements, 4 hours a month), as the consumer would."""

    def complete(staff_id: str) -> None:
        approvals = [
            {"approver_id": str(uuid.uuid4()), "capacity": c, "monthly_hours": 4,
             "approved_at": datetime(2026, 11, 1, tzinfo=UTC)}
            for c in ("line_manager", "senior_manager")
        ]
        event = Envelope.new("training.level.completed", {
            "staff_id": staff_id, "level": 2, "completed_on": date(2026, 11, 20), "monthly_hours": 4,
            "approvals": approvals}, source="training")
        with uow_factory(client.application.extensions["psn.engine"])() as uow:
            HANDLERS[event.type](event, uow)
            uow.commit()

    return complete
