"""Database plumbing: engines, the outbox and inbox tables, the unit of work, migrations."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    MetaData,
    Select,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.events import Envelope
from psn_shared.logs import correlation_id

log = logging.getLogger(__name__)
OUTBOX_CHANNEL = "psn_outbox"

T = TypeVar("T")
U = TypeVar("U", bound="UnitOfWork")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database: SQLite drops the zone, so put UTC back.

    The services compare stored times with event times and with each other; naive and aware
    datetimes cannot compare. In the database (and in migrations) it is `DateTime(timezone=True)`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned for the URL's database; SQLite gets WAL, a busy timeout and real savepoints."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_worker_engine(url: str) -> Engine:
    """For consumers and relays: no ping before each checkout (a round trip on the hot path).

    Web requests keep the ping so none fails after a database restart; workers retry a batch
    whose connection died under them at once, so for them the ping is pure cost.
    """
    return make_engine(url, pool_pre_ping=False)


def _make_sqlite_transactional(engine: Engine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy documents this recipe.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table


def messaging_tables(metadata: MetaData) -> MessagingTables:
    """Add the outbox (events to publish) and inbox (events handled) to a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("routing_key", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("correlation_id", String(64)),
        Column("created_at", UtcDateTime, nullable=False, default=utcnow),
        Column("published_at", UtcDateTime),
    )
    Index(
        "ix_outbox_unpublished",
        outbox.c.created_at,
        postgresql_where=outbox.c.published_at.is_(None),
        sqlite_where=outbox.c.published_at.is_(None),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("event_id", String(64), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("handled_at", UtcDateTime, nullable=False, default=utcnow),
    )
    return MessagingTables(outbox=outbox, inbox=inbox)


class UnitOfWork:
    """One database transaction; rolls back unless `commit()` is called.

    Events published through it are written to the outbox in the same transaction as the
    state change, so either both happen or neither. On PostgreSQL a NOTIFY (sent right after
    commit) wakes the relay at once.
    """

    def __init__(self, session_factory: sessionmaker[Session], tables: MessagingTables, source: str) -> None:
        self._session_factory = session_factory
        self._tables = tables
        self.source = source
        self.session: Session
        self._published = False
        self._notify: set[str] = set()

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._published = False
        self._notify = set()
        return self

    def __exit__(self, *exc_info: object) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves loaded
        # objects readable, so a view can serialise its result after the transaction ends.
        self.session.close()

    def publish(self, type: str, data: dict[str, Any], *, subject: str | None = None) -> Envelope:
        envelope = Envelope.new(type, data, source=self.source, subject=subject, correlationid=correlation_id())
        self.session.execute(
            insert(self._tables.outbox).values(
                id=envelope.id,
                routing_key=envelope.type,
                body=envelope.to_json(),
                correlation_id=envelope.correlationid,
                created_at=envelope.time,
            )
        )
        self._published = True
        return envelope

    def publish_many(self, type: str, items: list[tuple[dict[str, Any], str | None]]) -> None:
        """Publish many events of one type, as (data, subject) pairs, in one round trip to the outbox.

        For bulk use cases (an HR import of tens of thousands of rows): one INSERT a row would
        spend most of the time waiting on the database.
        """
        if not items:
            return
        cid = correlation_id()
        rows = []
        for data, subject in items:
            envelope = Envelope.new(type, data, source=self.source, subject=subject, correlationid=cid)
            rows.append({"id": envelope.id, "routing_key": type, "body": envelope.to_json(),
                         "correlation_id": cid, "created_at": envelope.time})
        self.session.execute(insert(self._tables.outbox), rows)
        self._published = True

    def notify_on_commit(self, channel: str) -> None:
        """Wake whoever LISTENs on `channel` once this transaction commits (PostgreSQL only)."""
        self._notify.add(channel)

    def claim(self, events: list[Envelope]) -> set[str]:
        """Record events in the inbox; returns the ids that were not there yet (to be applied now).

        One round trip (INSERT .. ON CONFLICT DO NOTHING RETURNING), in the same transaction as
        the effects: if the effects roll back, so do the claims.
        """
        if not events:
            return set()
        dialect_insert = postgresql_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        inbox = self._tables.inbox
        rows = [{"event_id": e.id, "event_type": e.type, "handled_at": utcnow()} for e in events]
        statement = dialect_insert(inbox).values(rows).on_conflict_do_nothing().returning(inbox.c.event_id)
        return set(self.session.scalars(statement))

    def commit(self) -> None:
        channels = self._notify | ({OUTBOX_CHANNEL} if self._published else set())
        bind = self.session.get_bind()
        self.session.commit()
        self._published = False
        self._notify = set()
        if channels and bind.dialect.name == "postgresql":
            _wake(bind, channels)

    def rollback(self) -> None:
        self.session.rollback()
        self._published = False
        self._notify = set()


def unit_of_work_factory(
    engine: Engine, start_mappers: Callable[[], None], uow_class: Callable[[sessionmaker[Session]], U]
) -> Callable[[], U]:
    """Map a service's classes (once), then make its units of work, all on one session factory.

    Objects stay loaded after commit (`expire_on_commit=False`) so a view can serialise them.
    """
    start_mappers()
    session_factory = sessionmaker(bind=engine, expire_on_commit=False)
    return lambda: uow_class(session_factory)


def paginate(session: Session, query: Select[tuple[T]], *order_by: Any, limit: int, offset: int) -> tuple[list[T], int]:
    """One page of `query`'s rows in `order_by` order, and how many rows there are in all."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(page), total


class _Notifier:
    """One autocommit connection per process and database that sends the wake-up NOTIFYs.

    A NOTIFY inside a transaction holds PostgreSQL's cluster-wide notify lock through the
    commit's WAL flush, serialising every writer; sent right after the commit on its own
    connection it is a cheap hint (and skips a pool checkout). If it is lost, or the process
    dies in between, the relay's periodic sweep still finds the rows.
    """

    def __init__(self, engine: Engine) -> None:
        self._dsn = engine.url.render_as_string(hide_password=False).replace("postgresql+psycopg://", "postgresql://")
        self._connection: Any = None
        self._lock = threading.Lock()

    def notify(self, channels: set[str]) -> None:
        import psycopg

        with self._lock:
            try:
                if self._connection is None or self._connection.closed:
                    self._connection = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
                for channel in sorted(channels):
                    self._connection.execute(f"NOTIFY {channel}")
            except psycopg.Error:
                log.warning("could not send NOTIFY; the periodic sweep will catch up", exc_info=True)
                self._connection = None

    def close(self) -> None:
        """With its engine: a connection left open would, for one, block cloning a template database."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


_notifiers: weakref.WeakKeyDictionary[Engine, _Notifier] = weakref.WeakKeyDictionary()


def _wake(engine: Engine, channels: set[str]) -> None:
    notifier = _notifiers.get(engine)
    if notifier is None:
        notifier = _notifiers[engine] = _Notifier(engine)
        event.listen(engine, "engine_disposed", lambda _engine: notifier.close())
    notifier.notify(channels)


def upgrade_database(url: str, migrations_dir: Path) -> None:
    """Bring a service's database to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Autogenerate writes `UtcDateTime` as the plain type it stores, so migrations need no import."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(target_metadata: MetaData) -> None:
    """The body of every service's `migrations/env.py` (online mode; SQLite in batch mode)."""
    import os

    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", "")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
