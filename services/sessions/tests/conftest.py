from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

import sessions
from psn_shared.events import Envelope
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory
from sessions.app import create_app
from sessions.config import SessionsSettings
from sessions.events.handlers import HANDLERS
from sessions.service_layer.uow import SessionsUnitOfWork, uow_factory


@pytest.fixture(scope="session")
def sessions_template(databases: DatabaseFactory) -> str:
    """A migrated database, cloned for each test."""
    url = databases.migrated(sessions)
    return url


@pytest.fixture
def sessions_db(databases: DatabaseFactory, sessions_template: str, request: pytest.FixtureRequest) -> str:
    return databases.create(f"sessions_{request.node.name}", template=sessions_template)


@pytest.fixture
def app(sessions_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("DATABASE_URL", sessions_db)
    app = create_app(SessionsSettings.load(), verifier=tokens.verifier())
    yield app
    app.extensions["psn.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def auth() -> Callable[..., dict[str, str]]:
    """Headers carrying a token identity would have issued to `staff_id` with `roles`."""
    return tokens.bearer


@pytest.fixture
def make_uow(app: Flask) -> Callable[[], SessionsUnitOfWork]:
    return uow_factory(app.extensions["psn.engine"])


class Identity:
    """Stands in for identity: builds its events and applies them through a unit of work, as the consumer does."""

    def __init__(self, make_uow: Callable[[], SessionsUnitOfWork]) -> None:
        self.make_uow = make_uow

    def deliver(self, event: Envelope) -> None:
        with self.make_uow() as uow:
            HANDLERS[event.type](event, uow)
            uow.commit()

    def registered(self, team_id: str | None = None, *, line_manager_id: str | None = None,
                   senior_manager_id: str | None = None, staff_id: str | None = None, deliver: bool = True,
                   ) -> Envelope:
        staff_id = staff_id or str(uuid.uuid4())
        event = Envelope.new("identity.staff.registered", {
            "staff_id": staff_id, "employee_number": f"E{staff_id[:6]}", "name": f"Person {staff_id[:6]}",
            "email": f"p{staff_id[:6]}@psn.test", "team_id": team_id, "grade": None,
            "line_manager_id": line_manager_id, "senior_manager_id": senior_manager_id, "status": "active",
            "roles": ["staff"]}, source="identity", subject=staff_id)
        if deliver:
            self.deliver(event)
        return event

    def register(self, team_id: str | None = None, **kwargs: str | None) -> str:
        return self.registered(team_id, **kwargs).data["staff_id"]

    def grant(self, staff_id: str, monthly_hours: int | None = 2, role: str = "peer_supporter") -> None:
        self.deliver(Envelope.new("identity.role.granted", {
            "staff_id": staff_id, "role": role, "reason": "Level 2 Peer Supporter completed", "granted_by": None,
            "granted_at": datetime.now(UTC), "monthly_hours": monthly_hours}, source="identity"))

    def revoke(self, staff_id: str, role: str = "peer_supporter") -> None:
        self.deliver(Envelope.new("identity.role.revoked", {
            "staff_id": staff_id, "role": role, "reason": "withdrawn", "revoked_by": None,
            "revoked_at": datetime.now(UTC)}, source="identity"))

    def left(self, staff_id: str) -> None:
        self.deliver(Envelope.new("identity.staff.left", {"staff_id": staff_id, "left_on": date.today()},
                                  source="identity"))

    def supporter(self, team_id: str | None = None, monthly_hours: int | None = 2, **kwargs: str | None) -> str:
        staff_id = self.register(team_id, **kwargs)
        self.grant(staff_id, monthly_hours)
        return staff_id


@pytest.fixture
def identity(make_uow: Callable[[], SessionsUnitOfWork]) -> Identity:
    return Identity(make_uow)
