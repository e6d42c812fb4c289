"""Engines for PostgreSQL and SQLite, the column types every service uses, and paging."""

from __future__ import annotations

import hashlib
import re
import select as io_select
import weakref
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

import psycopg
from psycopg import errors as psycopg_errors
from psycopg.adapt import PyFormat, Transformer
from psycopg.pq import ConnStatus, DiagnosticField, ExecStatus, PGresult, TransactionStatus
from sqlalchemy import JSON, DateTime, Engine, Select, String, TypeDecorator, create_engine, event, func, select
from sqlalchemy.exc import DBAPIError, DisconnectionError, MultipleResultsFound
from sqlalchemy.orm import Session

T = TypeVar("T")

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


class EnumString(TypeDecorator[StrEnum]):
    """A value from a closed set: stored as its plain string (the column is a VARCHAR), read back as the member."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum(value)


class EnumList(TypeDecorator[list[StrEnum]]):
    """A JSON list of values from a closed set, read back as members."""

    impl = JSON
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: list[str] | None, dialect: Any) -> list[str] | None:
        return None if value is None else [str(item) for item in value]

    def process_result_value(self, value: list[str] | None, dialect: Any) -> list[StrEnum] | None:
        return None if value is None else [self.enum(item) for item in value]


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned for the URL's database; SQLite gets WAL, a busy timeout and real savepoints.

    On PostgreSQL a pooled connection the server has closed (a restart, an idle timeout) is
    discarded at checkout by a look at its socket, not a ping: no request fails for it, and none
    pays a round trip for the check.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    engine = create_engine(url, **kwargs)
    event.listen(engine, "checkout", _discard_if_closed_by_server)
    return engine


def _discard_if_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """An idle connection has nothing to read: anything readable is the server's goodbye (its FATAL
    "terminating connection" and the end of the stream), so the pool connects afresh instead.

    A stray notice would cost a reconnect, never a failed request. The ping this replaces ran
    `SELECT 1` on every checkout; this is one poll(2) of the socket.
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("connection closed")
    poller = io_select.poll()
    poller.register(dbapi_connection.pgconn.socket, io_select.POLLIN | io_select.POLLPRI)
    if poller.poll(0):
        raise DisconnectionError("the server closed the connection")


# A statement may run outside a transaction when it only reads: a SELECT without a row lock, and
# not taking a transaction's advisory lock. Anything else (INSERT, UPDATE, WITH .. , SELECT ..
# FOR UPDATE) opens the transaction it needs. Erring costs a BEGIN, never correctness.
_READS_ONLY = re.compile(r"^\s*SELECT\b(?!.*\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY\s+SHARE)\b)(?!.*_xact_lock)",
                         re.IGNORECASE | re.DOTALL)


def reading_engine(engine: Engine) -> Engine:
    """The engine on the same pool for units of work that mostly read: on PostgreSQL each plain
    SELECT is sent on its own (autocommit), sparing the BEGIN before it and the ROLLBACK after;
    the first statement that writes or locks opens a transaction, which the unit of work commits
    or rolls back as usual. Under READ COMMITTED every statement reads its own snapshot anyway,
    so reads outside the transaction see what they would have seen inside it.
    """
    if not is_postgres(engine):
        return engine
    reading = engine.execution_options(isolation_level="AUTOCOMMIT")
    event.listen(reading, "before_cursor_execute", _begin_before_writing)
    return reading


def _begin_before_writing(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
    if cursor.connection.info.transaction_status == TransactionStatus.IDLE and not _reads_only(statement):
        cursor.execute("BEGIN")


@lru_cache(maxsize=1024)
def _reads_only(statement: str) -> bool:
    """Remembered by statement: a service sends the same few over and over (SQLAlchemy keeps their text),
    and the pattern scans the whole of each (14 µs for a request's GET, its busiest read)."""
    return _READS_ONLY.match(statement) is not None


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


def paginate(session: Session, query: Select[tuple[T]], *order_by: Any, limit: int, offset: int) -> tuple[list[T], int]:
    """One page of `query`'s rows in `order_by` order, and how many rows there are in all."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(page), total


def read_row(session: Session, statement: Select[Any], parameters: dict[str, Any]) -> tuple[Any, ...] | None:
    """The values of the one row a SELECT finds (None for none), as `session.execute(...).one_or_none()`
    reads them, in the statement's column order.

    A reading unit of work's session (`reading_engine`: each plain SELECT goes on its own anyway)
    that has not begun (no statement run, nothing added) holds nothing of its own to see, so the row
    is then read on a pooled connection of its own, by the driver itself (see `_DriverRead`): the
    same values, without the Session's transaction bookkeeping nor SQLAlchemy's execution and result
    (together a third of a request's GET, the API's busiest read).
    """
    bind = session.get_bind()
    if session.in_transaction() or bind.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        row = session.execute(statement, parameters).one_or_none()
        return None if row is None else tuple(row)
    return _driver_read(statement, bind.dialect).fetch(bind, parameters)


class _DriverRead:
    """A SELECT compiled once and run on a pooled psycopg connection through libpq itself: prepared
    once a connection under a name of its own (`psn_read_` and a digest of its text), then executed
    with its values dumped and its row loaded by psycopg's own adapters (`Transformer`), and read
    back through the columns' result processors (an `EnumString`'s member, a `UtcDateTime`'s zone),
    so it is what SQLAlchemy's result would hold. psycopg's cursor does the same work around the same
    three system calls for about twice the CPU (cursor, query conversion and prepared-statement
    bookkeeping per execution).

    The pool's checkout (and its look at the socket) and check-in are as for any connection. Sent
    outside any transaction, as an idle pooled connection in autocommit would send it. A driver
    error is raised as SQLAlchemy's (an OperationalError stays a 503), and a lost connection is
    invalidated as SQLAlchemy would. Engine events (`before_cursor_execute`) do not see the statement.
    """

    def __init__(self, statement: Select[Any], dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a driver read takes plain bound parameters, not ones expanded when executed")
        self.sql = compiled.string
        self.order, numbered = _numbered(compiled.string)
        self.prepared_sql = numbered.encode()
        # Named by its text, so a read made again for the same statement finds it already prepared.
        self.name = f"psn_read_{hashlib.sha256(self.prepared_sql).hexdigest()[:16]}".encode()
        self.binds = [(name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
                      for name in self.order]
        processors = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                      for column in statement.selected_columns]
        self.width = len(processors)
        self.processed = tuple((index, process) for index, process in enumerate(processors) if process is not None)
        self.dialect = dialect

    def fetch(self, engine: Engine, parameters: dict[str, Any]) -> tuple[Any, ...] | None:
        sent = [process(parameters[name]) if process else parameters[name] for name, process in self.binds]
        driver_error = self.dialect.loaded_dbapi.Error
        try:
            pooled = engine.raw_connection()
        except driver_error as error:
            raise DBAPIError.instance(self.sql, sent, error, driver_error) from error
        connection = pooled.dbapi_connection
        try:
            values = self._row(connection, sent)
        except driver_error as error:
            lost = connection.broken or self.dialect.is_disconnect(error, connection, None)
            if lost:
                pooled.invalidate(error)
            raise DBAPIError.instance(self.sql, sent, error, driver_error, connection_invalidated=lost) from error
        finally:
            pooled.close()
        if values is None:
            return None
        if len(values) != self.width:
            raise ValueError(f"the row has {len(values)} values for the statement's {self.width} columns")
        row = list(values)
        for index, process in self.processed:
            row[index] = process(row[index])
        return tuple(row)

    def _row(self, connection: psycopg.Connection, sent: list[Any]) -> tuple[Any, ...] | None:
        prepared = _prepared_on.setdefault(connection, set())
        adapting = Transformer(connection)  # made afresh: it holds the connection, which `_prepared_on` must not
        result = self._execute(connection, prepared, adapting, sent)
        if result.error_field(DiagnosticField.SQLSTATE) == _NO_SUCH_STATEMENT:  # the server forgot it (DISCARD ALL)
            prepared.discard(self.name)
            result = self._execute(connection, prepared, adapting, sent)
        _raise_unless(result, ExecStatus.TUPLES_OK, connection)
        if result.ntuples > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        if result.ntuples == 0:
            return None
        adapting.set_pgresult(result)
        return adapting.load_row(0, tuple)

    def _execute(self, connection: psycopg.Connection, prepared: set[bytes], adapting: Transformer,
                 sent: list[Any]) -> PGresult:
        pgconn = connection.pgconn
        if self.name not in prepared:
            _raise_unless(pgconn.prepare(self.name, self.prepared_sql), ExecStatus.COMMAND_OK, connection)
            prepared.add(self.name)
        # As text, so the server reads each value as the type the statement casts it to (SQLAlchemy's
        # `%(id)s::INTEGER`), whatever type psycopg would have chosen for it in binary.
        return pgconn.exec_prepared(self.name, adapting.dump_sequence(sent, [PyFormat.TEXT] * len(sent)))


# The statements prepared on each connection, forgotten with it: one the pool replaces comes with none.
_prepared_on: weakref.WeakKeyDictionary[psycopg.Connection, set[bytes]] = weakref.WeakKeyDictionary()
_NO_SUCH_STATEMENT = b"26000"
_PLACEHOLDER = re.compile(r"%\(([^)]+)\)s|%%")


def _numbered(sql: str) -> tuple[list[str], str]:
    """SQLAlchemy's `%(name)s` placeholders as libpq's `$1`, `$2` (a name used twice keeps its number),
    and the names in that order."""
    order: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in order:
            order.append(name)
        return f"${order.index(name) + 1}"

    return order, _PLACEHOLDER.sub(number, sql)


def _raise_unless(result: PGresult, status: ExecStatus, connection: psycopg.Connection) -> None:
    """psycopg's own error for a result that is not `status`: the server's, or a lost connection's."""
    if result.status == status:
        return
    if connection.pgconn.status == ConnStatus.BAD:
        raise psycopg.OperationalError(f"the connection is lost: {result.get_error_message()}")
    raise psycopg_errors.error_from_result(result, encoding=connection.info.encoding)


@lru_cache(maxsize=64)
def _driver_read(statement: Select[Any], dialect: Any) -> _DriverRead:
    """One per statement (a statement is hashed by identity: the caller builds it once)."""
    return _DriverRead(statement, dialect)
