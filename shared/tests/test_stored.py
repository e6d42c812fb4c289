"""Objects built from rows read as JSON (`as_stored`) against what the ORM loads, on a real PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Time,
    event,
    select,
    text,
)
from sqlalchemy.orm import Session, registry, relationship, selectinload

from psn_shared.db import EnumString, UtcDateTime, make_engine
from psn_shared.db.stored import as_stored


class Shade(StrEnum):
    LIGHT = "light"
    DARK = "dark"


@dataclass(eq=False)
class Swatch:
    code: str
    id: int = 0


@dataclass(eq=False)
class Palette:
    name: str
    shade: Shade
    made_on: date
    opens: time
    changed_at: datetime
    tags: list[str]
    note: str | None = None
    swatches: list[Swatch] = field(default_factory=list)
    id: int = 0


metadata = MetaData()
palettes = Table(
    "palettes", metadata, Column("id", Integer, primary_key=True), Column("name", String(50)),
    Column("shade", EnumString(Shade, 10)), Column("made_on", Date), Column("opens_at", Time),
    Column("changed_at", UtcDateTime), Column("tags", JSON), Column("note", String(50)),
)
swatches = Table(
    "swatches", metadata, Column("id", Integer, primary_key=True),
    Column("palette_id", Integer, ForeignKey("palettes.id"), nullable=False), Column("code", String(10)),
)
mappers = registry(metadata=metadata)
mappers.map_imperatively(Swatch, swatches)
mappers.map_imperatively(Palette, palettes, properties={
    "opens": palettes.c.opens_at,
    "swatches": relationship(Swatch, order_by=swatches.c.id, cascade="all, delete-orphan"),
})

AS_JSON = text("""
SELECT to_jsonb(p), (SELECT coalesce(jsonb_agg(s ORDER BY s.id), '[]') FROM swatches s WHERE s.palette_id = p.id)
FROM palettes p WHERE p.id = 1
""")


@pytest.fixture
def engine(databases):
    engine = make_engine(databases.create("stored"))
    metadata.create_all(engine)
    with Session(engine) as session:
        # A changed_at written in another zone: read back, it is the same instant in UTC.
        session.add(Palette("Winter", Shade.DARK, date(2026, 12, 3), time(9, 30),
                            datetime(2026, 12, 3, 10, 15, 30, 123456, tzinfo=timezone(timedelta(hours=1))),
                            ["cold", "blue"], swatches=[Swatch("#003", id=1), Swatch("#114", id=2)], id=1))
        session.commit()
    yield engine
    engine.dispose()


def read_as_json(session: Session) -> Palette:
    palette_row, swatch_rows = session.execute(AS_JSON).one()
    return as_stored(Palette, palette_row, swatches=[as_stored(Swatch, s) for s in swatch_rows])


def test_an_object_read_as_json_holds_what_the_orm_loads(engine):
    with Session(engine) as session:
        loaded = session.scalars(select(Palette).options(selectinload(Palette.swatches))).one()
        expected = {**vars(loaded)}
        swatch_codes = [(s.id, s.code) for s in loaded.swatches]
    with Session(engine) as session:
        built = read_as_json(session)
    for name in ("id", "name", "shade", "made_on", "opens", "changed_at", "tags", "note"):
        assert getattr(built, name) == expected[name], name
        assert type(getattr(built, name)) is type(expected[name]), name
    assert built.shade is Shade.DARK
    assert built.changed_at == datetime(2026, 12, 3, 9, 15, 30, 123456, tzinfo=UTC)
    assert built.changed_at.utcoffset() == timedelta(0)
    assert [(s.id, s.code) for s in built.swatches] == swatch_codes


def test_added_to_a_session_it_is_stored_and_a_flush_writes_only_what_changed_after(engine):
    sent: list[str] = []
    with Session(engine) as session:
        palette = read_as_json(session)
        event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
        session.add(palette)
        assert palette in session and not session.new and not session.dirty
        session.flush()
        assert sent == [], "nothing changed, so nothing is written"
        palette.note = "for the ward"
        palette.swatches.append(Swatch("#225", id=3))
        session.commit()
    assert [statement.split()[0] for statement in sent] == ["UPDATE", "INSERT"]
    assert "SET note=" in sent[0] and "name=" not in sent[0]
    with Session(engine) as session:
        again = session.get(Palette, 1)
        assert (again.note, again.name, [s.code for s in again.swatches]) == ("for the ward", "Winter",
                                                                              ["#003", "#114", "#225"])


def test_a_collection_it_was_given_is_tracked_as_loaded(engine):
    with Session(engine) as session:
        palette = read_as_json(session)
        session.add(palette)
        palette.swatches.pop(0)  # delete-orphan: removing a loaded swatch deletes it
        session.commit()
    with Session(engine) as session:
        assert [s.code for s in session.get(Palette, 1).swatches] == ["#114"]


@dataclass(eq=False)
class Price:
    amount: float
    id: int = 0


def test_a_column_json_cannot_carry_faithfully_is_refused_not_misread():
    prices = Table("prices", MetaData(), Column("id", Integer, primary_key=True), Column("amount", Numeric(8, 2)))
    registry().map_imperatively(Price, prices)
    with pytest.raises(TypeError, match="Numeric"):
        as_stored(Price, {"id": 1, "amount": 1.1})
