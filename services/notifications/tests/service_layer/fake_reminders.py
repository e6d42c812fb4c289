"""The planned reminders in memory, as SqlReminderRepository keeps them."""

from __future__ import annotations

from datetime import datetime

from notifications.adapters.reminders import ReminderRepository
from notifications.domain.reminders import About, Reminder


class FakeReminderRepository(ReminderRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Reminder] = {}

    def plan(self, about: About, about_id: str, planned: list[Reminder], recipient_id: str | None = None) -> None:
        self.drop(about, about_id, recipient_id)
        for reminder in planned:
            self.rows.setdefault(reminder.id, reminder)

    def drop(self, about: About, about_id: str, recipient_id: str | None = None) -> int:
        dropped = [r.id for r in self.rows.values() if r.sent_at is None and r.about == about
                   and r.about_id == about_id and recipient_id in (None, r.recipient_id)]
        for reminder_id in dropped:
            del self.rows[reminder_id]
        return len(dropped)

    def claim_due(self, now: datetime, limit: int) -> list[Reminder]:
        due = [r for r in self.rows.values() if r.sent_at is None and r.due_at <= now]
        return sorted(due, key=lambda r: r.due_at)[:limit]

    def mark_sent(self, reminder: Reminder, at: datetime) -> None:
        self.rows[reminder.id].sent_at = at

    def about(self, about: About, about_id: str) -> list[Reminder]:
        return sorted((r for r in self.rows.values() if r.about == about and r.about_id == about_id),
                      key=lambda r: r.due_at)
