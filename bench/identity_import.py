"""HR import benchmark: 40,000 staff rows through the real use case into a fresh PostgreSQL database.

One health board, 20 services, 400 teams; each team has a line manager, and each service a
senior manager, named by employee number as the HR system names them.
"""

from __future__ import annotations

import time
from pathlib import Path

import identity
from identity.domain.model import Organisation
from identity.service_layer.hr_import import ImportStaff, import_staff
from identity.service_layer.uow import uow_factory
from psn_shared.db import make_engine, upgrade_database

BOARD = "NHS Bench Health Board"


def rows_for(count: int) -> list[dict]:
    """20 senior managers, then 400 line managers (one a team), then everyone else spread over the teams."""
    rows = []
    for n in range(count):
        team = (n - 20) % 400
        service = team % 20
        if n < 20:
            number, team, service, line, senior = f"S{n:05d}", None, n, None, None
        elif n < 420:
            number, line, senior = f"L{team:05d}", None, f"S{service:05d}"
        else:
            number, line, senior = f"E{n:06d}", f"L{team:05d}", f"S{service:05d}"
        rows.append({
            "organisation": BOARD, "employee_number": number, "name": f"Person {n}",
            "email": f"person.{n}@bench.psn.test", "job_title": "Staff Nurse", "grade": f"Band {5 + n % 4}",
            "service": f"Service {service}", "team": None if team is None else f"Team {team}",
            "line_manager": line, "senior_manager": senior, "start_date": None, "status": "active",
        })
    return rows


def measure(database_url: str, rows: int = 40_000) -> float:
    """Seconds to import `rows` new staff in one go (the database must be fresh)."""
    upgrade_database(database_url, Path(identity.__file__).parent / "migrations")
    engine = make_engine(database_url)
    make_uow = uow_factory(engine)
    with make_uow() as uow:
        uow.organisations.add(Organisation(name=BOARD, kind="health_board"))
        uow.commit()
    data = rows_for(rows)
    started = time.perf_counter()
    with make_uow() as uow:
        report = import_staff(ImportStaff(data, imported_by=None), uow)
    elapsed = time.perf_counter() - started
    assert report.created == rows, report
    engine.dispose()
    return elapsed


if __name__ == "__main__":
    import os
    import uuid

    from psn_shared.testing.infra import DatabaseFactory

    factory = DatabaseFactory(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
                              f"bench{uuid.uuid4().hex[:8]}")
    try:
        print(f"import_40k_rows_s: {measure(factory.create('identity_import')):.1f}")
    finally:
        factory.drop_all()
