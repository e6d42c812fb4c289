"""Level 3 eligibility, computed from facts: Level 2 done, time as a supporter, grade."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from training.domain.grading import Grading, grading_for
from training.domain.policy import Policy
from training.domain.staff import StaffCopy


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]

    @property
    def refusal(self) -> str | None:
        return None if self.eligible else "; ".join(self.reasons)


def level_3_eligibility(member: StaffCopy, *, level_2_done: bool, level_2_lapsed: bool, policy: Policy,
                        now: datetime, grading: Grading | None = None) -> Eligibility:
    """Every unmet condition is given as a reason, so people see all that stands in the way.

    The grade is compared on the person's organisation's ladder (`grading`; the board's by default).
    """
    grading = grading or grading_for(None, policy.level_3_min_grade)
    reasons = []
    if not level_2_done:
        reasons.append("Level 2 is not complete")
    elif level_2_lapsed:
        reasons.append("the Level 2 certificate has lapsed; a refresher is due")
    needed_days = policy.level_3_min_supporter_period.days
    if member.supporter_since is None:
        reasons.append("not an active peer supporter")
    elif now - member.supporter_since < policy.level_3_min_supporter_period:
        served = (now - member.supporter_since).days
        reasons.append(f"a peer supporter for {served} days; {needed_days} are needed")
    shortfall = grading.ladder.shortfall(member.grade, grading.level_3_min_grade)
    if shortfall is not None:
        reasons.append(shortfall)
    return Eligibility(eligible=not reasons, reasons=reasons)
