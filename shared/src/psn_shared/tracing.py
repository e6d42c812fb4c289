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
environment itself); otherwise ids are still made and carried, and nothing is sent: a span is then
a non-recording one holding only its ids (its own span id, in the trace it continues or a new one),
without the SDK's recording machinery (attributes, events, processors), which every request and
every event would pay for nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import NonRecordingSpan, Span, SpanContext, SpanKind, TraceFlags

__all__ = ["SpanKind", "configure_tracing", "current_traceparent", "end_span", "exporting", "record_span",
           "span_continuing", "start_server_span", "tracer"]
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_propagator = TraceContextTextMapPropagator()
_state = {"configured": False, "exporting": False}
_configuring = threading.Lock()  # worker kinds run as threads of one process each call configure_tracing
tracer = trace.get_tracer("psn")
_ids = RandomIdGenerator()


def configure_tracing(service: str, process: str) -> None:
    """Once per process (each gunicorn worker, consumer, relay); spans name the service and the process kind
    (of kinds sharing a process, psn_shared.workers, the first to start)."""
    with _configuring:
        if not _state["configured"]:
            _configure(service, process)


def _configure(service: str, process: str) -> None:
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


def _span(name: str, parent: context.Context, kind: SpanKind, **options: object) -> Span:
    """A span under `parent`'s span (a new trace without one): the SDK's when exporting, else ids alone."""
    if _state["exporting"] or not _state["configured"]:
        return tracer.start_span(name, context=parent, kind=kind, **options)
    above = trace.get_current_span(parent).get_span_context()
    if above.is_valid:
        # As the SDK's default sampler (parent-based) would: the parent's sampled flag and trace state.
        ids = SpanContext(above.trace_id, _ids.generate_span_id(), is_remote=False,
                          trace_flags=above.trace_flags, trace_state=above.trace_state)
    else:
        ids = SpanContext(_ids.generate_trace_id(), _ids.generate_span_id(), is_remote=False,
                          trace_flags=TraceFlags(TraceFlags.SAMPLED))
    return NonRecordingSpan(ids)


def start_server_span(name: str, headers: object) -> tuple[Span, object]:
    """A request's span, continuing the caller's trace; made current until `end_span`."""
    span = _span(name, _propagator.extract(headers), SpanKind.SERVER)
    return span, context.attach(trace.set_span_in_context(span))


def end_span(span: Span, token: object) -> None:
    span.end()
    context.detach(token)


@contextmanager
def span_continuing(name: str, traceparent: str | None, kind: SpanKind, **attributes: str) -> Iterator[Span]:
    """A span in the trace an event carries, current while the block runs."""
    span = _span(name, _parent(traceparent), kind, attributes=attributes)
    with trace.use_span(span, end_on_exit=True):
        yield span


def record_span(name: str, traceparent: str | None, kind: SpanKind, started_ns: int, **attributes: str) -> None:
    """A span that began at `started_ns` and ends now, in the trace an event carries."""
    tracer.start_span(name, context=_parent(traceparent), kind=kind, start_time=started_ns,
                      attributes=attributes).end()
