"""Engines for PostgreSQL and SQLite, the column types every service uses, and paging."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, Engine, Select, String, TypeDecorator, create_engine, event, func, select
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


def paginate(session: Session, query: Select[tuple[T]], *order_by: Any, limit: int, offset: int) -> tuple[list[T], int]:
    """One page of `query`'s rows in `order_by` order, and how many rows there are in all."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(page), total
