"""Reports for the network coordinator: Level 1 coverage, the Level 2 and 3 pipeline, teams with no supporter."""

from __future__ import annotations

from typing import Any

from training.domain import reports, suppressed_reports
from training.domain.grading import DEFAULT_SUPPORTERS_PER_TEAM
from training.domain.levels import COURSE_LEVELS
from training.service_layer.uow import TrainingUnitOfWork


def level_1_coverage(uow: TrainingUnitOfWork) -> dict[str, Any]:
    """Small counts suppressed (and a second withheld where a total would give one away)."""
    counted = reports.level_1_coverage(uow.staff.active(), uow.teams.all(), uow.completions.staff_with_level(1))
    return suppressed_reports.level_1_coverage(counted)


def pipeline(uow: TrainingUnitOfWork) -> list[dict[str, Any]]:
    """Small counts suppressed."""
    completed, lapsed = uow.completions.count_by_level(), uow.certificates.count_lapsed()
    return [
        suppressed_reports.pipeline(reports.pipeline(
            level, uow.nominations.count_by_status(level), completed.get(level, 0), lapsed.get(level, 0)))
        for level in COURSE_LEVELS
    ]


def supporter_coverage(uow: TrainingUnitOfWork) -> dict[str, Any]:
    """Each team's supporters against the "more than one supporter per team" target of its organisation."""
    targets: dict[str | None, int] = {p.organisation_id: p.supporters_per_team for p in uow.organisation_policies.all()}
    targets[None] = DEFAULT_SUPPORTERS_PER_TEAM
    return reports.supporter_coverage(uow.staff.active(), uow.teams.all(), uow.certificates.lapsed_staff(2), targets)


def teams_without_supporters(uow: TrainingUnitOfWork) -> list[dict[str, Any]]:
    return reports.teams_without_supporters(uow.staff.active(), uow.teams.all(), uow.certificates.lapsed_staff(2))
