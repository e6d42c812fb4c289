"""Notifications under the shared fixtures (`client`, `auth`, `make_uow`, `deliver`, `app`), and `person`."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

import notifications
from notifications.app import create_app
from notifications.config import NotificationsSettings
from notifications.events.handlers import HANDLERS
from notifications.service_layer.uow import uow_factory
from psn_shared.events import Envelope
from psn_shared.testing.service import ServiceUnderTest


@pytest.fixture(scope="session")
def service() -> ServiceUnderTest:
    return ServiceUnderTest(
        package=notifications,
        create_app=create_app,
        load_settings=NotificationsSettings.load,
        uow_factory=uow_factory,
        handlers=HANDLERS,
    )


@pytest.fixture
def person(deliver: Callable[[Envelope], None]) -> Callable[..., dict]:
    """person(name, roles=..., line_manager_id=...) registers someone through identity's event."""

    def register(name: str, *, roles: tuple[str, ...] = (), line_manager_id: str | None = None) -> dict:
        snapshot = {
            "staff_id": str(uuid.uuid4()), "employee_number": f"E-{name}", "name": name,
            "email": f"{name.lower().replace(' ', '.')}@psn.test", "team_id": None, "grade": None,
            "line_manager_id": line_manager_id, "senior_manager_id": None, "status": "active",
            "roles": ["staff", *roles],
        }
        deliver(Envelope.new("identity.staff.registered", snapshot, source="identity"))
        return snapshot

    return register
