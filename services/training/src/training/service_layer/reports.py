"""Reports for the network coordinator: Level 1 coverage, the Level 2 and 3 pipeline, teams with no supporter."""

from __future__ import annotations

from typing import Any

from training.domain import reports
from training.domain.levels import COURSE_LEVELS
from training.service_layer.uow import TrainingUnitOfWork


def level_1_coverage(uow: TrainingUnitOfWork) -> dict[str, Any]:
    return reports.level_1_coverage(uow.staff.active(), uow.teams.all(), uow.completions.staff_with_level(1))


def pipeline(uow: TrainingUnitOfWork) -> list[dict[str, int]]:
    completed, lapsed = uow.completions.count_by_level(), uow.certificates.count_lapsed()
    return [
        reports.pipeline(level, uow.nominations.count_by_status(level), completed.get(level, 0), lapsed.get(level, 0))
        for level in COURSE_LEVELS
    ]


def teams_without_supporters(uow: TrainingUnitOfWork) -> list[dict[str, Any]]:
    return reports.teams_without_supporters(uow.staff.active(), uow.teams.all(), uow.certificates.lapsed_staff(2))
