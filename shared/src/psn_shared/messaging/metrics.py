"""What an operator watches of a service's messaging, read when Prometheus scrapes /metrics.

- `psn_outbox_unpublished{service}`: outbox rows not yet published;
- `psn_outbox_lag_seconds{service}`: the age of the oldest of them (0 when there is none): a relay
  that is stuck, or a broker it cannot reach, shows as this growing;
- `psn_queue_messages{service,queue}`: ready messages in the service's queue (the consumer is behind);
- `psn_queue_consumers{service,queue}`: consumers attached to it (0: no consumer is running);
- `psn_dead_letters{service}`: messages in the service's dead-letter queue (someone must look).

Each web app reports its own service. The figures are gathered at most every `ttl` seconds
(gunicorn's workers each answer scrapes); a source that cannot be read is left out of the scrape
and logged, so an alert on its absence fires rather than a false zero.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, MetaData, func, select

from psn_shared.db import messaging_tables, utcnow
from psn_shared.messaging.broker import connect
from psn_shared.messaging.topology import Topology

log = logging.getLogger(__name__)
_outbox = messaging_tables(MetaData()).outbox


class MessagingCollector(Collector):
    def __init__(self, engine: Engine, amqp_url: str, topology: Topology, ttl: float = 5.0) -> None:
        self.engine = engine
        self.amqp_url = amqp_url
        self.topology = topology
        self.ttl = ttl
        self._lock = threading.Lock()
        self._gathered_at = float("-inf")
        self._metrics: list[Metric] = []

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            if time.monotonic() - self._gathered_at > self.ttl:
                self._metrics = [*self._outbox(), *self._queues()]
                self._gathered_at = time.monotonic()
            return iter(list(self._metrics))

    def _outbox(self) -> list[Metric]:
        service = self.topology.service
        try:
            with self.engine.connect() as conn:
                count, oldest = conn.execute(
                    select(func.count(), func.min(_outbox.c.created_at)).where(_outbox.c.published_at.is_(None))
                ).one()
        except Exception:
            log.warning("could not read the outbox for /metrics", exc_info=True)
            return []
        lag = max(0.0, (utcnow() - oldest).total_seconds()) if oldest is not None else 0.0
        unpublished = GaugeMetricFamily("psn_outbox_unpublished", "Outbox rows not yet published", labels=["service"])
        unpublished.add_metric([service], count)
        age = GaugeMetricFamily("psn_outbox_lag_seconds", "Age of the oldest unpublished outbox row",
                                labels=["service"])
        age.add_metric([service], lag)
        return [unpublished, age]

    def _queues(self) -> list[Metric]:
        service, topology = self.topology.service, self.topology
        try:
            with connect(self.amqp_url, connect_timeout=2) as connection:
                channel = connection.channel()
                _, ready, consumers = channel.queue_declare(topology.queue_name, passive=True)
                _, dead, _ = channel.queue_declare(topology.dead_letter_queue_name, passive=True)
        except Exception:
            log.warning("could not read the queues for /metrics", exc_info=True)
            return []
        messages = GaugeMetricFamily("psn_queue_messages", "Messages ready in the service's queue",
                                     labels=["service", "queue"])
        messages.add_metric([service, topology.queue_name], ready)
        attached = GaugeMetricFamily("psn_queue_consumers", "Consumers attached to the service's queue",
                                     labels=["service", "queue"])
        attached.add_metric([service, topology.queue_name], consumers)
        letters = GaugeMetricFamily("psn_dead_letters", "Messages in the service's dead-letter queue",
                                    labels=["service"])
        letters.add_metric([service], dead)
        return [messages, attached, letters]


def messaging_registry(engine: Engine, amqp_url: str, topology: Topology) -> CollectorRegistry:
    """A registry of its own (added to the scrape beside the request metrics)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(MessagingCollector(engine, amqp_url, topology))
    return registry
