"""OpenTelemetry tracing across HTTP and AMQP: one trace from a request to every effect of its events.

- A web request continues the caller's trace (a W3C `traceparent` header) or starts one, in a
  server span.
- Every event published while a span is current carries that span's context in its CloudEvents
  envelope, as the distributed-tracing extension attribute `traceparent`; it is kept in the
  outbox with the event.
- The relay publishes each event in a span that continues the event's trace (when exporting).
- A consumer applies each event in a span that continues the event's trace, and the events its
  handler publishes carry that span: so a Level 2 completion's trace goes through training,
  identity, sessions and notifications.

Spans are exported with OTLP over HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` names a collector
(the exporter reads its other settings, OTEL_EXPORTER_OTLP_HEADERS and the like, from the
environment itself); otherwise ids are still made and carried, and nothing is sent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind

__all__ = ["SpanKind", "configure_tracing", "current_traceparent", "end_span", "exporting", "record_span",
           "span_continuing", "start_server_span", "tracer"]
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_propagator = TraceContextTextMapPropagator()
_state = {"configured": False, "exporting": False}
tracer = trace.get_tracer("psn")


def configure_tracing(service: str, process: str) -> None:
    """Once per process (each gunicorn worker, consumer, relay); spans name the service and the process kind."""
    if _state["configured"]:
        return
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "")
    provider = TracerProvider(resource=Resource.create({"service.name": service, "psn.process": process}))
    if endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")))
    trace.set_tracer_provider(provider)
    _state.update(configured=True, exporting=bool(endpoint))


def exporting() -> bool:
    return _state["exporting"]


def current_traceparent() -> str | None:
    """The current span's context as a `traceparent` value, or None outside any span."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def _parent(traceparent: str | None) -> context.Context:
    return _propagator.extract({"traceparent": traceparent} if traceparent else {})


def start_server_span(name: str, headers: object) -> tuple[Span, object]:
    """A request's span, continuing the caller's trace; made current until `end_span`."""
    span = tracer.start_span(name, context=_propagator.extract(headers), kind=SpanKind.SERVER)
    return span, context.attach(trace.set_span_in_context(span))


def end_span(span: Span, token: object) -> None:
    span.end()
    context.detach(token)


@contextmanager
def span_continuing(name: str, traceparent: str | None, kind: SpanKind, **attributes: str) -> Iterator[Span]:
    """A span in the trace an event carries, current while the block runs."""
    with tracer.start_as_current_span(name, context=_parent(traceparent), kind=kind,
                                      attributes=attributes) as span:
        yield span


def record_span(name: str, traceparent: str | None, kind: SpanKind, started_ns: int, **attributes: str) -> None:
    """A span that began at `started_ns` and ends now, in the trace an event carries."""
    tracer.start_span(name, context=_parent(traceparent), kind=kind, start_time=started_ns,
                      attributes=attributes).end()
