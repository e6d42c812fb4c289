from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import identity
from identity.adapters.keys import ensure_signing_key
from identity.app import create_app
from identity.config import IdentitySettings
from identity.service_layer.roles import ensure_administrator
from identity.service_layer.uow import uow_factory
from psn_shared.db import make_engine, upgrade_database
from psn_shared.testing.infra import DatabaseFactory

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@psn.test", "admin-password-123"


@pytest.fixture(scope="session")
def identity_template(databases: DatabaseFactory) -> str:
    """A migrated database with a signing key and an administrator, cloned for each test."""
    url = databases.create("identity_template")
    upgrade_database(url, Path(identity.__file__).parent / "migrations")
    _seed(url)
    # The engine's NOTIFY connection lives as long as the engine: collect it, or nobody can clone the template.
    gc.collect()
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
