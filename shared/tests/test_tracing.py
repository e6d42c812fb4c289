"""The trace context in the CloudEvents envelope (`traceparent`), and spans continuing it."""

from __future__ import annotations

import json
import uuid

import pytest

from psn_shared.events import Envelope
from psn_shared.events.contracts import TeamCreated
from psn_shared.tracing import SpanKind, configure_tracing, current_traceparent, span_continuing

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = f"00-{TRACE}-00f067aa0ba902b7-01"


@pytest.fixture(autouse=True, scope="module")
def tracing() -> None:
    """As every web app, consumer and relay does at start (no exporter: nothing is sent)."""
    configure_tracing("tests", "pytest")


def team_created(traceparent: str | None) -> Envelope:
    payload = TeamCreated(team_id=str(uuid.uuid4()), name="Ward 5", service="Acute", organisation="NHSGGC")
    return Envelope.new("identity.team.created", payload, source="identity", traceparent=traceparent)


def test_the_envelope_carries_traceparent_as_the_cloudevents_extension():
    event = team_created(PARENT)
    assert event.to_dict()["traceparent"] == PARENT
    assert Envelope.from_json(event.to_json()).traceparent == PARENT


def test_an_event_without_a_trace_has_no_traceparent_and_a_malformed_one_is_ignored():
    assert "traceparent" not in team_created(None).to_dict()
    document = team_created(None).to_dict()
    document["traceparent"] = 42
    assert Envelope.from_json(json.dumps(document)).traceparent is None


def test_a_span_continuing_an_event_s_trace_passes_it_on_to_what_it_publishes():
    assert current_traceparent() is None
    with span_continuing("identity.team.created process", PARENT, SpanKind.CONSUMER):
        passed_on = current_traceparent()
    version, trace_id, span_id, flags = passed_on.split("-")
    assert (version, trace_id, flags) == ("00", TRACE, "01")
    assert span_id != PARENT.split("-")[2], "a span of its own, in the same trace"
    assert current_traceparent() is None


def test_a_span_without_a_parent_starts_a_trace():
    with span_continuing("scheduled sweep", None, SpanKind.INTERNAL):
        started = current_traceparent()
    assert started is not None and started.split("-")[1] != TRACE
