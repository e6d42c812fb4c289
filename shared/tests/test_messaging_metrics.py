"""/metrics reports the service's outbox lag, queue depth and dead letters, read when scraped."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from datetime import timedelta

import amqp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import MetaData, insert
from sqlalchemy.orm import sessionmaker

from psn_shared.config import Settings
from psn_shared.db import UnitOfWork, make_engine, messaging_tables, utcnow
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.http import create_service_app
from psn_shared.messaging.broker import connect
from psn_shared.messaging.topology import Topology
from psn_shared.testing import tokens
from psn_shared.testing.infra import delete_namespace

metadata = MetaData()
tables = messaging_tables(metadata)


@pytest.fixture
def topology(amqp_url) -> Iterator[Topology]:
    topology = Topology(f"psn-metrics-{uuid.uuid4().hex[:8]}", "sessions")
    yield topology
    names = [n for s in SUBSCRIPTIONS for n in Topology(topology.namespace, s).all_queue_names()]
    delete_namespace(amqp_url, topology.namespace, names)


def make_app(tmp_path, monkeypatch, amqp_url: str, namespace: str):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PSN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("AMQP_URL", amqp_url)
    monkeypatch.setenv("AMQP_NAMESPACE", namespace)
    settings = Settings.from_env("sessions")
    engine = make_engine(settings.database_url)
    metadata.create_all(engine)
    session_factory = sessionmaker(bind=engine)
    app, _api = create_service_app(settings, title="metrics", engine=engine, verifier=tokens.verifier(),
                                   uow_factory=lambda: UnitOfWork(session_factory, tables, source="sessions"))
    return app, engine


def unpublished_rows(engine, ages_s: list[int]) -> None:
    with engine.begin() as conn:
        for age in ages_s:
            conn.execute(insert(tables.outbox).values(
                id=str(uuid.uuid4()), routing_key="sessions.request.allocated", body="{}",
                created_at=utcnow() - timedelta(seconds=age)))


def scraped(app) -> dict[str, float]:
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    return {f"{sample.name}{sorted(sample.labels.items())}": sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples if sample.name.startswith("psn_")}


def test_outbox_lag_queue_depth_and_dead_letters(tmp_path, monkeypatch, amqp_url, topology):
    app, engine = make_app(tmp_path, monkeypatch, amqp_url, topology.namespace)
    unpublished_rows(engine, [40, 5])
    with connect(amqp_url) as connection:
        channel = connection.channel()
        topology.service_queue()(channel).declare()
        topology.dead_letter_queue()(channel).declare()
        for queue in (topology.queue_name, topology.queue_name, topology.dead_letter_queue_name):
            channel.basic_publish_confirm(amqp.Message("{}", delivery_mode=2), exchange="", routing_key=queue)

    metrics = scraped(app)
    service = [("service", "sessions")]
    queue = [("queue", topology.queue_name), ("service", "sessions")]
    assert metrics[f"psn_outbox_unpublished{service}"] == 2
    assert 40 <= metrics[f"psn_outbox_lag_seconds{service}"] < 60
    assert metrics[f"psn_queue_messages{queue}"] == 2
    assert metrics[f"psn_queue_consumers{queue}"] == 0
    assert metrics[f"psn_dead_letters{service}"] == 1
    engine.dispose()


def test_no_lag_when_everything_is_published_and_no_false_zero_without_a_broker(tmp_path, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    app, engine = make_app(tmp_path, monkeypatch, f"amqp://guest:guest@127.0.0.1:{closed}//", "psn-nowhere")
    metrics = scraped(app)
    assert metrics["psn_outbox_lag_seconds[('service', 'sessions')]"] == 0
    assert not [name for name in metrics if name.startswith(("psn_queue", "psn_dead"))]
    engine.dispose()
