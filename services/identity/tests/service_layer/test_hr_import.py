"""The HR import: new people and teams, movers, leavers, each announced; the same file twice changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from identity.domain.model import Organisation
from identity.service_layer.hr_import import ImportReport, ImportStaff, import_staff
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork

BOARD = "NHS Import Board"
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def row(number: str, **overrides: object) -> dict:
    base = {"organisation": BOARD, "employee_number": number, "name": f"Person {number}",
            "email": f"{number.lower()}@psn.test", "job_title": None, "grade": "Band 5", "service": "Acute",
            "team": "Ward 7", "line_manager": None, "senior_manager": None, "start_date": None, "status": "active"}
    return {**base, **overrides}


FILE = [row("S1", team=None, service=None), row("L1", senior_manager="S1", start_date=date(2021, 3, 1)),
        row("E1", line_manager="L1", senior_manager="S1")]


def board() -> FakeIdentityUnitOfWork:
    uow = FakeIdentityUnitOfWork()
    uow.organisations.add(Organisation(name=BOARD, kind="health_board"))
    return uow


def test_new_people_and_teams_are_announced_each_with_their_whole_record():
    uow = board()
    report = import_staff(ImportStaff(FILE, imported_by=None), uow)
    assert report == ImportReport(created=3, updated=0, left=0, reinstated=0, unchanged=0, teams_created=1)
    assert uow.published_types() == ["identity.team.created"] + ["identity.staff.registered"] * 3
    by_number = {e.data.employee_number: e.data for e in uow.published[1:]}
    assert by_number["E1"].line_manager_id == by_number["L1"].staff_id
    assert by_number["L1"].start_date == date(2021, 3, 1) and by_number["E1"].roles == ["staff"]
    assert uow.commits == 1
    again = import_staff(ImportStaff(FILE, imported_by=None), uow)
    assert again.unchanged == 3 and len(uow.published) == 4 and uow.commits == 1


def test_a_mover_is_announced_with_the_new_record_and_a_leaver_loses_their_roles():
    uow = board()
    import_staff(ImportStaff(FILE, imported_by=None), uow)
    lee = uow.staff.by_email("l1@psn.test")
    lee.grant_role("facilitator", reason="runs groups", at=NOW)
    eve = uow.staff.by_email("e1@psn.test")
    eve.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    moved = [FILE[0], {**FILE[1], "grade": "Band 7"}, {**FILE[2], "status": "left", "line_manager": None}]
    report = import_staff(ImportStaff(moved, imported_by=None), uow)
    assert (report.updated, report.left) == (2, 1)
    new = uow.published[4:]
    assert [e.type for e in new] == ["identity.staff.updated", "identity.staff.updated", "identity.role.revoked",
                                     "identity.champion.ended", "identity.staff.left"]
    assert (new[2].data.staff_id, new[2].data.ending) == (eve.id, "left") and eve.held_roles() == set()
    lee_update = next(e.data for e in new if e.data.staff_id == lee.id)
    assert lee_update.changed == ["grade"] and lee_update.grade == "Band 7"
    assert lee_update.roles == ["facilitator", "staff"]
    assert uow.staff.get(lee.id).grade == "Band 7"



def test_a_champion_the_file_moves_to_another_team_is_no_longer_champion_of_the_old_one():
    uow = board()
    import_staff(ImportStaff(FILE, imported_by=None), uow)
    eve = uow.staff.by_email("e1@psn.test")
    old_team = eve.team_id
    eve.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    import_staff(ImportStaff([FILE[0], FILE[1], {**FILE[2], "team": "Ward 8"}], imported_by=None), uow)
    ended = [e.data for e in uow.published if e.type == "identity.champion.ended"]
    assert [(d.staff_id, d.team_id, d.ending) for d in ended] == [(eve.id, old_team, "left_team")]
    assert "wellbeing_champion" not in eve.held_roles() and eve.team_id != old_team
