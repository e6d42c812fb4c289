from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

import notifications
from notifications.app import create_app
from notifications.config import NotificationsSettings
from notifications.events.handlers import HANDLERS
from notifications.service_layer.uow import NotificationsUnitOfWork, uow_factory
from psn_shared.auth import TokenVerifier
from psn_shared.events import Envelope
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory


@pytest.fixture(scope="session")
def verifier() -> TokenVerifier:
    return tokens.verifier()


@pytest.fixture(scope="session")
def auth() -> Callable[..., dict[str, str]]:
    """auth(staff_id, *roles) -> the Authorization header of a token identity would issue."""
    return tokens.bearer


@pytest.fixture(scope="session")
def notifications_template(databases: DatabaseFactory) -> str:
    """A migrated database, cloned for each test."""
    url = databases.migrated(notifications)
    return url


@pytest.fixture
def notifications_db(databases: DatabaseFactory, notifications_template: str, request: pytest.FixtureRequest) -> str:
    return databases.create(f"notifications_{request.node.name}", template=notifications_template)


@pytest.fixture
def app(notifications_db: str, verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("DATABASE_URL", notifications_db)
    app = create_app(NotificationsSettings.load(), verifier=verifier)
    yield app
    app.extensions["psn.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_uow(app: Flask) -> Callable[[], NotificationsUnitOfWork]:
    return uow_factory(app.extensions["psn.engine"])


@pytest.fixture
def apply(make_uow: Callable[[], NotificationsUnitOfWork]) -> Callable[[Envelope], None]:
    """Run an event's handler in a unit of work and commit, as the consumer would (minus its inbox)."""

    def run(event: Envelope) -> None:
        with make_uow() as uow:
            HANDLERS[event.type](event, uow)
            uow.commit()

    return run


@pytest.fixture
def person(apply: Callable[[Envelope], None]) -> Callable[..., dict]:
    """person(name, roles=..., line_manager_id=...) registers someone through identity's event."""

    def register(name: str, *, roles: tuple[str, ...] = (), line_manager_id: str | None = None) -> dict:
        snapshot = {
            "staff_id": str(uuid.uuid4()), "employee_number": f"E-{name}", "name": name,
            "email": f"{name.lower().replace(' ', '.')}@psn.test", "team_id": None, "grade": None,
            "line_manager_id": line_manager_id, "senior_manager_id": None, "status": "active",
            "roles": ["staff", *roles],
        }
        apply(Envelope.new("identity.staff.registered", snapshot, source="identity"))
        return snapshot

    return register
