from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

import sessions
from psn_shared.events import Envelope
from psn_shared.events.subscriptions import SUBSCRIPTIONS
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


# What sessions publishes and also consumes: the broker routes it back to sessions' own queue.
RETURNING = [t for t in SUBSCRIPTIONS["sessions"] if t.startswith("sessions.")]


@pytest.fixture
def deliver(service: ServiceUnderTest, make_uow: Callable[[], Any]) -> Callable[[Envelope], None]:
    """Apply an event through sessions' handler in a unit of work and commit, as the consumer does;
    then each of sessions' own events it consumes, as they come back from the broker."""
    returned: set[str] = set()

    def run(event: Envelope) -> None:
        with make_uow() as uow:
            service.handlers[event.type](event, uow)
            uow.commit()
            own = uow.session.execute(text("SELECT id, body FROM outbox WHERE routing_key = ANY(:types)"
                                           " ORDER BY created_at"), {"types": RETURNING}).all()
        for event_id, body in own:
            if event_id not in returned:
                returned.add(event_id)
                run(Envelope.from_json(body))

    return run


@pytest.fixture
def identity(deliver: Callable[[Envelope], None]) -> Identity:
    """identity's news, applied to the test's database as the consumer applies it."""
    return Identity(deliver)
