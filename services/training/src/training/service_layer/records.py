"""Level 1 (from platforms, imports and verified self-reports), training records and Level 3 eligibility."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import InvalidInput, NotFound
from training.domain import imports, levels
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.eligibility import Eligibility, level_3_eligibility
from training.domain.levels import ClaimStatus, CompletionSource, Level1Claim, LevelCompletion
from training.domain.nominations import Nomination
from training.domain.policy import Policy, check_may_read
from training.domain.staff import StaffCopy
from training.events import published
from training.service_layer.common import known
from training.service_layer.grading import grading_of
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class RecordLevel1:
    staff_id: str
    completed_on: date
    source: str
    recorded_by: str


@dataclass(frozen=True)
class ImportLevel1:
    source: str
    content: str
    recorded_by: str
    policy: Policy


@dataclass(frozen=True)
class ClaimLevel1:
    staff_id: str
    completed_on: date
    evidence: str


@dataclass(frozen=True)
class DecideClaim:
    claim_id: str
    decided_by: str
    decision: str
    reason: str | None = None


@dataclass
class ImportReport:
    source: str
    rows: list[imports.RowOutcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(row.outcome for row in self.rows))


def record_level_1(cmd: RecordLevel1, uow: TrainingUnitOfWork) -> tuple[LevelCompletion, bool]:
    """Record Level 1 once; returns (the record, whether it is new). Recording again changes nothing."""
    member = uow.staff.get(cmd.staff_id, lock=True)
    if member is None:
        raise InvalidInput("no such member of staff is known to training yet", field="staff_id")
    completion, created = _level_1(member, cmd.completed_on, cmd.source, cmd.recorded_by, uow.now(), uow)
    uow.commit()
    return completion, created


def import_level_1(cmd: ImportLevel1, uow: TrainingUnitOfWork) -> ImportReport:
    """A platform's export: each row recorded, already recorded, or reported with what is wrong with it."""
    if cmd.source == CompletionSource.LEARNPRO:
        codes = (cmd.policy.health_board_course_code,)
    else:
        codes = cmd.policy.local_authority_course_codes
    rows = imports.parse(cmd.content)
    at = uow.now()
    people = uow.staff.by_employee_numbers({row.employee_number for row in rows})
    report = ImportReport(source=cmd.source)
    for row in rows:
        completed_on, rejected = imports.check_row(row, codes, at.date())
        member = people.get(row.employee_number)
        if rejected is None and member is None:
            rejected = imports.RowOutcome(row.line, row.employee_number, imports.Outcome.UNKNOWN_STAFF,
                                          "no member of staff has this employee number")
        if rejected is not None:
            report.rows.append(rejected)
            continue
        _, created = _level_1(member, completed_on, cmd.source, cmd.recorded_by, at, uow)
        outcome = imports.Outcome.RECORDED if created else imports.Outcome.ALREADY_RECORDED
        report.rows.append(imports.RowOutcome(row.line, row.employee_number, outcome, "", member.staff_id))
    uow.commit()
    return report


def claim_level_1(cmd: ClaimLevel1, uow: TrainingUnitOfWork) -> Level1Claim:
    member = uow.staff.get(cmd.staff_id, lock=True)
    if member is None:
        raise NotFound("your record has not reached training yet; try again in a moment")
    claim = levels.claim_level_1(
        member, completed_on=cmd.completed_on, evidence=cmd.evidence,
        level_1_done=uow.completions.get(member.staff_id, 1) is not None,
        pending=uow.claims.pending_for(member.staff_id) is not None, at=uow.now(),
    )
    uow.claims.add(claim)
    uow.commit()
    return claim


def decide_claim(cmd: DecideClaim, uow: TrainingUnitOfWork) -> Level1Claim:
    """A coordinator verifies (recording Level 1, unless a platform got there first) or rejects with a reason."""
    claim = uow.claims.get(cmd.claim_id, lock=True)
    if claim is None:
        raise NotFound("no such claim")
    at = uow.now()
    claim.decide(verify=cmd.decision == "verify", by=cmd.decided_by, reason=cmd.reason, at=at)
    if claim.status == ClaimStatus.VERIFIED:
        member = uow.staff.get(claim.staff_id, lock=True)
        _level_1(member, claim.completed_on, CompletionSource.SELF_REPORT, cmd.decided_by, at, uow)
    uow.publish(published.level1_claim_decided(claim))
    uow.commit()
    return claim


def list_claims(status: str | None, limit: int, offset: int, uow: TrainingUnitOfWork
                ) -> tuple[list[dict[str, Any]], int]:
    """A page of claims, each with its claimant's name, for the coordinator checking them."""
    claims, total = uow.claims.page(status=status, limit=limit, offset=offset)
    names = {member.staff_id: member.name for member in uow.staff.many([c.staff_id for c in claims])}
    return [{**asdict(claim), "name": names.get(claim.staff_id)} for claim in claims], total


def _level_1(member: StaffCopy, completed_on: date, source: str, recorded_by: str, at: datetime,
             uow: TrainingUnitOfWork) -> tuple[LevelCompletion, bool]:
    existing = uow.completions.get(member.staff_id, 1)
    if existing is not None:
        return existing, False
    completion = levels.record_level_1(
        member, completed_on=completed_on, source=source, recorded_by=recorded_by, at=at
    )
    uow.completions.add(completion)
    uow.publish(published.level_completed(completion, None))
    return completion, True


@dataclass(frozen=True)
class TrainingRecord:
    member: StaffCopy
    completions: list[LevelCompletion]
    nominations: list[Nomination]
    certificates: list[Certificate]
    claims: list[Level1Claim]


def training_record(staff_id: str, principal: Principal, uow: TrainingUnitOfWork) -> TrainingRecord:
    """What training knows of a person; 404 until their record has arrived from identity."""
    member = known(staff_id, uow)
    check_may_read(member, principal)
    return TrainingRecord(
        member, uow.completions.for_staff(staff_id), uow.nominations.for_nominee(staff_id),
        uow.certificates.for_staff(staff_id), uow.claims.for_staff(staff_id),
    )


def eligibility_for_level_3(member: StaffCopy, policy: Policy, uow: TrainingUnitOfWork) -> Eligibility:
    certificate = uow.certificates.of(member.staff_id, 2)
    return level_3_eligibility(
        member,
        level_2_done=uow.completions.get(member.staff_id, 2) is not None,
        level_2_lapsed=certificate is not None and certificate.status == CertificateStatus.LAPSED,
        policy=policy,
        now=uow.now(),
        grading=grading_of(member, policy, uow),
    )


def level_3_eligibility_of(staff_id: str, principal: Principal, policy: Policy,
                           uow: TrainingUnitOfWork) -> Eligibility:
    member = known(staff_id, uow)
    check_may_read(member, principal)
    return eligibility_for_level_3(member, policy, uow)
