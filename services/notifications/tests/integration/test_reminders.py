"""Reminders on PostgreSQL: planned by the events through their handlers, claimed by schedulers side by
side without sending one twice, re-planned and dropped; and the table on SQLite, for `make run`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import func, select

import notifications
from notifications.adapters.orm import deliveries
from notifications.adapters.reminders import SqlReminderRepository, reminders
from notifications.domain.reminders import About, Reminder, meeting_reminders
from notifications.service_layer.reminder_reactions import send_due
from notifications.service_layer.uow import uow_factory
from psn_shared.db import make_engine, utcnow
from psn_shared.events import Envelope
from psn_shared.testing.infra import wait_for

AHEAD = (utcnow() + timedelta(days=5)).replace(microsecond=0)


def booking(person: Callable[..., dict]) -> Envelope:
    ann, sue = person("Ann Smith"), person("Sue Jones")
    return Envelope.new("sessions.conversation.booked", {
        "conversation_id": "7d0c3a59-1d52-4b0e-8a53-7b0c9a0f0001", "request_id": "7d0c3a59-1d52-4b0e-8a53-7b0c9a0f0002",
        "requester_id": ann["staff_id"], "supporter_id": sue["staff_id"], "starts_at": AHEAD,
        "ends_at": AHEAD + timedelta(hours=1), "mode": "in_person", "link": None, "room": "Room 4",
    }, source="sessions")


def count(make_uow, *where) -> int:
    with make_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(reminders).where(*where))


def test_a_booking_plans_four_reminders_and_a_move_plans_them_again(make_uow, deliver, person):
    event = booking(person)
    deliver(event)
    assert count(make_uow) == 4
    later = AHEAD + timedelta(days=1)
    deliver(Envelope.new("sessions.conversation.rescheduled", {
        **{k: v for k, v in event.data.__dict__.items()}, "starts_at": later, "ends_at": later + timedelta(hours=1),
        "previous_starts_at": AHEAD, "reschedules": 1}, source="sessions"))
    assert count(make_uow) == 4
    assert count(make_uow, reminders.c.starts_at == later) == 4


def test_schedulers_side_by_side_tell_each_reminder_once(make_uow, deliver, person):
    deliver(booking(person))
    due = AHEAD - timedelta(hours=24)
    barrier = threading.Barrier(3)
    taken: list[int] = []

    def scheduler() -> None:
        barrier.wait()
        with make_uow() as uow:
            taken.append(send_due(due, uow, limit=1))
            barrier.wait()  # hold the claimed row while the others claim theirs
            uow.commit()

    threads = [threading.Thread(target=scheduler) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(taken) == [0, 1, 1]  # two due rows, three schedulers: the third finds both locked
    with make_uow() as uow:
        assert send_due(due, uow) == 0
        entries = uow.session.execute(select(func.count()).select_from(notifications.adapters.orm.inbox_entries)
                                      .where(notifications.adapters.orm.inbox_entries.c.kind == "reminder_meeting"))
        assert entries.scalar() == 2


def test_a_cancellation_drops_the_reminders_not_sent(make_uow, deliver, person):
    event = booking(person)
    deliver(event)
    with make_uow() as uow:
        send_due(AHEAD - timedelta(hours=24), uow)
        uow.commit()
    data = event.data
    deliver(Envelope.new("sessions.conversation.cancelled", {
        "conversation_id": data.conversation_id, "request_id": data.request_id, "requester_id": data.requester_id,
        "supporter_id": data.supporter_id, "starts_at": data.starts_at, "cancelled_by": data.requester_id,
        "late": False}, source="sessions"))
    assert count(make_uow) == 2  # the two sent stay, as the record of what went out
    assert count(make_uow, reminders.c.sent_at.is_(None)) == 0
    with make_uow() as uow:  # told, but their emails not yet gone (quiet hours): withdrawn, not sent
        statuses = uow.session.execute(select(deliveries.c.status, deliveries.c.regarding).where(
            deliveries.c.kind == "reminder_meeting")).all()
    assert statuses == [("cancelled", f"conversation:{data.conversation_id}")] * 2


def test_the_table_works_on_sqlite_too(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'notifications.sqlite3'}"
    config = Config()
    config.set_main_option("script_location", str(Path(notifications.__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        make_uow = uow_factory(engine)
        planned = meeting_reminders("c-1", "r-1", "s-1", AHEAD, "phone", None, None, utcnow())
        with make_uow() as uow:
            uow.reminders.plan(About.CONVERSATION, "c-1", planned)
            uow.commit()
        with make_uow() as uow:
            assert isinstance(uow.reminders, SqlReminderRepository)
            claimed = uow.reminders.claim_due(AHEAD, 10)
            assert sorted(r.id for r in claimed) == sorted(r.id for r in planned)
            assert claimed[0].starts_at == AHEAD
        command.downgrade(config, "0006")
    finally:
        engine.dispose()


def test_the_scheduler_process_sends_a_due_reminder_past_one_that_cannot_be_told_and_stops_on_sigterm(
        app, make_uow, person):
    ann, sue = person("Ann Smith"), person("Sue Jones")
    starts_at = utcnow() + timedelta(minutes=30)  # its hour-before reminder fell due half an hour ago
    good = Reminder(about=About.CONVERSATION, about_id="c-1", recipient_id=ann["staff_id"], starts_at=starts_at,
                    lead=timedelta(hours=1), details={"other_id": sue["staff_id"], "mode": "phone", "link": None,
                                                      "room": None})
    # Due first, and broken (its details lack the mode): it must not hold the good one back.
    broken = Reminder(about=About.CONVERSATION, about_id="c-2", recipient_id=ann["staff_id"],
                      starts_at=starts_at - timedelta(minutes=1), lead=timedelta(hours=1),
                      details={"other_id": sue["staff_id"]})
    with make_uow() as uow:
        uow.reminders.plan(About.CONVERSATION, "c-1", [good])
        uow.reminders.plan(About.CONVERSATION, "c-2", [broken])
        uow.commit()
    url = app.extensions["psn.engine"].url.render_as_string(hide_password=False)
    scheduler = subprocess.Popen([sys.executable, "-m", "notifications.entrypoints.scheduler"],
                                 env={**os.environ, "DATABASE_URL": url, "REMINDERS_SWEEP_S": "0.2"})
    try:
        wait_for(lambda: count(make_uow, reminders.c.sent_at.isnot(None)) == 2, timeout=30,
                 what="the scheduler to send the good reminder and set the broken one aside")
        with make_uow() as uow:
            [entry] = uow.inbox.page(ann["staff_id"], limit=10, offset=0)[0]
        assert entry.subject == "Reminder: a meeting in an hour"
    finally:
        scheduler.send_signal(signal.SIGTERM)
        assert scheduler.wait(timeout=30) == 0
