"""The busy-time query: every booking sessions holds, as (staff_id, starts_at, ends_at, kind, ref) rows.

Each source of bookings contributes one SELECT per person column it books; `busy()` unions them
and keeps the rows that overlap the period asked about: conversations (both people), group
sessions (those with a place, and the facilitator) and wellbeing reviews (both people).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, literal, select, union_all
from sqlalchemy.orm import Session

from sessions.adapters.orm.conversations import conversations
from sessions.adapters.orm.reflective import group_bookings, group_sessions, wellbeing_reviews
from sessions.domain.busy import Busy
from sessions.domain.conversations import ConversationStatus
from sessions.domain.reflective import BookingStatus, SessionStatus
from sessions.domain.wellbeing import ReviewStatus

# A conversation holds both people's time from booking until it is cancelled; one attended or
# missed still held the time it took.
HOLDING = (ConversationStatus.BOOKED, ConversationStatus.ATTENDED, ConversationStatus.NO_SHOW)


class BusyTimeRepository(abc.ABC):
    @abc.abstractmethod
    def busy(self, staff_ids: Iterable[str], starts_at: datetime, ends_at: datetime,
             *, excluding: str | None = None) -> list[Busy]:
        """Bookings of any of `staff_ids` overlapping [starts_at, ends_at), but the booking `excluding`."""


def sources(staff_ids: list[str], starts_at: datetime, ends_at: datetime, excluding: str | None) -> list[Select]:
    return [*_conversations(staff_ids, starts_at, ends_at, excluding),
            *_group_sessions(staff_ids, starts_at, ends_at, excluding),
            *_wellbeing_reviews(staff_ids, starts_at, ends_at, excluding)]


def _conversations(staff_ids: list[str], starts_at: datetime, ends_at: datetime, excluding: str | None
                   ) -> list[Select]:
    selects: list[Select] = []
    for person in (conversations.c.requester_id, conversations.c.supporter_id):
        query = select(
            person.label("staff_id"), conversations.c.starts_at, conversations.c.ends_at,
            literal("conversation").label("kind"), conversations.c.id.label("ref"),
        ).where(
            person.in_(staff_ids),
            conversations.c.status.in_(HOLDING),
            conversations.c.starts_at < ends_at,
            conversations.c.ends_at > starts_at,
        )
        if excluding is not None:
            query = query.where(conversations.c.id != excluding)
        selects.append(query)
    return selects


def _group_sessions(staff_ids: list[str], starts_at: datetime, ends_at: datetime, excluding: str | None
                    ) -> list[Select]:
    """A place on a scheduled session holds its time (a place on the waiting list does not), as does facilitating it."""
    s, b = group_sessions.c, group_bookings.c
    overlapping = (s.status == SessionStatus.SCHEDULED, s.starts_at < ends_at, s.ends_at > starts_at,
                   *((s.id != excluding,) if excluding is not None else ()))
    attending = select(b.staff_id.label("staff_id"), s.starts_at, s.ends_at, literal("group_session").label("kind"),
                       s.id.label("ref")).join(group_sessions, s.id == b.session_id).where(
        b.staff_id.in_(staff_ids), b.status == BookingStatus.BOOKED, *overlapping)
    facilitating = select(s.facilitator_id.label("staff_id"), s.starts_at, s.ends_at,
                          literal("group_session").label("kind"), s.id.label("ref")).where(
        s.facilitator_id.in_(staff_ids), *overlapping)
    return [attending, facilitating]


def _wellbeing_reviews(staff_ids: list[str], starts_at: datetime, ends_at: datetime, excluding: str | None
                       ) -> list[Select]:
    r = wellbeing_reviews.c
    selects: list[Select] = []
    for person in (r.staff_id, r.reviewer_id):
        query = select(person.label("staff_id"), r.starts_at, r.ends_at, literal("wellbeing_review").label("kind"),
                       r.id.label("ref")).where(
            person.in_(staff_ids), r.status.in_((ReviewStatus.SCHEDULED, ReviewStatus.HELD)),
            r.starts_at < ends_at, r.ends_at > starts_at)
        if excluding is not None:
            query = query.where(r.id != excluding)
        selects.append(query)
    return selects


class SqlBusyTimeRepository(BusyTimeRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def busy(self, staff_ids: Iterable[str], starts_at: datetime, ends_at: datetime,
             *, excluding: str | None = None) -> list[Busy]:
        people = sorted(set(staff_ids))
        if not people:
            return []
        rows = self.session.execute(union_all(*sources(people, starts_at, ends_at, excluding)))
        found = [Busy(r.staff_id, r.starts_at, r.ends_at, r.kind, r.ref) for r in rows]
        return sorted(found, key=lambda b: (b.starts_at, b.staff_id, b.ref))
