"""Exchange and queue names and declarations, derived from one namespace.

- `<ns>.events`: the durable topic exchange every domain event goes through;
- `<ns>.<service>`: a service's quorum queue, bound to the event types it handles;
- `<ns>.<service>.delay.<n>`: delay queues; a message waits there for the n-th backoff, then
  dead-letters straight back into the service queue;
- `<ns>.<service>.dead`: poison messages, kept for a person to look at.

Every queue is a quorum queue, replicated on every node of a cluster: a classic queue lives on
one node, and while that node is down it cannot even be declared, which would stop the
consumer reconnecting elsewhere. (The delay queues were classic ones named `.retry.<n>`; the
new name lets both exist on a broker upgraded in place, the old ones draining by themselves.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kombu import Exchange, Queue, binding

from psn_shared.events.subscriptions import SUBSCRIPTIONS

# Backstop for a message that crashes the consumer process itself before it can be retried.
DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class Topology:
    namespace: str
    service: str
    retry_delays_s: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0)

    @property
    def exchange(self) -> Exchange:
        return Exchange(f"{self.namespace}.events", type="topic", durable=True)

    @property
    def queue_name(self) -> str:
        return f"{self.namespace}.{self.service}"

    @property
    def dead_letter_queue_name(self) -> str:
        return f"{self.queue_name}.dead"

    def retry_queue_name(self, attempt: int) -> str:
        return f"{self.queue_name}.delay.{attempt}"

    @property
    def max_attempts(self) -> int:
        """Attempts before dead-lettering: the first one plus one per backoff step."""
        return len(self.retry_delays_s) + 1

    def service_queue(self, event_types: Iterable[str] | None = None) -> Queue:
        if event_types is None:
            event_types = SUBSCRIPTIONS[self.service]
        return Queue(
            self.queue_name,
            bindings=[binding(self.exchange, routing_key=t) for t in sorted(event_types)],
            durable=True,
            queue_arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": self.dead_letter_queue_name,
            },
        )

    def dead_letter_queue(self) -> Queue:
        return Queue(self.dead_letter_queue_name, durable=True, queue_arguments={"x-queue-type": "quorum"})

    def retry_queues(self) -> list[Queue]:
        return [
            Queue(
                self.retry_queue_name(attempt),
                durable=True,
                queue_arguments={
                    "x-queue-type": "quorum",
                    "x-message-ttl": int(delay * 1000),
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": self.queue_name,
                },
            )
            for attempt, delay in enumerate(self.retry_delays_s, start=1)
        ]

    def all_queue_names(self) -> list[str]:
        return [self.queue_name, self.dead_letter_queue_name] + [
            self.retry_queue_name(n) for n in range(1, len(self.retry_delays_s) + 1)
        ]


def declare_all(channel: object, namespace: str) -> None:
    """Declare the exchange and every service's queue and dead-letter queue (idempotent)."""
    for service in SUBSCRIPTIONS:
        topology = Topology(namespace, service)
        topology.service_queue()(channel).declare()
        topology.dead_letter_queue()(channel).declare()
