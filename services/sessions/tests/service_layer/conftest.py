"""Service-layer tests: sessions' use cases on in-memory fakes, no database and no broker."""

from __future__ import annotations

import pytest

from services.sessions.tests.news import Identity
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork


@pytest.fixture
def uow() -> FakeSessionsUnitOfWork:
    return FakeSessionsUnitOfWork()


@pytest.fixture
def identity(uow: FakeSessionsUnitOfWork) -> Identity:
    """identity's news, applied to the fakes as the consumer applies it (handler, then commit)."""
    return Identity(uow.deliver)
