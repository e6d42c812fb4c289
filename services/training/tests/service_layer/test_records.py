"""Level 1 (recorded, imported, self-reported), Level 3 eligibility and the reports, through the use cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from services.training.tests.service_layer.conftest import T0, an_id
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.imports import Outcome
from training.domain.levels import ClaimStatus, CompletionSource
from training.domain.policy import Policy
from training.domain.staff import Team
from training.service_layer import records, reports

CODER = an_id()


def record(uow, staff_id, completed_on=date(2026, 10, 1), source="learnpro"):
    return records.record_level_1(records.RecordLevel1(staff_id, completed_on, source, CODER), uow)


def test_level_1_is_recorded_once_and_announced_once(uow, world):
    member = world.person()
    completion, created = record(uow, member.staff_id)
    again, created_again = record(uow, member.staff_id, completed_on=date(2026, 10, 2))
    assert (created, created_again, again) == (True, False, completion)
    assert (completion.source, uow.published_types(), uow.commits) == (
        CompletionSource.LEARNPRO, ["training.level.completed"], 2)
    # Where it came from: notifications tells a platform's Level 1, not a self-report (told by its decision).
    assert (uow.published[0].data.level, uow.published[0].data.approvals, uow.published[0].data.source) == (
        1, [], "learnpro")


def test_level_1_needs_someone_known_and_a_date_not_in_the_future(uow, world):
    with pytest.raises(InvalidInput) as unknown:
        record(uow, an_id())
    assert unknown.value.field == "staff_id"
    with pytest.raises(InvalidInput) as future:
        record(uow, world.person().staff_id, completed_on=uow.now().date() + timedelta(days=1))
    assert future.value.field == "completed_on"
    assert (uow.published, uow.commits) == ([], 0)


def test_an_import_reports_every_row_and_records_each_person_once(uow, world):
    ann = world.person(employee_number="E1")
    world.person(employee_number="E2", levels=(1,))
    content = "\n".join(["employee_number,course_code,completion_date", "E1,gcc-277,2026-10-01",
                         "E2,GCC 277,2026-10-01", "E3,GCC 277,2026-10-01", "E1,LA-PW-01,2026-10-01",
                         ",GCC 277,2026-10-01", "E1,GCC 277,2026-10-01"])
    report = records.import_level_1(records.ImportLevel1("learnpro", content, CODER, Policy()), uow)
    assert [row.outcome for row in report.rows] == [
        Outcome.RECORDED, Outcome.ALREADY_RECORDED, Outcome.UNKNOWN_STAFF, Outcome.WRONG_COURSE_CODE,
        Outcome.INVALID_ROW, Outcome.ALREADY_RECORDED]
    assert report.counts == {"recorded": 1, "already_recorded": 2, "unknown_staff": 1, "wrong_course_code": 1,
                             "invalid_row": 1}
    assert [e.data.staff_id for e in uow.published] == [ann.staff_id]


def test_a_self_report_is_verified_by_someone_else_and_records_level_1(uow, world):
    ann = world.person()
    claim = records.claim_level_1(records.ClaimLevel1(ann.staff_id, date(2026, 10, 1), "certificate.pdf"), uow)
    with pytest.raises(Conflict):
        records.claim_level_1(records.ClaimLevel1(ann.staff_id, date(2026, 10, 1), "again"), uow)
    with pytest.raises(Forbidden):
        records.decide_claim(records.DecideClaim(claim.id, ann.staff_id, "verify"), uow)
    assert uow.published == []
    records.decide_claim(records.DecideClaim(claim.id, CODER, "verify"), uow)
    assert (claim.status, uow.completions.get(ann.staff_id, 1).source, uow.published_types()) == (
        ClaimStatus.VERIFIED, CompletionSource.SELF_REPORT,
        ["training.level.completed", "training.level1_claim.decided"])
    assert uow.published[0].data.source == "self_report"
    told = uow.published[1].data
    assert (told.staff_id, told.status, told.completed_on, told.reason) == (
        ann.staff_id, "verified", date(2026, 10, 1), None)


def test_a_rejection_says_why_and_records_nothing(uow, world):
    ann = world.person()
    claim = records.claim_level_1(records.ClaimLevel1(ann.staff_id, date(2026, 10, 1), "a photo"), uow)
    with pytest.raises(InvalidInput):
        records.decide_claim(records.DecideClaim(claim.id, CODER, "reject"), uow)
    records.decide_claim(records.DecideClaim(claim.id, CODER, "reject", "illegible"), uow)
    assert (claim.status, claim.rejection_reason, uow.completions.get(ann.staff_id, 1)) == (
        ClaimStatus.REJECTED, "illegible", None)
    assert uow.published_types() == ["training.level1_claim.decided"]
    assert (uow.published[0].data.status, uow.published[0].data.reason) == ("rejected", "illegible")


def test_level_3_eligibility_gives_every_reason(uow, world):
    policy = Policy()
    newcomer = world.person(grade="Band 5", levels=(1,))
    assert records.eligibility_for_level_3(newcomer, policy, uow).reasons == [
        "Level 2 is not complete", "not an active peer supporter", "grade Band 5 is below Band 7"]
    veteran = world.person(grade="Band 7", levels=(1, 2), roles=("peer_supporter",),
                           supporter_since=T0 - timedelta(days=400))
    assert records.eligibility_for_level_3(veteran, policy, uow).eligible
    level_2 = Certificate(staff_id=veteran.staff_id, level=2, completion_id=an_id(), issued_on=T0.date(),
                          expires_on=T0.date(), status=CertificateStatus.LAPSED)
    uow.certificates.add(level_2)
    assert records.eligibility_for_level_3(veteran, policy, uow).reasons == [
        "the Level 2 certificate has lapsed; a refresher is due"]


def test_reports_count_coverage_and_teams_without_a_standing_supporter(uow, world):
    ward, bare = Team(id=an_id(), name="Ward 1", service="Mental Health"), Team(an_id(), "Ward 2", "Mental Health")
    uow.teams.add(ward)
    uow.teams.add(bare)
    world.person(team_id=ward.id, levels=(1,), roles=("peer_supporter",))
    world.person(team_id=ward.id)
    coverage = reports.level_1_coverage(uow)
    assert coverage["overall"] == {"staff": "<5", "with_level_1": "<5", "share": None}
    assert [t["team_id"] for t in reports.teams_without_supporters(uow)] == [bare.id]
    assert reports.pipeline(uow)[0] == {"level": 2, "nominated": "<5", "approved": "<5", "waiting": "<5",
                                        "booked": "<5", "completed": "<5", "lapsed": "<5"}
