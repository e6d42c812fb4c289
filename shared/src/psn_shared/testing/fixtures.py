"""pytest plugin: `pytest_plugins = ["psn_shared.testing.fixtures"]`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.testing import infra


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
