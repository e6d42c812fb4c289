from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from notifications.adapters.email import to_email
from notifications.domain.model import Channel, Delivery, DeliveryStatus, InboxEntry, StaffCopy
from psn_shared.events.contracts import StaffSnapshot

NOW = datetime(2026, 11, 1, 9, tzinfo=UTC)


def delivery() -> Delivery:
    return Delivery(event_id="e1", recipient_id="r1", channel=Channel.EMAIL, address="ann@psn.test",
                    subject="Hello", body="Dear Ann,\n", created_at=NOW, next_attempt_at=NOW)


def test_a_failed_email_waits_for_the_next_delay_then_fails_for_good():
    email = delivery()
    email.record_failure("451 try later", NOW, (10.0, 60.0))
    first_retry = NOW + timedelta(seconds=10)
    assert (email.status, email.attempts, email.next_attempt_at) == (DeliveryStatus.PENDING, 1, first_retry)
    email.record_failure("451 try later", NOW, (10.0, 60.0))
    assert (email.status, email.next_attempt_at) == (DeliveryStatus.PENDING, NOW + timedelta(seconds=60))
    email.record_failure("451 still", NOW, (10.0, 60.0))
    assert (email.status, email.attempts, email.last_error) == (DeliveryStatus.FAILED, 3, "451 still")


def test_a_sent_email_forgets_its_earlier_error():
    email = delivery()
    email.record_failure("451 try later", NOW, (10.0,))
    email.mark_sent(NOW)
    assert (email.status, email.attempts, email.sent_at, email.last_error) == (DeliveryStatus.SENT, 2, NOW, None)


def test_reading_an_entry_twice_keeps_the_first_time():
    entry = InboxEntry(recipient_id="r1", event_id="e1", kind="k", subject="s", body="b", created_at=NOW)
    entry.mark_read(NOW)
    entry.mark_read(NOW + timedelta(hours=1))
    assert entry.read and entry.read_at == NOW


def snapshot(email: str, roles: list[str]) -> StaffSnapshot:
    return StaffSnapshot(staff_id="6f1f0a53-0c6e-4f4f-9d0c-2c7b1f7a0001", employee_number="E1", name="Ann",
                         email=email, team_id=None, grade=None, line_manager_id=None, senior_manager_id=None,
                         status="active", roles=roles)


def test_the_copy_takes_the_address_from_a_snapshot_unless_it_holds_newer_news():
    ann = StaffCopy.from_snapshot(snapshot("ann@psn.test", ["staff"]), NOW)
    assert (ann.email, ann.roles, ann.as_of) == ("ann@psn.test", ["staff"], NOW)
    assert not ann.apply_snapshot(snapshot("old@psn.test", ["staff", "trainer"]), NOW - timedelta(seconds=1))
    assert (ann.email, ann.roles) == ("ann@psn.test", ["staff"])
    assert ann.apply_snapshot(snapshot("new@psn.test", ["trainer", "staff"]), NOW + timedelta(seconds=1))
    assert (ann.email, ann.roles) == ("new@psn.test", ["staff", "trainer"])


def test_the_message_id_comes_from_the_delivery():
    email = delivery()
    message = message_from_bytes(to_email(email, "PSN <no-reply@psn.test>"), policy=policy.default)
    assert message["Message-ID"] == f"<{email.id}@notifications.psn>"
    assert (message["To"], message["Subject"], message["From"]) == ("ann@psn.test", "Hello", "PSN <no-reply@psn.test>")


def test_welsh_and_long_texts_reach_the_reader_as_written():
    email = delivery()
    email.subject = "Mae eich rôl wedi newid: hyfforddwr cymorth gan gymheiriaid ŵ ŷ " + " ".join(["hir"] * 20)
    email.body = "Annwyl Siân,\n\nMae'ch sesiwn wedi'i chanslo.\n" + "x" * 1200 + "\n"
    message = message_from_bytes(to_email(email, "Rhwydwaith Cymorth gan Gymheiriaid <no-reply@psn.test>"),
                                 policy=policy.default)
    assert message["Subject"] == email.subject
    assert message["From"].addresses[0].display_name == "Rhwydwaith Cymorth gan Gymheiriaid"
    assert message.get_content().replace("\r\n", "\n") == email.body
    assert all(len(line) <= 998 for line in to_email(email, "a@psn.test").split(b"\r\n"))
