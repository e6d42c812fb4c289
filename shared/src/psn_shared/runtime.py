"""Start-up of a service's processes: the same three loops in every service."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from psn_shared.config import Settings
from psn_shared.db import MessagingTables, UnitOfWork, make_engine, upgrade_database
from psn_shared.db.retention import RetentionRule
from psn_shared.db.unit_of_work import publish_after_commit
from psn_shared.dependencies import await_dependencies, checks_from_env
from psn_shared.logs import configure_logging
from psn_shared.messaging.consumer import EventConsumer, Handler
from psn_shared.messaging.relay import ConfirmingPublisher, OutboxRelay, PublisherAfterCommit
from psn_shared.messaging.topology import Topology
from psn_shared.process import run_until_signalled
from psn_shared.tracing import configure_tracing

log = logging.getLogger(__name__)


def topology(settings: Settings) -> Topology:
    return Topology(settings.amqp_namespace, settings.service, settings.retry_delays_s)


def publish_own_events(settings: Settings) -> None:
    """This process (a web worker, a consumer) publishes the events it commits itself, at once.

    The relay still runs: it sends whatever this process could not (a broker away, a crash
    between commit and publish) on its next sweep, and the events of a secret type.
    """
    publish_after_commit(PublisherAfterCommit(
        ConfirmingPublisher(settings.amqp_url, topology(settings), confirm_timeout=2.0, connect_timeout=1.0)))


def run_relay(
    settings: Settings, tables: MessagingTables, engine: Engine | None = None,
    secret_types: frozenset[str] = frozenset(), retention_rules: Sequence[RetentionRule] = (),
) -> None:
    """`secret_types`: event types whose outbox body is blanked once published (see the relay);
    `retention_rules`: the service's personal data to delete or blank as it ages (docs/retention.md)."""
    configure_logging(f"{settings.service}-relay")
    configure_tracing(settings.service, "relay")
    engine = engine or make_engine(settings.database_url)
    publisher = ConfirmingPublisher(settings.amqp_url, topology(settings))
    relay = OutboxRelay(engine, tables, publisher, sweep_s=settings.outbox_sweep_s,
                        retention=timedelta(days=settings.outbox_retention_days),
                        inbox_retention=timedelta(days=settings.inbox_retention_days),
                        secret_types=secret_types, retention_rules=retention_rules)
    run_until_signalled(relay.run, needs_broker=True)


def run_consumer(
    settings: Settings, uow_factory: Callable[[], UnitOfWork], handlers: dict[str, Handler], *, linger_s: float = 0.0
) -> None:
    configure_logging(f"{settings.service}-consumer")
    configure_tracing(settings.service, "consumer")
    publish_own_events(settings)
    consumer = EventConsumer(
        amqp_url=settings.amqp_url,
        topology=topology(settings),
        uow_factory=uow_factory,
        handlers=handlers,
        linger_s=linger_s,
        failpoints_dir=settings.failpoints_dir,
    )
    run_until_signalled(consumer.run, needs_broker=True)


def migrate(settings: Settings, migrations_dir: Path) -> None:
    configure_logging(f"{settings.service}-migrate")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    await_dependencies(checks_from_env(broker=False))  # a Job started before its database is up waits, then fails
    upgrade_database(settings.database_url, migrations_dir)
    log.info("database is at the newest revision")
