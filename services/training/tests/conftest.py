from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

import training
from psn_shared.events import Envelope
from psn_shared.testing import tokens
from psn_shared.testing.infra import DatabaseFactory, outbox_events
from training.app import create_app
from training.config import TrainingSettings
from training.events.handlers import HANDLERS
from training.service_layer.uow import uow_factory


@pytest.fixture(scope="session")
def bearer() -> Callable[..., dict[str, str]]:
    """bearer(staff_id, *roles): an Authorization header as identity would issue it."""
    return tokens.bearer


@pytest.fixture(scope="session")
def training_template(databases: DatabaseFactory) -> str:
    """A migrated database, cloned for each test."""
    url = databases.migrated(training)
    return url


@pytest.fixture
def training_db(databases: DatabaseFactory, training_template: str, request: pytest.FixtureRequest) -> str:
    return databases.create(f"training_{request.node.name}", template=training_template)


@pytest.fixture
def app(training_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("DATABASE_URL", training_db)
    app = create_app(TrainingSettings.load(), verifier=tokens.verifier())
    yield app
    app.extensions["psn.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def deliver(app: Flask) -> Callable[..., None]:
    """Apply events as the consumer does: a batch of handlers in one unit of work, then commit."""
    make_uow = uow_factory(app.extensions["psn.engine"])

    def apply(*events: Envelope) -> None:
        with make_uow() as uow:
            for event in events:
                HANDLERS[event.type](event, uow)
            uow.commit()

    return apply


def identity_event(type_: str, staff_id: str, **data: object) -> Envelope:
    """An identity event about someone; staff snapshots get identity's full set of fields."""
    if type_ in ("identity.staff.registered", "identity.staff.updated"):
        data = {
            "employee_number": f"E{staff_id[:6]}",
            "name": f"Person {staff_id[:6]}",
            "email": f"p{staff_id[:6]}@psn.test",
            "team_id": None,
            "grade": "Band 6",
            "line_manager_id": None,
            "senior_manager_id": None,
            "status": "active",
            "roles": ["staff"],
            "changed": [],
            **data,
        }
    return Envelope.new(type_, {"staff_id": staff_id, **data}, source="identity", subject=staff_id)


@pytest.fixture(scope="session")
def event() -> Callable[..., Envelope]:
    """event(type, staff_id, **data): build an identity event without delivering it."""
    return identity_event


@pytest.fixture
def announce(deliver: Callable[..., None]) -> Callable[..., Envelope]:
    """announce(type, staff_id, **data): an identity event, delivered; returns it."""

    def announce(type_: str, staff_id: str, **data: object) -> Envelope:
        built = identity_event(type_, staff_id, **data)
        deliver(built)
        return built

    return announce


@pytest.fixture
def register(announce: Callable[..., Envelope]) -> Callable[..., str]:
    """A member of staff as identity announces them; returns their id."""

    def register(**overrides: object) -> str:
        staff_id = str(uuid.uuid4())
        announce("identity.staff.registered", staff_id, **overrides)
        return staff_id

    return register


@pytest.fixture
def outbox(training_db: str) -> Callable[[], list[tuple[str, dict]]]:
    """The events written so far: (routing key, data), oldest first."""

    def read() -> list[tuple[str, dict]]:
        return [(event["type"], event["data"]) for event in outbox_events(training_db)]

    return read
