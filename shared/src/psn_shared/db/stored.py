"""Objects of mapped classes built from rows a statement returned as JSON, as the ORM would load them.

A read that gathers an aggregate in one statement (PostgreSQL's `to_jsonb` of each row and `jsonb_agg`
of each collection) spares the round trips of several queries and the ORM's loading of their joined
rows, the costliest part of a small transaction. `as_stored` turns each JSON row back into its
object through the class's own mapper (which attribute each column is, and what its type reads
back as), so no mapping is written twice; `Session.add` then holds the objects as loaded, not new.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Integer, String, Time, TypeDecorator
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import class_mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.instrumentation import ClassManager
from sqlalchemy.types import TypeEngine

T = TypeVar("T")

_DIALECT = postgresql.dialect()
Reader = Callable[[Any], Any]


def as_stored(cls: type[T], row: Mapping[str, Any], **related: list[Any] | Any) -> T:
    """The `cls` stored as `row` (column name → its JSON value, as `to_jsonb` writes a table's row),
    with the relationships named in `related` set to the objects given (themselves `as_stored`).

    The object is detached: added to a session (directly or by a cascade from its parent) it is held
    as persistent and unchanged, so a flush writes only what is changed after, as for a loaded one.
    A column the row does not hold is left unloaded. Its `__init__` is not run, as the ORM runs none.
    """
    manager, readers = _readers(cls)
    instance = manager.new_instance()
    values = instance.__dict__
    for key, name, read in readers:
        if name in row:
            value = row[name]
            values[key] = value if read is None or value is None else read(value)
    for key, value in related.items():
        set_committed_value(instance, key, value)
    make_transient_to_detached(instance)
    return instance


@cache
def _readers(cls: type) -> tuple[ClassManager[Any], tuple[tuple[str, str, Reader | None], ...]]:
    """The class's instrumentation, and each column attribute of `cls`: its key, its column's name, how
    to read its JSON value (None: as is). Once a class: looking the mapper up costs as much as a row."""
    mapper = class_mapper(cls)
    return mapper.class_manager, tuple((attribute.key, attribute.columns[0].name, _reader(attribute.columns[0].type))
                                       for attribute in mapper.column_attrs)


def _reader(column_type: TypeEngine[Any]) -> Reader | None:
    impl = column_type.impl_instance if isinstance(column_type, TypeDecorator) else column_type
    parse = _parser(impl)
    if not isinstance(column_type, TypeDecorator):
        return parse
    process = column_type.process_result_value

    def decorated(value: Any) -> Any:
        return process(value if parse is None else parse(value), _DIALECT)
    return decorated


def _parser(impl: TypeEngine[Any]) -> Reader | None:
    """JSON carries dates and times as ISO 8601 text, and text, whole numbers, truth values and JSON as
    themselves. Any other type (a decimal would come back a float, bytes as hex text, SQLAlchemy's own
    Enum as a name) is refused when the class is first read, rather than read back as something else."""
    if isinstance(impl, DateTime):
        return _utc_datetime if impl.timezone else datetime.fromisoformat
    if isinstance(impl, Date):
        return date.fromisoformat
    if isinstance(impl, Time):
        return time.fromisoformat
    if isinstance(impl, String | Integer | Boolean | JSON) and not isinstance(impl, Enum):
        return None
    raise TypeError(f"as_stored cannot read a {impl!r} column from JSON")


def _utc_datetime(text: str) -> datetime:
    """In UTC whatever the server's TimeZone wrote the offset in, as `UtcDateTime` holds every time."""
    return datetime.fromisoformat(text).astimezone(UTC)
