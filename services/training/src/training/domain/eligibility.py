"""Level 3 eligibility, computed from facts: Level 2 done, time as a supporter, grade."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from training.domain.policy import Policy
from training.domain.staff import StaffCopy

# Agenda for Change bands: "Band 7", "band 8a"; 8a-8d and 9 sit above 7.
_BAND = re.compile(r"^\s*band\s*(\d)\s*([a-d]?)\s*$", re.IGNORECASE)


def grade_rank(grade: str | None) -> tuple[int, str] | None:
    """A sortable rank for a grade, or None when it is not on the scale we can compare."""
    match = _BAND.match(grade or "")
    if match is None:
        return None
    return int(match.group(1)), match.group(2).lower()


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]

    @property
    def refusal(self) -> str | None:
        return None if self.eligible else "; ".join(self.reasons)


def level_3_eligibility(member: StaffCopy, *, level_2_done: bool, level_2_lapsed: bool, policy: Policy,
                        now: datetime) -> Eligibility:
    """Every unmet condition is given as a reason, so people see all that stands in the way."""
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
    rank, threshold = grade_rank(member.grade), grade_rank(policy.level_3_min_grade)
    if rank is None or threshold is None:
        reasons.append(f"grade {member.grade or 'unknown'} cannot be compared with {policy.level_3_min_grade}")
    elif rank < threshold:
        reasons.append(f"grade {member.grade} is below {policy.level_3_min_grade}")
    return Eligibility(eligible=not reasons, reasons=reasons)
