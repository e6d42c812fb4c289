"""The planned reminders: their table (migration 0007) and repository, in SQLAlchemy Core over the
unit of work's session (a reminder is a small value, rebuilt from its row)."""

from __future__ import annotations

import abc
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Index,
    Integer,
    RowMapping,
    String,
    Table,
    and_,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from notifications.adapters.orm import metadata
from notifications.domain.reminders import About, Reminder
from psn_shared.db import UtcDateTime

reminders = Table(
    "reminders",
    metadata,
    # The reminder's id is derived from what it reminds of (`Reminder.id`), so planning it twice is one row.
    Column("id", String(36), primary_key=True),
    Column("about", String(20), nullable=False),
    Column("about_id", String(36), nullable=False),
    Column("recipient_id", String(36), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("lead_s", Integer, nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("details", JSON, nullable=False),
    Column("sent_at", UtcDateTime),
)
Index("ix_reminders_about", reminders.c.about, reminders.c.about_id, reminders.c.recipient_id)
# The scheduler's queue: reminders not sent yet, in the order they fall due.
Index("ix_reminders_due", reminders.c.due_at,
      postgresql_where=reminders.c.sent_at.is_(None), sqlite_where=reminders.c.sent_at.is_(None))


class ReminderRepository(abc.ABC):
    @abc.abstractmethod
    def plan(self, about: About, about_id: str, planned: list[Reminder], recipient_id: str | None = None) -> None:
        """Replace the reminders not sent yet about this thing (for this person only, if named) by `planned`;
        one already sent is not planned again."""

    @abc.abstractmethod
    def drop(self, about: About, about_id: str, recipient_id: str | None = None) -> int:
        """Forget the reminders not sent yet about this thing (for this person only, if named); how many."""

    @abc.abstractmethod
    def claim_due(self, now: datetime, limit: int) -> list[Reminder]:
        """Up to `limit` reminders due by `now` and not sent, earliest first, held by this transaction
        (another scheduler skips them)."""

    @abc.abstractmethod
    def mark_sent(self, reminder: Reminder, at: datetime) -> None: ...

    @abc.abstractmethod
    def about(self, about: About, about_id: str) -> list[Reminder]:
        """Every reminder about this thing, sent or not, by when it falls due."""


class SqlReminderRepository(ReminderRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def plan(self, about: About, about_id: str, planned: list[Reminder], recipient_id: str | None = None) -> None:
        self.drop(about, about_id, recipient_id)
        ids = [r.id for r in planned]
        kept = set(self.session.scalars(select(reminders.c.id).where(reminders.c.id.in_(ids)))) if ids else set()
        rows = [_row(r) for r in planned if r.id not in kept]
        if rows:
            self.session.execute(insert(reminders), rows)

    def drop(self, about: About, about_id: str, recipient_id: str | None = None) -> int:
        result = self.session.execute(delete(reminders).where(_about(about, about_id, recipient_id),
                                                              reminders.c.sent_at.is_(None)))
        return result.rowcount

    def claim_due(self, now: datetime, limit: int) -> list[Reminder]:
        rows = self.session.execute(
            select(reminders)
            .where(reminders.c.sent_at.is_(None), reminders.c.due_at <= now)
            .order_by(reminders.c.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).mappings()
        return [_reminder(row) for row in rows]

    def mark_sent(self, reminder: Reminder, at: datetime) -> None:
        reminder.sent_at = at
        self.session.execute(update(reminders).where(reminders.c.id == reminder.id).values(sent_at=at))

    def about(self, about: About, about_id: str) -> list[Reminder]:
        rows = self.session.execute(
            select(reminders).where(_about(about, about_id, None)).order_by(reminders.c.due_at)).mappings()
        return [_reminder(row) for row in rows]


def _about(about: About, about_id: str, recipient_id: str | None) -> ColumnElement[bool]:
    condition = and_(reminders.c.about == about.value, reminders.c.about_id == about_id)
    return and_(condition, reminders.c.recipient_id == recipient_id) if recipient_id else condition


def _row(reminder: Reminder) -> dict:
    return {
        "id": reminder.id, "about": reminder.about.value, "about_id": reminder.about_id,
        "recipient_id": reminder.recipient_id, "starts_at": reminder.starts_at,
        "lead_s": int(reminder.lead.total_seconds()), "due_at": reminder.due_at, "details": reminder.details,
        "sent_at": reminder.sent_at,
    }


def _reminder(row: RowMapping) -> Reminder:
    return Reminder(about=About(row["about"]), about_id=row["about_id"], recipient_id=row["recipient_id"],
                    starts_at=row["starts_at"], lead=timedelta(seconds=row["lead_s"]), details=row["details"],
                    sent_at=row["sent_at"])
