"""The engine's pool on a real PostgreSQL: connections the server closed, and units of work that read."""

from __future__ import annotations

import gc
import threading
import weakref
from datetime import UTC, datetime
from enum import StrEnum

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, func, insert, select, text
from sqlalchemy.exc import DataError, MultipleResultsFound, OperationalError
from sqlalchemy.orm import Session

from psn_shared.db import EnumString, UtcDateTime, make_engine, read_row
from psn_shared.db.engine import reading_engine
from psn_shared.db.unit_of_work import UnitsOfWork, unit_of_work_factory
from psn_shared.testing.infra import wait_for

metadata = MetaData()
notes = Table("notes", metadata, Column("id", Integer, primary_key=True), Column("text", String(50)))


class Colour(StrEnum):
    RED = "red"


dated = Table("dated", metadata, Column("id", Integer, primary_key=True), Column("colour", EnumString(Colour, 10)),
              Column("at", UtcDateTime))
DATED_BY_ID = select(dated.c.id, dated.c.colour, dated.c.at).where(dated.c.id == bindparam("id"))


@pytest.fixture(scope="module")
def engine(databases):
    engine = make_engine(databases.create("engine"), pool_size=3)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def make_session(engine):
    """Sessions as units of work get them: `make_session()` to write, `make_session(reading=True)` to read."""
    return UnitsOfWork(engine, lambda factory: factory())


def in_transaction(session: Session) -> bool:
    return session.connection().connection.dbapi_connection.info.transaction_status != 0


def stored(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(notes.c.text).order_by(notes.c.id)))


def test_connections_the_server_closed_are_replaced_at_checkout_without_failing_a_read(engine, databases):
    # Three connections in the pool, all then ended by the server as a restart ends them.
    held = [engine.connect() for _ in range(3)]
    pids = {conn.connection.dbapi_connection.info.backend_pid for conn in held}
    for conn in held:
        conn.close()
    with make_engine(databases.server_url, isolation_level="AUTOCOMMIT").connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(pid) FROM unnest(CAST(:pids AS int[])) AS pid"),
                      {"pids": list(pids)})
        wait_for(lambda: not admin.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids)"),
                                          {"pids": list(pids)}), what="the backends gone")
    for _ in range(3):
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT 1")) == 1
            assert conn.connection.dbapi_connection.info.backend_pid not in pids


def test_a_reading_unit_of_work_sends_its_selects_outside_any_transaction(make_session):
    with make_session(reading=True) as session:
        session.execute(select(notes.c.id))
        assert not in_transaction(session)


def test_a_write_in_a_reading_unit_of_work_opens_a_transaction_kept_only_on_commit(engine, make_session):
    with make_session(reading=True) as session:
        session.execute(select(notes.c.id))
        session.execute(insert(notes).values(text="rolled back"))
        assert in_transaction(session)
    with make_session(reading=True) as session:
        session.execute(insert(notes).values(text="kept"))
        session.execute(insert(notes).values(text="kept too"))
        session.commit()
    assert stored(engine)[-2:] == ["kept", "kept too"]
    assert "rolled back" not in stored(engine)


def test_a_locking_select_in_a_reading_unit_of_work_holds_its_lock_in_a_transaction(make_session):
    with make_session(reading=True) as session:
        session.execute(select(notes.c.id).with_for_update())
        assert in_transaction(session)
    with make_session(reading=True) as session:
        session.execute(text("SELECT pg_advisory_xact_lock(42)"))
        assert in_transaction(session)


def test_a_connection_a_reader_used_goes_back_to_writers_transactional(engine, make_session):
    for _ in range(4):  # more than the pool holds, so writers get connections readers had
        with make_session(reading=True) as session:
            session.execute(select(notes.c.id))
        with make_session(reading=True) as session:
            read_row(session, select(notes.c.id).where(notes.c.id == bindparam("id")), {"id": 1})
    for _ in range(4):
        with make_session() as session:
            session.execute(select(notes.c.id))
            assert in_transaction(session)


def test_on_sqlite_reading_is_the_engine_itself(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert reading_engine(engine) is engine


def test_a_row_read_before_a_reading_unit_of_work_begins_is_read_on_a_connection_of_its_own(engine, make_session):
    with engine.begin() as conn:
        conn.execute(insert(notes).values(text="committed"))
    by_text = select(notes.c.text).where(notes.c.text == bindparam("text"))
    with make_session(reading=True) as session:
        assert read_row(session, by_text, {"text": "committed"}) == ("committed",)
        assert read_row(session, by_text, {"text": "never written"}) is None
        assert not session.in_transaction()  # the session itself never began


def test_a_row_read_once_a_unit_of_work_has_begun_sees_what_it_wrote(make_session):
    by_text = select(notes.c.text).where(notes.c.text == bindparam("text"))
    for reading in (True, False):
        with make_session(reading=reading) as session:
            session.execute(insert(notes).values(text="not committed"))
            assert read_row(session, by_text, {"text": "not committed"}) == ("not committed",)


def test_a_row_read_by_the_driver_holds_what_sqlalchemy_reads(engine, make_session):
    with engine.begin() as conn:
        conn.execute(insert(dated).values(id=1, colour=Colour.RED, at=datetime(2026, 12, 2, 17, 30, tzinfo=UTC)))
        conn.execute(insert(dated).values(id=2, colour=None, at=None))
    for row_id in (1, 2):
        with make_session(reading=True) as session:
            by_driver = read_row(session, DATED_BY_ID, {"id": row_id})  # before the session begins
            session.execute(select(dated.c.id))
            by_sqlalchemy = read_row(session, DATED_BY_ID, {"id": row_id})
        assert by_driver == by_sqlalchemy
        assert [type(value) for value in by_driver] == [type(value) for value in by_sqlalchemy]
        assert by_driver[1] is (Colour.RED if row_id == 1 else None)


def test_a_driver_read_on_a_lost_connection_is_sqlalchemys_operational_error_and_the_next_read_connects_afresh(
        make_session):
    ends_its_own_connection = select(func.pg_terminate_backend(func.pg_backend_pid()), bindparam("n"))
    with pytest.raises(OperationalError) as raised, make_session(reading=True) as session:
        read_row(session, ends_its_own_connection, {"n": 1})
    assert raised.value.connection_invalidated
    with make_session(reading=True) as session:
        assert read_row(session, DATED_BY_ID, {"id": -1}) is None


def test_a_driver_read_finding_two_rows_says_so(make_session):
    every_note = select(notes.c.id).where(notes.c.id > bindparam("above"))
    with make_session() as session:
        session.execute(insert(notes), [{"text": "one"}, {"text": "two"}])
        session.commit()
    with pytest.raises(MultipleResultsFound), make_session(reading=True) as session:
        read_row(session, every_note, {"above": 0})


def test_a_driver_read_with_the_server_unreachable_is_sqlalchemys_operational_error(databases):
    nowhere = databases.server_url.rsplit("@", 1)[0] + "@127.0.0.1:1/postgres"
    unreachable = make_engine(nowhere, connect_args={"connect_timeout": 2})
    with pytest.raises(OperationalError), UnitsOfWork(unreachable, lambda factory: factory())(reading=True) as session:
        read_row(session, DATED_BY_ID, {"id": 1})


def test_worker_kinds_starting_side_by_side_get_their_units_of_work_once_every_class_is_mapped(tmp_path):
    # As each service's start_mappers: it returns at once when anything is mapped, as something is
    # from its first class on; the first caller is held mid-way until the test lets it finish.
    mapped: list[str] = []
    first_class_mapped, finish_mapping = threading.Event(), threading.Event()

    def start_mappers() -> None:
        if mapped:
            return
        mapped.append("first")
        first_class_mapped.set()
        finish_mapping.wait(timeout=30)
        mapped.append("second")

    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    seen_by_second_kind: list[list[str]] = []
    second_kind_ready = threading.Event()

    def second_kind() -> None:
        unit_of_work_factory(engine, start_mappers, lambda factory: factory())
        seen_by_second_kind.append(list(mapped))
        second_kind_ready.set()

    first = threading.Thread(target=unit_of_work_factory, args=(engine, start_mappers, lambda factory: factory()),
                             daemon=True)
    first.start()
    assert first_class_mapped.wait(timeout=15)
    second = threading.Thread(target=second_kind, daemon=True)
    second.start()
    # Half mapped, the second kind must still be waiting: given time to go on, it does not.
    assert not second_kind_ready.wait(timeout=0.5)
    finish_mapping.set()
    first.join(timeout=15)
    second.join(timeout=15)
    assert seen_by_second_kind == [["first", "second"]]


def test_a_driver_read_prepared_once_a_connection_is_prepared_again_when_the_server_forgot_it(databases):
    one_connection = make_engine(databases.create("prepared"), pool_size=1, max_overflow=0)
    metadata.create_all(one_connection)
    with one_connection.begin() as conn:
        conn.execute(insert(dated).values(id=1, colour=Colour.RED, at=datetime(2026, 12, 4, 8, 0, tzinfo=UTC)))
    make_session = UnitsOfWork(one_connection, lambda factory: factory())

    def prepared() -> list[str]:
        with one_connection.connect() as conn:
            return list(conn.scalars(text("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'psn_read_%'")))

    try:
        for _ in range(2):
            with make_session(reading=True) as session:
                assert read_row(session, DATED_BY_ID, {"id": 1})[1] is Colour.RED
        assert len(prepared()) == 1 and "$1" in prepared()[0]
        with one_connection.connect() as conn:
            conn.exec_driver_sql("DEALLOCATE ALL")
        with make_session(reading=True) as session:
            assert read_row(session, DATED_BY_ID, {"id": 1})[1] is Colour.RED
        assert len(prepared()) == 1
    finally:
        one_connection.dispose()


def test_a_driver_read_the_server_refuses_is_sqlalchemys_error_and_the_connection_reads_on(make_session):
    with pytest.raises(DataError), make_session(reading=True) as session:
        read_row(session, select(notes.c.id).where(notes.c.id == bindparam("id")), {"id": "not a number"})
    with make_session(reading=True) as session:
        assert read_row(session, DATED_BY_ID, {"id": -1}) is None


def test_a_connection_the_pool_lets_go_is_not_kept_for_what_was_prepared_on_it(databases):
    one_connection = make_engine(databases.create("let_go"), pool_size=1, max_overflow=0)
    metadata.create_all(one_connection)
    with UnitsOfWork(one_connection, lambda factory: factory())(reading=True) as session:
        assert read_row(session, DATED_BY_ID, {"id": 1}) is None
    with one_connection.connect() as conn:
        let_go = weakref.ref(conn.connection.dbapi_connection)
    one_connection.dispose()
    gc.collect()
    assert let_go() is None
