"""Training's part of the board's quarterly evaluation report: staff trained per level in the quarter,
and Level 1 coverage at its end, of the staff on the books then (started before it ended, not yet left)."""

from __future__ import annotations

from psn_shared.board_report import Measure, breakdown, coverage
from psn_shared.quarters import Quarter
from training.domain.levels import LEVELS
from training.service_layer.uow import TrainingUnitOfWork


def quarter_measures(quarter: Quarter, uow: TrainingUnitOfWork) -> list[Measure]:
    after = quarter.next().first_day
    completed = uow.board.completed_by_level(quarter.first_day, after)
    staff, with_level_1 = uow.board.level_1_coverage(after)
    return [
        *breakdown("staff_trained", "Staff trained in the quarter, by level",
                   {f"Level {level}": completed.get(level, 0) for level in LEVELS}),
        *coverage("level_1_coverage", "Level 1 coverage at the quarter's end", staff, with_level_1),
    ]
