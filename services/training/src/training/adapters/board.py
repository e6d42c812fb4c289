"""What training counts for the board's quarterly report: courses completed, and Level 1 coverage."""

from __future__ import annotations

import abc
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psn_shared.db import on_books_at_start_of
from training.adapters import orm


class BoardFigures(abc.ABC):
    @abc.abstractmethod
    def completed_by_level(self, first_day: date, after_last_day: date) -> dict[int, int]:
        """People who completed each level with a completion dated in [first_day, after_last_day)."""

    @abc.abstractmethod
    def level_1_coverage(self, before: date) -> tuple[int, int]:
        """(staff on the books when `before` began, those of them with Level 1 completed before it)."""


class SqlBoardFigures(BoardFigures):
    def __init__(self, session: Session) -> None:
        self.session = session

    def completed_by_level(self, first_day: date, after_last_day: date) -> dict[int, int]:
        c = orm.level_completions.c
        query = (select(c.level, func.count(func.distinct(c.staff_id)))
                 .where(c.completed_on >= first_day, c.completed_on < after_last_day).group_by(c.level))
        return dict(self.session.execute(query).all())

    def level_1_coverage(self, before: date) -> tuple[int, int]:
        s, c = orm.staff.c, orm.level_completions.c
        active = select(s.staff_id).where(on_books_at_start_of(orm.staff, before))
        staff = self.session.scalar(select(func.count()).select_from(active.subquery())) or 0
        trained = self.session.scalar(
            select(func.count(func.distinct(c.staff_id)))
            .where(c.level == 1, c.completed_on < before, c.staff_id.in_(active))
        ) or 0
        return staff, trained
