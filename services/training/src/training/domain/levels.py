"""The three levels and their competences, and the record of a level done: Level 1 and its claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from training.domain.ids import new_id
from training.domain.staff import StaffCopy

LEVELS = {
    1: "An Introduction to Psychological Wellbeing",
    2: "Peer Supporter",
    3: "Train the Trainer",
}
COURSE_LEVELS = (2, 3)  # taught on cohorts; Level 1 comes from learning platforms


class CompletionSource(StrEnum):
    """Where a completion was recorded from: a learning platform, a verified self-report, or a cohort."""

    LEARNPRO = "learnpro"
    LOCAL_AUTHORITY = "local_authority"
    SELF_REPORT = "self_report"
    COHORT = "cohort"


LEVEL_1_SOURCES = (CompletionSource.LEARNPRO, CompletionSource.LOCAL_AUTHORITY, CompletionSource.SELF_REPORT)
# The sources that send an import file.
PLATFORMS = (CompletionSource.LEARNPRO, CompletionSource.LOCAL_AUTHORITY)


@dataclass(eq=False)
class Competence:
    """A named competence of a level; retired ones stay on record but are no longer required."""

    level: int
    code: str
    title: str
    description: str = ""
    position: int = 0
    retired: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise InvalidInput("levels are 1, 2 and 3", field="level")

    def edit(self, *, title: str | None, description: str | None, retired: bool | None) -> None:
        """Change what is given; None leaves it as it is."""
        if title is not None:
            self.title = title
        if description is not None:
            self.description = description
        if retired is not None:
            self.retired = retired


@dataclass(eq=False)
class LevelCompletion:
    """A level done: Level 1 from a learning platform or a self-report, Levels 2 and 3 from a cohort."""

    staff_id: str
    level: int
    completed_on: date
    source: CompletionSource
    recorded_by: str
    recorded_at: datetime
    cohort_id: str | None = None
    nomination_id: str | None = None
    id: str = field(default_factory=new_id)


def record_level_1(
    member: StaffCopy, *, completed_on: date, source: CompletionSource, recorded_by: str, at: datetime
) -> LevelCompletion:
    if source not in LEVEL_1_SOURCES:
        raise InvalidInput(f"source must be one of {', '.join(LEVEL_1_SOURCES)}", field="source")
    if completed_on > at.date():
        raise InvalidInput("a completion cannot be in the future", field="completed_on")
    return LevelCompletion(
        staff_id=member.staff_id, level=1, completed_on=completed_on, source=CompletionSource(source),
        recorded_by=recorded_by, recorded_at=at,
    )


class ClaimStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass(eq=False)
class Level1Claim:
    """A self-reported Level 1 with its evidence, until a coordinator verifies or rejects it."""

    staff_id: str
    completed_on: date
    evidence: str
    submitted_at: datetime
    status: ClaimStatus = ClaimStatus.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    rejection_reason: str | None = None
    id: str = field(default_factory=new_id)

    def decide(self, *, verify: bool, by: str, reason: str | None, at: datetime) -> None:
        if self.status != ClaimStatus.PENDING:
            raise Conflict(f"this claim is already {self.status}")
        if by == self.staff_id:
            raise Forbidden("nobody verifies their own claim")
        if not verify and not (reason and reason.strip()):
            raise InvalidInput("a rejection says why", field="reason")
        self.status = ClaimStatus.VERIFIED if verify else ClaimStatus.REJECTED
        self.decided_by, self.decided_at = by, at
        self.rejection_reason = None if verify else reason


def claim_level_1(member: StaffCopy, *, completed_on: date, evidence: str, level_1_done: bool,
                  pending: bool, at: datetime) -> Level1Claim:
    if level_1_done:
        raise Conflict("Level 1 is already recorded")
    if pending:
        raise Conflict("a claim is already waiting for verification")
    if completed_on > at.date():
        raise InvalidInput("a completion cannot be in the future", field="completed_on")
    return Level1Claim(staff_id=member.staff_id, completed_on=completed_on, evidence=evidence, submitted_at=at)
