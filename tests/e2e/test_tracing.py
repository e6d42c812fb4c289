"""One trace from a Level 2 completion to the peer supporter's inbox, across the four services:
the request's trace context travels in each event's envelope (`traceparent`) through the outbox,
its publishing and every consumer, and is exported with OTLP."""

from __future__ import annotations

import secrets

import pytest

from psn_local import SERVICES
from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network, prepare

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD, delete_queues, running, system_config
from .otlp import ReceivedSpan, collecting
from .streams import Workflow

pytestmark = pytest.mark.e2e

# The request, then each consumer the completion's events pass through; each of them publishes what
# it commits (the relay only steps in when it cannot), in a span of the same trace.
HOPS = {("training", "web"), ("identity", "consumer"), ("sessions", "consumer"), ("notifications", "consumer")}
PUBLISHED = {"training.level.completed publish", "identity.role.granted publish",
             "sessions.supporter.activated publish", "sessions.request.allocated publish"}



def told(span: ReceivedSpan) -> bool:
    """Notifications applying the allocation: the peer supporter's inbox entry about their colleague."""
    return span.service == "notifications" and span.name == "sessions.request.allocated process"


def test_one_trace_id_from_the_completion_to_the_supporter_s_inbox(
    databases, amqp_url, mailbox, providers, tmp_path_factory, test_run_id, request,
):
    namespace = f"psn-tracing-{test_run_id}"
    with collecting() as (collector, endpoint):
        config = system_config(tmp_path_factory.mktemp("tracing"), databases=databases, amqp_url=amqp_url,
                               amqp_namespace=namespace, mailbox=mailbox, providers=providers, hint="tracing")
        config.extra_env.update({"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_BSP_SCHEDULE_DELAY": "200"})
        try:
            with running(config, request) as system:
                network = Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD)
                cast = prepare(network)
                workflow = Workflow(cast, network.ask_for_support(cast.requester)["id"])

                network.start_cohort(cast.cohort_id)
                trace_id = secrets.token_hex(16)
                response = network.http.post(
                    f"{system.url('training')}/api/v1/cohorts/{cast.cohort_id}/completions",
                    json={"staff_id": cast.candidate.id, "attended_all_days": True, "competences_signed_off": "all"},
                    headers={**network.admin.auth, "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"},
                    timeout=10)
                assert response.status_code in (200, 201), response.text
                wait_for(lambda: workflow.allocated(network), timeout=30, what="the request allocated")

                def every_hop_traced():
                    spans = collector.trace(trace_id)
                    return ({(span.service, span.process) for span in spans} >= HOPS
                            and {span.name for span in spans} >= PUBLISHED
                            and any(told(span) for span in spans) and spans)

                spans = wait_for(every_hop_traced, timeout=30, what="spans from every hop of the four services")
        finally:
            delete_queues(amqp_url, namespace)

    by_id = {span.span_id: span for span in spans}
    assert {span.service for span in spans} == set(SERVICES)
    # Every span but the request's hangs from another span of the same trace.
    roots = [span for span in spans if span.parent_id not in by_id]
    assert [(r.service, r.process) for r in roots] == [("training", "web")], roots
    told_the_supporter = next(span for span in spans if told(span))
    hops = []
    span = told_the_supporter
    while span is not None:
        hops.append(f"{span.service} {span.process}: {span.name}")
        span = by_id.get(span.parent_id)
    # notifications' consumer <- sessions' consumer serving the waiting list on its own
    # sessions.supporter.activated <- sessions' consumer activating <- identity's consumer <- training's request
    assert [hop.split()[0] for hop in hops] == ["notifications", "sessions", "sessions", "identity", "training"], hops
    assert hops[1].endswith("sessions.supporter.activated process"), hops
