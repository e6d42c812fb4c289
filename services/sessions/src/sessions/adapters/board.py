"""What sessions counts for the board's quarterly report: aggregates only, never who."""

from __future__ import annotations

import abc
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psn_shared.db import on_books_at_start_of
from sessions.adapters.orm import conversations, referrals, reflective, support
from sessions.domain.conversations import ConversationStatus
from sessions.domain.reflective import SessionStatus
from sessions.domain.wellbeing import ReviewStatus


class BoardFigures(abc.ABC):
    """Each figure over the moments `starts_at <= t < ends_at` (days: `first_day <= d < after`)."""

    @abc.abstractmethod
    def requests_made(self, starts_at: datetime, ends_at: datetime) -> int: ...

    @abc.abstractmethod
    def hours_to_allocation(self, starts_at: datetime, ends_at: datetime) -> list[float]:
        """For each request made in the period and allocated, the hours it waited."""

    @abc.abstractmethod
    def conversations_held(self, starts_at: datetime, ends_at: datetime) -> int: ...

    @abc.abstractmethod
    def group_sessions(self, starts_at: datetime, ends_at: datetime) -> tuple[int, int]:
        """(group sessions not cancelled that began in the period, places attended at them)."""

    @abc.abstractmethod
    def referrals_by_type(self, starts_at: datetime, ends_at: datetime) -> dict[str, int]: ...

    @abc.abstractmethod
    def feedback(self, first_day: date, after: date) -> tuple[list[int], dict[str, int]]:
        """(every rating given for weeks in the period, how many said it helped: yes, partly, no)."""

    @abc.abstractmethod
    def reviews_held(self, starts_at: datetime, ends_at: datetime) -> int: ...

    @abc.abstractmethod
    def review_coverage(self, since: datetime, until: datetime, on_books: date) -> tuple[int, int]:
        """(staff on the books when the day `on_books` began, those of them with a wellbeing review held in
        [since, until))."""


class SqlBoardFigures(BoardFigures):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _count(self, query: object) -> int:
        return self.session.scalar(query) or 0

    def requests_made(self, starts_at: datetime, ends_at: datetime) -> int:
        r = support.support_requests.c
        return self._count(select(func.count()).where(r.created_at >= starts_at, r.created_at < ends_at))

    def hours_to_allocation(self, starts_at: datetime, ends_at: datetime) -> list[float]:
        r = support.support_requests.c
        rows = self.session.execute(select(r.created_at, r.allocated_at).where(
            r.created_at >= starts_at, r.created_at < ends_at, r.allocated_at.is_not(None)))
        return [(allocated - created).total_seconds() / 3600 for created, allocated in rows]

    def conversations_held(self, starts_at: datetime, ends_at: datetime) -> int:
        c = conversations.conversations.c
        return self._count(select(func.count()).where(
            c.status == ConversationStatus.ATTENDED, c.starts_at >= starts_at, c.starts_at < ends_at))

    def group_sessions(self, starts_at: datetime, ends_at: datetime) -> tuple[int, int]:
        g, b = reflective.group_sessions.c, reflective.group_bookings.c
        held = select(g.id).where(g.status != SessionStatus.CANCELLED, g.starts_at >= starts_at,
                                  g.starts_at < ends_at)
        sessions = self._count(select(func.count()).select_from(held.subquery()))
        attended = self._count(select(func.count()).where(b.session_id.in_(held), b.attended.is_(True)))
        return sessions, attended

    def referrals_by_type(self, starts_at: datetime, ends_at: datetime) -> dict[str, int]:
        r = referrals.referrals.c
        query = (select(r.service, func.count()).where(r.created_at >= starts_at, r.created_at < ends_at)
                 .group_by(r.service))
        return {str(service): n for service, n in self.session.execute(query)}

    def feedback(self, first_day: date, after: date) -> tuple[list[int], dict[str, int]]:
        f = conversations.feedback_responses.c
        rows = self.session.execute(select(f.rating, f.helped).where(f.week_of >= first_day, f.week_of < after)).all()
        helped: dict[str, int] = {}
        for _, answer in rows:
            helped[str(answer)] = helped.get(str(answer), 0) + 1
        return [rating for rating, _ in rows], helped

    def reviews_held(self, starts_at: datetime, ends_at: datetime) -> int:
        w = reflective.wellbeing_reviews.c
        return self._count(select(func.count()).where(
            w.status == ReviewStatus.HELD, w.held_at >= starts_at, w.held_at < ends_at))

    def review_coverage(self, since: datetime, until: datetime, on_books: date) -> tuple[int, int]:
        s, w = support.staff.c, reflective.wellbeing_reviews.c
        active = select(s.staff_id).where(on_books_at_start_of(support.staff, on_books))
        staff = self._count(select(func.count()).select_from(active.subquery()))
        reviewed = self._count(select(func.count(func.distinct(w.staff_id))).where(
            w.status == ReviewStatus.HELD, w.held_at >= since, w.held_at < until, w.staff_id.in_(active)))
        return staff, reviewed
