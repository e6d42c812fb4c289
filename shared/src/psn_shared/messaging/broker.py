"""Connections to RabbitMQ, one node or a cluster.

`AMQP_URL` names one broker, or several nodes of a cluster separated by `;` (or `,`):
`amqp://u:p@rabbit-a:5672//;amqp://u:p@rabbit-b:5672//`. Every process connects through
`connect`, which uses kombu's failover: it tries the nodes in order and settles on the first
that answers, so losing a node costs one refused connection, not an outage. A process that
loses its connection calls `connect` again and lands on a node that is still up.
"""

from __future__ import annotations

import re

from kombu import Connection

_SEPARATOR = re.compile(r"\s*[;,]\s*")


def broker_urls(amqp_url: str) -> list[str]:
    """The node URLs in `amqp_url`, in the order they are tried."""
    return [url for url in _SEPARATOR.split(amqp_url.strip()) if url]


def failover_url(amqp_url: str) -> str:
    """`amqp_url` in the form kombu reads as a failover list."""
    return ";".join(broker_urls(amqp_url))


def connect(amqp_url: str, *, connect_timeout: float = 5, heartbeat: float = 0) -> Connection:
    """An open connection to the first node of `amqp_url` that accepts one; raises when none does.

    Each node is tried once (round robin from the first), without a pause in between: the
    callers have their own back-off loops for when the whole cluster is away.
    """
    nodes = broker_urls(amqp_url)
    connection = Connection(";".join(nodes), connect_timeout=connect_timeout, heartbeat=heartbeat,
                            failover_strategy="round-robin")
    try:
        connection.ensure_connection(max_retries=len(nodes), interval_start=0, interval_step=0, interval_max=0)
    except Exception:
        connection.release()
        raise
    return connection
