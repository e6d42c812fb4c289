"""Training under the shared fixtures (`client`, `auth`, `make_uow`, `deliver`...), and identity's events."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

import pytest

import training
from psn_shared.events import Envelope
from psn_shared.testing import ServiceUnderTest
from psn_shared.testing.infra import outbox_events
from services.training.tests.clock import START, TestClock
from services.training.tests.identity_events import identity_event
from training.app import create_app
from training.config import TrainingSettings
from training.events.handlers import HANDLERS
from training.service_layer.uow import uow_factory

# One clock for the app and the units of work the tests make; each test starts it at START.
CLOCK = TestClock()


@pytest.fixture(autouse=True)
def clock() -> TestClock:
    CLOCK.set(START)
    return CLOCK


@pytest.fixture(scope="session")
def service() -> ServiceUnderTest:
    return ServiceUnderTest(package=training, create_app=partial(create_app, clock=CLOCK),
                            load_settings=TrainingSettings.load, uow_factory=partial(uow_factory, clock=CLOCK),
                            handlers=HANDLERS)


@pytest.fixture(scope="session")
def event() -> Callable[..., Envelope]:
    """event(type, staff_id, **data): build an identity event without delivering it."""
    return identity_event


@pytest.fixture
def announce(deliver: Callable[[Envelope], None]) -> Callable[..., Envelope]:
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
def outbox(service_db: str) -> Callable[[], list[tuple[str, dict]]]:
    """The events written so far: (routing key, data), oldest first."""

    def read() -> list[tuple[str, dict]]:
        return [(event["type"], event["data"]) for event in outbox_events(service_db)]

    return read
