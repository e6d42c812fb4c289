"""A line manager's own teams: how many of their people have Level 1, as the coordinators see it for all
(small counts suppressed), and never anything about support use, which training does not hold."""

from __future__ import annotations

from typing import Any

from training.domain import reports, suppressed_reports
from training.service_layer.uow import TrainingUnitOfWork


def my_teams_coverage(manager_id: str, uow: TrainingUnitOfWork) -> dict[str, Any]:
    """The teams of the people `manager_id` line-manages or senior-manages (everyone in them counted)."""
    active = uow.staff.active()
    theirs = {s.team_id for s in active if manager_id in (s.line_manager_id, s.senior_manager_id) and s.team_id}
    teams = [t for t in uow.teams.all() if t.id in theirs]
    staff = [s for s in active if s.team_id in theirs]
    counted = reports.level_1_coverage(staff, teams, uow.completions.staff_with_level(1))
    return suppressed_reports.level_1_coverage(counted)
