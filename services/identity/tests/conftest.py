"""Identity under the shared fixtures (`app`, `client`, `make_uow`, `deliver`, `service_db`), plus
`api`: the identity API as the integration tests drive it.

Identity signs its own tokens, so its tests log in for them (`api.login`) rather than use `auth`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

import identity
from identity.adapters.keys import ensure_signing_key, key_cipher
from identity.app import create_app
from identity.config import IdentitySettings
from identity.events.handlers import HANDLERS
from identity.service_layer.roles import ensure_administrator
from identity.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.events import Envelope
from psn_shared.testing import ServiceUnderTest
from psn_shared.testing.infra import outbox_events
from services.identity.tests.training_events import level_completed

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@psn.test", "admin-password-123"
PASSWORD = "a-long-password"


def seed(url: str) -> None:
    """What every test starts from: a signing key and the first administrator."""
    engine = make_engine(url)
    ensure_signing_key(engine, key_cipher(IdentitySettings.load().key_encryption_keys))
    with uow_factory(engine)() as uow:
        ensure_administrator(ADMIN_EMAIL, ADMIN_PASSWORD, uow)
    engine.dispose()


@pytest.fixture(scope="session")
def service() -> ServiceUnderTest:
    return ServiceUnderTest(
        package=identity,
        create_app=create_app,
        load_settings=IdentitySettings.load,
        uow_factory=uow_factory,
        handlers=HANDLERS,
        seed=seed,
        verifies_tokens=False,
    )


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
def api(client: FlaskClient, service_db: str) -> Api:
    return Api(client, service_db)


@pytest.fixture
def make_peer_supporter(deliver: Callable[[Envelope], None]) -> Callable[[str], None]:
    """Apply training's Level 2 completion (both endorsements, 4 hours a month), as the consumer would."""
    return lambda staff_id: deliver(level_completed(staff_id))
