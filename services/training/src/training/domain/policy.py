"""The configurable numbers training's rules use: periods, thresholds, course codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Policy:
    nomination_remind_after: timedelta = timedelta(days=7)
    nomination_expire_after: timedelta = timedelta(days=28)
    certificate_validity: timedelta = timedelta(days=730)
    refresher_reminder_days: tuple[int, ...] = (60, 14)
    level_3_min_supporter_period: timedelta = timedelta(days=180)
    level_3_min_grade: str = "Band 7"
    health_board_course_code: str = "GCC 277"
    local_authority_course_codes: tuple[str, ...] = ("LA-PW-01",)
