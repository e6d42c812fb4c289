"""The event contracts between the services, checked in one place.

- Each service handles exactly the event types its row in `subscriptions.py` names (the
  consumer binds its queue from that row, so a handler missing there would never run, and a
  subscription with no handler would dead-letter every message).
- Every event type a service publishes is built in its `events/published.py`, is in the
  catalogue, and is named for the service; every subscribed type has its producer.
"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

from psn_shared.events import CATALOGUE
from psn_shared.events.subscriptions import SUBSCRIPTIONS

SERVICES = ("identity", "training", "sessions", "notifications")


def published_types(service: str) -> set[str]:
    """The event types named by `NewEvent("...")` in the service's published.py."""
    module = importlib.import_module(f"{service}.events.published")
    tree = ast.parse(inspect.getsource(module))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "NewEvent"
        and node.args and isinstance(node.args[0], ast.Constant)
    }


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_handles_exactly_what_it_subscribes_to(service):
    handlers = importlib.import_module(f"{service}.events.handlers").HANDLERS
    assert set(handlers) == set(SUBSCRIPTIONS.get(service, ()))


@pytest.mark.parametrize("service", SERVICES)
def test_what_a_service_publishes_is_catalogued_and_named_for_it(service):
    for name in published_types(service):
        assert name.startswith(f"{service}."), name
        CATALOGUE.get(name)


def test_every_subscribed_event_has_a_producer():
    produced = {name for service in SERVICES for name in published_types(service)}
    subscribed = {name for names in SUBSCRIPTIONS.values() for name in names}
    assert subscribed <= produced, subscribed - produced


def test_every_catalogued_event_is_published_by_someone():
    produced = {name for service in SERVICES for name in published_types(service)}
    assert set(CATALOGUE.names()) == produced
