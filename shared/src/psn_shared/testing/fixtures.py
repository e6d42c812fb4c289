"""pytest plugin (`-p psn_shared.testing.fixtures`): real PostgreSQL and RabbitMQ, and one set of
fixtures for every service's tests.

A service's `tests/conftest.py` overrides `service` with its `ServiceUnderTest`; then `app`,
`client`, `auth`, `make_uow` and `deliver` work the same in all four.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from psn_shared.events import Envelope
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.testing import infra, tokens
from psn_shared.testing.service import ServiceUnderTest


@pytest.fixture(scope="session")
def test_run_id() -> str:
    return infra.run_id()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    try:
        return infra.postgres_server_url()
    except infra.MissingInfrastructure as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def amqp_url() -> str:
    try:
        return infra.amqp_server_url()
    except infra.MissingInfrastructure as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def databases(postgres_url: str, test_run_id: str) -> Iterator[infra.DatabaseFactory]:
    factory = infra.DatabaseFactory(postgres_url, test_run_id)
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def amqp_namespace(amqp_url: str, test_run_id: str) -> Iterator[str]:
    """A namespace of exchange and queue names that only this test run uses."""
    namespace = f"psn-test-{test_run_id}"
    yield namespace
    names = [n for service in SUBSCRIPTIONS for n in Topology(namespace, service, (0.2, 0.5)).all_queue_names()]
    infra.delete_namespace(amqp_url, namespace, names)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    infra.stop_containers()


@pytest.fixture(scope="session")
def service() -> ServiceUnderTest:
    """Each service's conftest overrides this with its own ServiceUnderTest."""
    pytest.fail("this test's conftest names no `service` (a psn_shared.testing.ServiceUnderTest)", pytrace=False)


@pytest.fixture
def service_db(databases: infra.DatabaseFactory, service: ServiceUnderTest, request: pytest.FixtureRequest) -> str:
    """A database of the service's own, cloned from its migrated template, for this test alone."""
    template = databases.template(service.package, service.seed)
    return databases.create(f"{service.name}_{request.node.name}", template=template)


@pytest.fixture
def app(service: ServiceUnderTest, service_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("DATABASE_URL", service_db)
    app = service.make_app()
    yield app
    app.extensions["psn.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def auth() -> Callable[..., dict[str, str]]:
    """auth(staff_id, *roles): the Authorization header of a token identity would issue."""
    return tokens.bearer


@pytest.fixture
def make_uow(service: ServiceUnderTest, app: Flask) -> Callable[[], Any]:
    """Units of work on the test's database, as the app's own use cases get them."""
    return service.uow_factory(app.extensions["psn.engine"])


@pytest.fixture
def deliver(service: ServiceUnderTest, make_uow: Callable[[], Any]) -> Callable[[Envelope], None]:
    """Apply an event through the service's handler in a unit of work and commit, as the consumer does."""

    def run(event: Envelope) -> None:
        with make_uow() as uow:
            service.handlers[event.type](event, uow)
            uow.commit()

    return run
