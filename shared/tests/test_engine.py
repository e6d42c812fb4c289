"""The engine's pool on a real PostgreSQL: connections the server closed, and units of work that read."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, insert, select, text
from sqlalchemy.orm import Session

from psn_shared.db import make_engine, read_row
from psn_shared.db.engine import reading_engine
from psn_shared.db.unit_of_work import UnitsOfWork
from psn_shared.testing.infra import wait_for

metadata = MetaData()
notes = Table("notes", metadata, Column("id", Integer, primary_key=True), Column("text", String(50)))


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
        assert read_row(session, by_text, {"text": "committed"}).text == "committed"
        assert read_row(session, by_text, {"text": "never written"}) is None
        assert not session.in_transaction()  # the session itself never began


def test_a_row_read_once_a_unit_of_work_has_begun_sees_what_it_wrote(make_session):
    by_text = select(notes.c.text).where(notes.c.text == bindparam("text"))
    for reading in (True, False):
        with make_session(reading=reading) as session:
            session.execute(insert(notes).values(text="not committed"))
            assert read_row(session, by_text, {"text": "not committed"}).text == "not committed"
