"""The API's use cases and the dispatcher's, on the fakes: what changed, and whether it committed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from notifications.domain.model import Channel, Delivery, DeliveryStatus, InboxEntry
from notifications.service_layer import commands, queries
from notifications.service_layer.dispatcher import Dispatcher, dispatch_due
from psn_shared.db import utcnow
from psn_shared.errors import NotFound
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork, providers
from services.notifications.tests.service_layer.support import new_id


def entry(recipient_id: str, subject: str = "Hello", minutes_ago: int = 0) -> InboxEntry:
    return InboxEntry(recipient_id=recipient_id, event_id=new_id(), kind="role_granted", subject=subject,
                      body="Dear Ann,\n", created_at=utcnow() - timedelta(minutes=minutes_ago))


def email(address: str = "ann@psn.test", due_in_s: float = 0) -> Delivery:
    now = utcnow()
    return Delivery(event_id=new_id(), recipient_id=new_id(), channel=Channel.EMAIL, address=address,
                    subject="Hello", body="Dear Ann,\n", created_at=now,
                    next_attempt_at=now + timedelta(seconds=due_in_s))


def test_the_recipient_marks_an_entry_read_once_and_the_first_time_stays():
    uow, ann = FakeNotificationsUnitOfWork(), new_id()
    uow.inbox.add(mine := entry(ann))
    first = commands.mark_read(mine.id, ann, uow).read_at
    again = commands.mark_read(mine.id, ann, uow).read_at
    assert first is not None and again == first and uow.commits == 2


@pytest.mark.parametrize("whose", ["someone else's", "nobody's"])
def test_an_entry_that_is_not_the_readers_does_not_exist_for_them(whose):
    uow, ann = FakeNotificationsUnitOfWork(), new_id()
    uow.inbox.add(theirs := entry(new_id()))
    with pytest.raises(NotFound):
        commands.mark_read(theirs.id if whose == "someone else's" else new_id(), ann, uow)
    assert not theirs.read and uow.commits == 0


def test_the_inbox_is_the_readers_own_newest_first_with_unread_counted_over_all_of_it():
    uow, ann = FakeNotificationsUnitOfWork(), new_id()
    uow.inbox.add(older := entry(ann, "older", minutes_ago=5))
    uow.inbox.add(entry(ann, "newer"))
    uow.inbox.add(entry(new_id(), "not hers"))
    older.mark_read(utcnow())
    items, total, unread = queries.inbox_page(ann, 1, 0, uow)
    assert ([e.subject for e in items], total, unread) == (["newer"], 2, 1)
    assert uow.commits == 0


def test_a_batch_records_each_email_as_sent_or_to_be_retried_and_commits():
    uow = FakeNotificationsUnitOfWork()
    uow.deliveries.add(ok := email("ann@psn.test"))
    uow.deliveries.add(refused := email("gone@psn.test"))
    uow.deliveries.add(later := email("bob@psn.test", due_in_s=60))
    outbox = providers(Channel.EMAIL, refuse=("gone@psn.test",))
    assert dispatch_due(outbox, 10, (30.0,), uow) == 2
    assert outbox[Channel.EMAIL].addresses == ["ann@psn.test"]
    assert (ok.status, ok.attempts, ok.sent_at is not None) == (DeliveryStatus.SENT, 1, True)
    assert (refused.status, refused.attempts) == (DeliveryStatus.PENDING, 1)
    assert "SMTPRecipientsRefused" in refused.last_error
    assert refused.next_attempt_at > utcnow() + timedelta(seconds=25)
    assert (later.status, later.attempts) == (DeliveryStatus.PENDING, 0)
    assert uow.commits == 1


def test_nothing_due_sends_nothing_and_commits_nothing():
    uow = FakeNotificationsUnitOfWork()
    uow.deliveries.add(email(due_in_s=60))
    assert dispatch_due(providers(Channel.EMAIL), 10, (30.0,), uow) == 0
    assert uow.commits == 0


def test_the_dispatcher_drains_batch_after_batch_until_one_comes_back_short():
    uow = FakeNotificationsUnitOfWork()
    for n in range(5):
        uow.deliveries.add(email(f"person{n}@psn.test"))
    outbox = providers(Channel.EMAIL)
    dispatcher = Dispatcher(None, lambda: uow, outbox, retry_delays_s=(30.0,), batch_size=2)
    assert dispatcher.drain() == 5
    assert len(outbox[Channel.EMAIL].sent) == 5 and outbox[Channel.EMAIL].batches == 3
