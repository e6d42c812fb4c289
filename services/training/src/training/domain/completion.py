"""Completing a course: the rule that brings a cohort place, its nomination and the level's competences together."""

from __future__ import annotations

from datetime import datetime

from psn_shared.errors import Conflict
from training.domain.cohorts import Cohort, Place
from training.domain.levels import Competence, CompletionSource, LevelCompletion
from training.domain.nominations import Nomination, NominationStatus


def missing_for_completion(cohort: Cohort, seat: Place, competences: list[Competence]) -> list[str]:
    """What still stands between this participant and completion, in words (empty: nothing)."""
    missing = [f"attendance on {day.isoformat()}" for day in sorted(cohort.dates - seat.days_attended())]
    signed = seat.signed_off()
    missing += [f"competence {c.code} ({c.title})" for c in competences if not c.retired and c.id not in signed]
    return missing


def complete_course(
    cohort: Cohort,
    seat: Place,
    nomination: Nomination,
    competences: list[Competence],
    *,
    already_complete: bool,
    recorded_by: str,
    at: datetime,
) -> LevelCompletion:
    """Completion needs every course day attended and every competence of the level signed off."""
    cohort.check_completing()
    if already_complete:
        raise Conflict(f"Level {cohort.level} is already recorded as complete", field="staff_id")
    if nomination.status != NominationStatus.BOOKED or seat.nomination_id != nomination.id:
        raise Conflict("this person is not booked on this cohort with an approved nomination", field="staff_id")
    missing = missing_for_completion(cohort, seat, competences)
    if missing:
        raise Conflict(f"not yet complete: missing {'; '.join(missing)}", field="staff_id")
    nomination.complete(at)
    return LevelCompletion(
        staff_id=seat.staff_id, level=cohort.level, completed_on=at.date(), source=CompletionSource.COHORT,
        recorded_by=recorded_by, recorded_at=at, cohort_id=cohort.id, nomination_id=nomination.id,
    )
