"""The staff copy's table on both databases it runs on: PostgreSQL (deployed) and SQLite (`make run`).

Migration 0002 turns the old copy (an `id`, roles as `staff_roles` rows) into the shared one
(`staff_id`, roles as a JSON list, `as_of`); finding coordinators reads that list in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

import notifications
from notifications.domain.model import StaffCopy
from notifications.service_layer.uow import SqlNotificationsUnitOfWork, uow_factory
from psn_shared.db import make_engine
from psn_shared.testing.infra import DatabaseFactory

MIGRATIONS = Path(notifications.__file__).parent / "migrations"
AT = datetime(2026, 11, 20, 10, tzinfo=UTC)


@pytest.fixture(params=["postgresql", "sqlite"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema yet, on each dialect."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'notifications.sqlite3'}"
    databases: DatabaseFactory = request.getfixturevalue("databases")
    return databases.create(f"notifications_copies_{request.node.name}")


@pytest.fixture
def engine_at(empty_database: str) -> Iterator[Callable[[str], Engine]]:
    """engine_at(revision, up=True): the database migrated up (or down) to `revision`, and an engine on it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", empty_database.replace("%", "%%"))
    engines: list[Engine] = []

    def at(revision: str, *, up: bool = True) -> Engine:
        (command.upgrade if up else command.downgrade)(config, revision)
        engines.append(make_engine(empty_database))
        return engines[-1]

    yield at
    for engine in engines:
        engine.dispose()


def copy(name: str, roles: list[str], status: str = "active") -> StaffCopy:
    return StaffCopy(staff_id=f"id-{name}", name=name, email=f"{name.lower()}@psn.test", as_of=AT, status=status,
                     roles=roles)


def test_coordinators_are_found_by_the_roles_list(engine_at):
    make_uow: Callable[[], SqlNotificationsUnitOfWork] = uow_factory(engine_at("head"))
    with make_uow() as uow:
        for staff in (copy("Cleo", ["coordinator", "staff"]), copy("Carl", ["staff", "coordinator"]),
                      copy("Ada", ["admin", "staff"]), copy("Gil", ["coordinator"], status="left"),
                      copy("Pete", ["peer_supporter"])):
            uow.staff.add(staff)
        uow.commit()
    with make_uow() as uow:
        assert [c.name for c in uow.staff.holding_role("coordinator")] == ["Carl", "Cleo"]
        assert [c.name for c in uow.staff.holding_role("peer_supporter")] == ["Pete"]
        cleo = uow.staff.get("id-Cleo")
        assert (cleo.roles, cleo.as_of, cleo.email) == (["coordinator", "staff"], AT, "cleo@psn.test")


def test_migration_0002_moves_roles_into_the_copy_and_back(engine_at):
    with engine_at("0001").begin() as conn:
        conn.execute(text("INSERT INTO staff (id, name, email, team_id, line_manager_id, status) VALUES "
                          "('a', 'Ann', 'ann@psn.test', NULL, 'b', 'active'), "
                          "('b', 'Bea', 'bea@psn.test', 't', NULL, 'left'), "
                          "('c', 'Cy', 'cy@psn.test', NULL, NULL, 'active')"))
        conn.execute(text("INSERT INTO staff_roles (staff_id, role) VALUES "
                          "('a', 'staff'), ('a', 'coordinator'), ('b', 'staff')"))
    with uow_factory(engine_at("head"))() as uow:
        ann, bea, cy = (uow.staff.get(staff_id) for staff_id in "abc")
        assert (ann.roles, ann.line_manager_id, ann.email) == (["coordinator", "staff"], "b", "ann@psn.test")
        assert (bea.roles, bea.status, bea.team_id) == (["staff"], "left", "t")
        assert cy.roles == []
        # Of unknown age: any event about them is newer.
        assert ann.as_of == datetime(1970, 1, 1, tzinfo=UTC)
        assert [c.staff_id for c in uow.staff.holding_role("coordinator")] == ["a"]
    with engine_at("0001", up=False).connect() as conn:
        assert sorted(conn.execute(text("SELECT staff_id, role FROM staff_roles"))) == [
            ("a", "coordinator"), ("a", "staff"), ("b", "staff"),
        ]
