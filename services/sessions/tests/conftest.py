from __future__ import annotations

from collections.abc import Callable

import pytest

import sessions
from psn_shared.events import Envelope
from psn_shared.testing import ServiceUnderTest
from services.sessions.tests.news import Identity
from sessions.app import create_app
from sessions.config import SessionsSettings
from sessions.events.handlers import HANDLERS
from sessions.service_layer.uow import uow_factory


@pytest.fixture(scope="session")
def service() -> ServiceUnderTest:
    return ServiceUnderTest(
        package=sessions, create_app=create_app, load_settings=SessionsSettings.load,
        uow_factory=uow_factory, handlers=HANDLERS,
    )


@pytest.fixture
def identity(deliver: Callable[[Envelope], None]) -> Identity:
    """identity's news, applied to the test's database as the consumer applies it."""
    return Identity(deliver)
