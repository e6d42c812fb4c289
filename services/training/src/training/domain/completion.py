"""Completing a course: the rule that brings a cohort place, its nomination and the level's competences together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from psn_shared.errors import Conflict
from training.domain.certificates import Certificate
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


@dataclass(frozen=True)
class RefresherTaken:
    """A refresher completed: the holder's certificate runs again from that day."""

    staff_id: str
    level: int
    completed_on: date
    cohort_id: str
    nomination_id: str
    certificate_id: str
    expires_on: date
    recorded_by: str
    recorded_at: datetime
    source: str = "refresher"


def complete_refresher(
    cohort: Cohort,
    seat: Place,
    nomination: Nomination,
    certificate: Certificate | None,
    *,
    validity: timedelta,
    recorded_by: str,
    at: datetime,
) -> RefresherTaken:
    """A refresher needs every one of its days attended; it renews the certificate rather than the level."""
    cohort.check_completing()
    if nomination.status != NominationStatus.BOOKED or seat.nomination_id != nomination.id:
        raise Conflict("this person is not booked on this refresher", field="staff_id")
    missing = [f"attendance on {day.isoformat()}" for day in sorted(cohort.dates - seat.days_attended())]
    if missing:
        raise Conflict(f"not yet complete: missing {'; '.join(missing)}", field="staff_id")
    if certificate is None:
        raise Conflict(f"there is no Level {cohort.level} certificate to renew", field="staff_id")
    certificate.renew(at.date(), validity, at.date())
    nomination.complete(at)
    return RefresherTaken(
        staff_id=seat.staff_id, level=cohort.level, completed_on=at.date(), cohort_id=cohort.id,
        nomination_id=nomination.id, certificate_id=certificate.id, expires_on=certificate.expires_on,
        recorded_by=recorded_by, recorded_at=at,
    )
