"""Grades compared on each organisation's own ladder, and what an organisation asks of its nominees.

The health board grades on Agenda for Change bands; a local authority on its own scale. Each
organisation's training policy names its ladder (lowest grade first), the minimum grade for a Level 2
nomination and for Level 3, and how many supporters a team should have (the seed: "in certain teams
it would be desirable to have more than one Peer Supporter"). Without one, the board's rules apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from psn_shared.errors import Conflict, InvalidInput

AGENDA_FOR_CHANGE = (
    "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9",
)
DEFAULT_SUPPORTERS_PER_TEAM = 2
MAX_SUPPORTERS_PER_TEAM = 50


def grade_key(grade: str | None) -> str:
    """Grades compare without case or spaces: "band 8A" is "Band 8a"."""
    return re.sub(r"\s+", "", grade or "").lower()


@dataclass(frozen=True)
class GradeLadder:
    """An organisation's grades, lowest first."""

    grades: tuple[str, ...]

    def __post_init__(self) -> None:
        keys = [grade_key(g) for g in self.grades]
        if not self.grades or not all(keys):
            raise InvalidInput("a grade ladder names at least one grade, lowest first", field="grade_ladder")
        if len(set(keys)) != len(keys):
            raise InvalidInput("each grade appears once on the ladder", field="grade_ladder")

    def rank(self, grade: str | None) -> int | None:
        """Its place on the ladder, or None when the grade is not on it."""
        keys = [grade_key(g) for g in self.grades]
        key = grade_key(grade)
        return keys.index(key) if key in keys else None

    def check_on_ladder(self, grade: str | None, field_name: str) -> None:
        if grade is not None and self.rank(grade) is None:
            raise InvalidInput(f"{grade} is not on the grade ladder", field=field_name)

    def shortfall(self, grade: str | None, minimum: str) -> str | None:
        """Why `grade` does not reach `minimum` (None when it does)."""
        rank, needed = self.rank(grade), self.rank(minimum)
        if rank is None or needed is None:
            return f"grade {grade or 'unknown'} cannot be compared with {minimum}"
        if rank < needed:
            return f"grade {grade} is below {minimum}"
        return None


AGENDA_FOR_CHANGE_LADDER = GradeLadder(AGENDA_FOR_CHANGE)


@dataclass(eq=False)
class OrganisationPolicy:
    """What one organisation asks of nominees, and its team target, set by a coordinator."""

    organisation_id: str
    grade_ladder: list[str] = field(default_factory=lambda: list(AGENDA_FOR_CHANGE))
    level_2_min_grade: str | None = None
    level_3_min_grade: str | None = None
    supporters_per_team: int = DEFAULT_SUPPORTERS_PER_TEAM
    updated_by: str | None = None
    updated_at: datetime | None = None

    @property
    def ladder(self) -> GradeLadder:
        return GradeLadder(tuple(self.grade_ladder))

    def change(self, *, grade_ladder: list[str], level_2_min_grade: str | None, level_3_min_grade: str | None,
               supporters_per_team: int, by: str, at: datetime) -> None:
        """Replace the whole policy; each minimum must be a grade on the ladder."""
        ladder = GradeLadder(tuple(g.strip() for g in grade_ladder))
        ladder.check_on_ladder(level_2_min_grade, "level_2_min_grade")
        ladder.check_on_ladder(level_3_min_grade, "level_3_min_grade")
        if not 1 <= supporters_per_team <= MAX_SUPPORTERS_PER_TEAM:
            raise InvalidInput(f"a team's target is between 1 and {MAX_SUPPORTERS_PER_TEAM} supporters",
                               field="supporters_per_team")
        self.grade_ladder = list(ladder.grades)
        self.level_2_min_grade, self.level_3_min_grade = level_2_min_grade, level_3_min_grade
        self.supporters_per_team, self.updated_by, self.updated_at = supporters_per_team, by, at


@dataclass(frozen=True)
class Grading:
    """The rules that apply to one person: their organisation's, or the board's defaults."""

    ladder: GradeLadder
    level_2_min_grade: str | None
    level_3_min_grade: str
    supporters_per_team: int

    def check_level_2(self, name: str, grade: str | None) -> None:
        """A Level 2 nominee's grade must reach the organisation's minimum, when it sets one."""
        if self.level_2_min_grade is None:
            return
        shortfall = self.ladder.shortfall(grade, self.level_2_min_grade)
        if shortfall is not None:
            raise Conflict(f"{name}: {shortfall}, the Level 2 minimum here", field="nominee_id")


def grading_for(policy: OrganisationPolicy | None, default_level_3_min_grade: str) -> Grading:
    if policy is None:
        return Grading(AGENDA_FOR_CHANGE_LADDER, None, default_level_3_min_grade, DEFAULT_SUPPORTERS_PER_TEAM)
    return Grading(policy.ladder, policy.level_2_min_grade, policy.level_3_min_grade or default_level_3_min_grade,
                   policy.supporters_per_team)
