"""The outbox and inbox tables and the SQLAlchemy unit of work that writes them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Self, TypeVar

from sqlalchemy import Column, Engine, Index, MetaData, String, Table, Text, insert, inspect, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db.engine import UtcDateTime, reading_engine, utcnow
from psn_shared.db.notify import mark_published, wake
from psn_shared.events import CATALOGUE, Envelope, NewEvent
from psn_shared.logs import correlation_id
from psn_shared.tracing import current_traceparent
from psn_shared.unit_of_work import AbstractUnitOfWork

OUTBOX_CHANNEL = "psn_outbox"
U = TypeVar("U", bound="UnitOfWork")


@dataclass(frozen=True)
class OutboxMessage:
    """One outbox row as it goes to the broker."""

    id: str
    routing_key: str
    body: str
    correlation_id: str | None


PublishAfterCommit = Callable[[list[OutboxMessage]], bool]
# More events than this in one transaction (a bulk import) go through the relay, in its batches.
AT_ONCE_LIMIT = 50
_publish_after_commit: PublishAfterCommit | None = None


def publish_after_commit(publish: PublishAfterCommit | None) -> None:
    """Let this process publish its own events right after each commit (None: leave them all to the relay).

    `publish` sends the messages and returns True once the broker has confirmed every one, False
    when it could not. The rows it confirmed are marked published; anything else wakes the relay,
    whose periodic sweep stays the safety net should this process die between commit and publish.
    """
    global _publish_after_commit
    _publish_after_commit = publish


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


class UnitOfWork(AbstractUnitOfWork):
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
        self._published: list[OutboxMessage] = []
        self._notify: set[str] = set()

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self._published = []
        self._notify = set()
        return self

    def __exit__(self, *exc_info: object) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves loaded
        # objects readable, so a view can serialise its result after the transaction ends.
        self.session.close()

    def publish(self, event: NewEvent) -> Envelope:
        envelope, row = self._to_send(event)
        self.session.execute(insert(self._tables.outbox).values(row))
        return envelope

    def _to_send(self, event: NewEvent) -> tuple[Envelope, dict[str, object]]:
        """The event's envelope and outbox row, sent once this unit of work commits.

        The caller writes the row in this transaction: `publish` on its own, or a service's unit of
        work within a statement that writes more (one round trip on a hot path).
        """
        envelope = Envelope.of(event, source=self.source, correlationid=correlation_id(),
                                traceparent=current_traceparent())
        row = self._outbox_row(envelope)
        self._published.append(_message(row))
        return envelope, row

    def publish_many(self, events: Iterable[NewEvent]) -> None:
        """Many events in one round trip to the outbox.

        For bulk use cases (an HR import of tens of thousands of rows): one INSERT a row would
        spend most of the time waiting on the database.
        """
        cid, traceparent = correlation_id(), current_traceparent()
        rows = [self._outbox_row(Envelope.of(event, source=self.source, correlationid=cid, traceparent=traceparent))
                for event in events]
        if not rows:
            return
        self.session.execute(insert(self._tables.outbox), rows)
        self._published += [_message(row) for row in rows]

    @staticmethod
    def _outbox_row(envelope: Envelope) -> dict[str, object]:
        return {"id": envelope.id, "routing_key": envelope.type, "body": envelope.to_json(),
                "correlation_id": envelope.correlationid, "created_at": envelope.time}

    def notify_on_commit(self, channel: str) -> None:
        """Wake whoever LISTENs on `channel` once this transaction commits (PostgreSQL only)."""
        self._notify.add(channel)

    def claim(self, events: list[Envelope]) -> set[str]:
        """Record events in the inbox; returns the ids that were not there yet (to be applied now).

        One round trip (INSERT .. ON CONFLICT DO NOTHING RETURNING), in the same transaction as
        the effects: if the effects roll back, so do the claims. On PostgreSQL the same statement
        first locks each subject (person) the events are about, until the transaction ends, so
        copies of a consumer never apply one person's news side by side.
        """
        if not events:
            return set()
        if self.session.get_bind().dialect.name == "postgresql":
            return self._claim_holding_subjects(events)
        inbox = self._tables.inbox
        rows = [{"event_id": e.id, "event_type": e.type, "handled_at": utcnow()} for e in events]
        statement = sqlite_insert(inbox).values(rows).on_conflict_do_nothing().returning(inbox.c.event_id)
        return set(self.session.scalars(statement))

    def _claim_holding_subjects(self, events: list[Envelope]) -> set[str]:
        # The locks are taken in one sorted order (no deadlock between copies), and before any inbox
        # row is written: the rows to insert are joined to the one row counting the locks taken.
        statement = text(
            f"WITH held AS MATERIALIZED (SELECT count(pg_advisory_xact_lock(hashtextextended('psn-subject:' || s, 0)))"
            f" FROM unnest(CAST(:subjects AS text[])) AS s)"
            f" INSERT INTO {self._tables.inbox.name} (event_id, event_type, handled_at)"
            f" SELECT e.id, e.type, :handled_at"
            f" FROM unnest(CAST(:ids AS text[]), CAST(:types AS text[])) AS e(id, type), held"
            f" ON CONFLICT DO NOTHING RETURNING event_id"
        )
        subjects = sorted({event.subject for event in events if event.subject})
        parameters = {"subjects": subjects, "ids": [e.id for e in events], "types": [e.type for e in events],
                      "handled_at": utcnow()}
        return set(self.session.scalars(statement, parameters))

    def hold(self, entity: object) -> None:
        # Reloaded under FOR UPDATE: a concurrent edit waits for this one, then sees what it wrote.
        # Only its own row is locked (FOR UPDATE OF): it may have been loaded with a collection joined in.
        self.session.refresh(entity, with_for_update={"of": inspect(entity).mapper.local_table})

    def commit(self) -> None:
        published, channels = self._published, self._notify
        bind = self.session.get_bind()
        self.session.commit()
        self._published, self._notify = [], set()
        if bind.dialect.name != "postgresql":
            return  # SQLite's relay polls
        if published and not self._sent_at_once(bind, published):
            channels = channels | {OUTBOX_CHANNEL}
        if channels:
            wake(bind, channels)

    def _sent_at_once(self, bind: Engine, published: list[OutboxMessage]) -> bool:
        """Publish this transaction's events from here, sparing them the relay's hop; False leaves them to it.

        Events of a secret type always go through the relay, which blanks their data once sent.
        """
        if (_publish_after_commit is None or len(published) > AT_ONCE_LIMIT
                or any(CATALOGUE.get(m.routing_key).secret for m in published)):
            return False
        if not _publish_after_commit(published):
            return False
        # Not marked (this process died, the database did not answer): the sweep sends them again,
        # and every consumer's inbox discards the copy.
        mark_published(bind, self._tables.outbox.name, [m.id for m in published])
        return True

    def rollback(self) -> None:
        self.session.rollback()
        self._published = []
        self._notify = set()


def _message(row: dict[str, object]) -> OutboxMessage:
    return OutboxMessage(id=str(row["id"]), routing_key=str(row["routing_key"]), body=str(row["body"]),
                         correlation_id=row["correlation_id"] and str(row["correlation_id"]))


class UnitsOfWork(Generic[U]):
    """A service's units of work, all on one engine's pool: `make_uow()` for a use case that writes,
    `make_uow(reading=True)` for one that reads (and may write a little, e.g. an audit row).

    A reading one sends its plain SELECTs without a transaction around them (one round trip each
    instead of BEGIN, SELECT, ROLLBACK); its first write or lock opens a transaction, committed or
    rolled back as usual (`reading_engine`). Objects stay loaded after commit
    (`expire_on_commit=False`) so a view can serialise them.
    """

    def __init__(self, engine: Engine, uow_class: Callable[[sessionmaker[Session]], U]) -> None:
        self._uow_class = uow_class
        self._writing = sessionmaker(bind=engine, expire_on_commit=False)
        self._reading = sessionmaker(bind=reading_engine(engine), expire_on_commit=False)

    def __call__(self, *, reading: bool = False) -> U:
        return self._uow_class(self._reading if reading else self._writing)


# A service's worker kinds start side by side as threads of one process (psn_shared.workers), each
# making its units of work: one maps the classes while the others wait, rather than finding them
# half mapped (a mapper registry is not empty once its first class is mapped).
_mapping = threading.Lock()


def unit_of_work_factory(
    engine: Engine, start_mappers: Callable[[], None], uow_class: Callable[[sessionmaker[Session]], U]
) -> UnitsOfWork[U]:
    """Map a service's classes (once), then make its units of work."""
    with _mapping:
        start_mappers()
    return UnitsOfWork(engine, uow_class)
