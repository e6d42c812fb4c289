"""The dispatcher against a real SMTP server (aiosmtpd) and a real PostgreSQL."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from notifications.adapters.email import SmtpProvider
from notifications.domain.model import Channel, Delivery, StaffCopy
from notifications.domain.notices import Notice
from notifications.domain.sending import Message as SendingMessage
from notifications.domain.sending import Result
from notifications.service_layer import reactions
from notifications.service_layer.dispatcher import Dispatcher
from psn_shared.events import Envelope
from psn_shared.testing.infra import wait_for


class Mailbox:
    """An SMTP server's handler: refuses the first `refusals` emails with a 451, then keeps the rest."""

    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.received: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 try again later"
        self.received.append(message_from_bytes(envelope.original_content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(mailbox: Mailbox) -> Iterator[str]:
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


@contextmanager
def running(dispatcher: Dispatcher) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=dispatcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        with dispatcher.engine.begin() as conn:
            conn.execute(text("NOTIFY psn_deliveries"))  # wake it from its sweep-long sleep to see `stop`
        thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.fixture
def dispatcher_for(app, make_uow):
    def build(smtp_url: str, *, retry_delays_s=(0.05, 0.05), sweep_s: float = 0.05) -> Dispatcher:
        return Dispatcher(
            app.extensions["psn.engine"], make_uow,
            {Channel.EMAIL: SmtpProvider(smtp_url, "PSN <no-reply@psn.test>", timeout_s=5)},
            retry_delays_s=retry_delays_s, sweep_s=sweep_s,
        )

    return build


def told_of_a_role(deliver, person) -> dict:
    ann = person("Ann Smith")
    deliver(Envelope.new("identity.role.granted", {
        "staff_id": ann["staff_id"], "role": "trainer", "reason": "Level 3 completed", "granted_by": None,
        "granted_at": datetime(2026, 11, 20, tzinfo=UTC), "monthly_hours": None,
    }, source="identity"))
    return ann


def listening(make_uow) -> bool:
    with make_uow() as uow:
        return uow.session.execute(text(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN psn_deliveries'"
        )).first() is not None


def the_delivery(make_uow) -> Delivery:
    with make_uow() as uow:
        (delivery,) = uow.deliveries.page(recipient_id=None, status=None, limit=10, offset=0)[0]
        return delivery


def test_a_queued_email_is_sent_at_once_and_marked_sent(deliver, person, make_uow, dispatcher_for):
    mailbox = Mailbox()
    with smtp_server(mailbox) as url, running(dispatcher_for(url, sweep_s=30)):
        wait_for(lambda: listening(make_uow), timeout=5, what="the dispatcher to LISTEN")
        ann = told_of_a_role(deliver, person)
        # The sweep is 30s away: only the NOTIFY at commit can make this quick.
        sent = wait_for(lambda: the_delivery(make_uow).status == "sent" and the_delivery(make_uow), timeout=5,
                        what="the email to be sent")
    (email,) = mailbox.received
    assert email["To"] == ann["email"]
    assert email["Subject"] == "You are now a peer support trainer"
    assert email["Message-ID"] == f"<{sent.id}@notifications.psn>"
    assert "Dear Ann Smith," in email.get_payload()
    assert (sent.attempts, sent.last_error) == (1, None)


def test_a_refused_email_is_retried_with_backoff_until_it_goes_and_the_log_shows_each_attempt(
        deliver, person, make_uow, dispatcher_for, client, auth):
    mailbox = Mailbox(refusals=1)
    with smtp_server(mailbox) as url, running(dispatcher_for(url)):
        ann = told_of_a_role(deliver, person)
        sent = wait_for(lambda: the_delivery(make_uow).status == "sent" and the_delivery(make_uow), timeout=5,
                        what="the email to be sent on its second attempt")
    assert sent.attempts == 2
    assert len(mailbox.received) == 1
    (logged,) = client.get("/api/v1/deliveries", headers=auth(ann["staff_id"])).json["items"]
    first, second = logged["attempt_log"]
    assert (first["number"], first["result"], second["number"], second["result"]) == (1, "failed", 2, "sent")
    assert "451" in first["reason"] and second["reason"] is None
    assert first["at"] < second["at"]


def test_an_email_that_never_goes_is_marked_failed_after_the_last_attempt(deliver, person, make_uow, dispatcher_for):
    mailbox = Mailbox(refusals=99)
    with smtp_server(mailbox) as url, running(dispatcher_for(url, retry_delays_s=(0.05,))):
        told_of_a_role(deliver, person)
        failed = wait_for(lambda: the_delivery(make_uow).status == "failed" and the_delivery(make_uow), timeout=5,
                          what="the email to be given up")
    assert failed.attempts == 2
    assert "451" in failed.last_error
    assert mailbox.received == []


def test_an_unreachable_server_is_retried_like_any_failure(deliver, person, make_uow, dispatcher_for):
    told_of_a_role(deliver, person)
    dispatcher = dispatcher_for(f"smtp://127.0.0.1:{free_port()}", retry_delays_s=(3600.0,))
    assert dispatcher.drain() == 1
    delivery = the_delivery(make_uow)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > datetime.now(UTC)
    assert dispatcher.drain() == 0  # not due again for an hour


def test_nothing_due_sends_nothing(dispatcher_for):
    assert dispatcher_for(f"smtp://127.0.0.1:{free_port()}").drain() == 0


class RefusingMailbox(Mailbox):
    """An SMTP server that knows no such user: a permanent 550 for every recipient."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        return "550 5.1.1 no such user"


def test_a_must_deliver_email_refused_for_good_alerts_an_operator_through_the_outbox(
        deliver, make_uow, dispatcher_for):
    ann = str(uuid.uuid4())
    deliver(Envelope.new("identity.password_reset.requested", {
        "staff_id": ann, "name": "Ann Smith", "email": "ann@psn.test",
        "reset_url": "https://psn.test/reset#token=secret", "expires_at": datetime(2030, 1, 1, tzinfo=UTC),
    }, source="identity"))
    with smtp_server(RefusingMailbox()) as url:
        assert dispatcher_for(url).drain() == 1
    failed = the_delivery(make_uow)
    assert (failed.status, failed.critical, failed.kind) == ("failed", True, "password_reset")
    assert "550" in failed.last_error
    with make_uow() as uow:
        bodies = uow.session.execute(text(
            "SELECT body FROM outbox WHERE routing_key = 'notifications.delivery.undeliverable'")).scalars().all()
    (alert,) = [json.loads(body)["data"] for body in bodies]
    assert (alert["recipient_id"], alert["kind"], alert["channels_tried"]) == (ann, "password_reset", ["email"])
    assert "secret" not in json.dumps(alert)


def test_a_welcome_sent_again_reaches_the_person_a_second_time_with_its_own_link(deliver, dispatcher_for):
    """Decision 86: each welcome is an event of its own, so the second is sent, not taken for the first again."""
    nia = str(uuid.uuid4())
    for token in ("first", "again"):
        deliver(Envelope.new("identity.staff.welcomed", {
            "staff_id": nia, "name": "Nia Newcomer", "email": "nia@psn.test",
            "set_password_url": f"https://psn.test/reset-password#token={token}",
            "expires_at": datetime(2030, 1, 1, tzinfo=UTC),
        }, source="identity"))
    mailbox = Mailbox()
    with smtp_server(mailbox) as url:
        assert dispatcher_for(url).drain() == 2
    assert [email["To"] for email in mailbox.received] == ["nia@psn.test"] * 2
    links = sorted(email.get_payload(decode=True).decode().split("#token=")[1].split()[0] for email in mailbox.received)
    assert links == ["again", "first"]


def test_a_must_deliver_message_to_someone_with_no_device_phone_or_email_alerts_an_operator(make_uow, dispatcher_for):
    ann = StaffCopy(staff_id=str(uuid.uuid4()), name="Ann Smith", as_of=datetime.now(UTC), email="")
    urgent = Notice(ann, "referral_urgent", {"name": ann.name, "request_id": str(uuid.uuid4()),
                                             "referral_id": str(uuid.uuid4())}, critical=True)
    with make_uow() as uow:
        reactions.tell(str(uuid.uuid4()), [urgent], uow)
        uow.commit()
    dispatcher_for(f"smtp://127.0.0.1:{free_port()}").drain()
    logged = the_delivery(make_uow)
    assert (logged.status, logged.critical, logged.confirm_by) == ("failed", True, None)
    with make_uow() as uow:
        bodies = uow.session.execute(text(
            "SELECT body FROM outbox WHERE routing_key = 'notifications.delivery.undeliverable'")).scalars().all()
    (alert,) = [json.loads(body)["data"] for body in bodies]
    assert (alert["recipient_id"], alert["kind"], alert["channels_tried"]) == (ann.staff_id, "referral_urgent", [])


def email_to(address: str) -> SendingMessage:
    now = datetime.now(UTC)
    return SendingMessage(Delivery(event_id=str(uuid.uuid4()), recipient_id=str(uuid.uuid4()), channel=Channel.EMAIL,
                                   address=address, subject="Mae neges newydd i chi", body="Annwyl Siân,",
                                   created_at=now, next_attempt_at=now))


@pytest.mark.parametrize("smtputf8", [True, False])
def test_an_address_in_its_own_alphabet_goes_by_smtputf8_and_never_holds_up_the_others(smtputf8):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=smtputf8)
    controller.start()
    provider = SmtpProvider(f"smtp://127.0.0.1:{controller.port}", "Peer Support Network <no-reply@psn.invalid>")
    try:
        outcomes = provider.send([email_to("siân.uwch@psn.test"), email_to("lee.line@psn.test")])
    finally:
        provider.close()
        controller.stop()
    assert outcomes[1].result == Result.SENT
    if smtputf8:
        assert outcomes[0].result == Result.SENT
        assert len(mailbox.received) == 2
    else:
        assert outcomes[0].result == Result.FAILED and "SMTPUTF8" in outcomes[0].reason
        assert [m["To"] for m in mailbox.received] == ["lee.line@psn.test"]


class ConnectionCountingMailbox(Mailbox):
    """Keeps which connection (the client's port) each email came over, and refuses one address."""

    def __init__(self) -> None:
        super().__init__()
        self.peers: set[int] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if address == "gone@psn.test":
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.peers.add(session.peer[1])
        return await super().handle_DATA(server, session, envelope)


def test_a_batch_is_shared_among_connections_side_by_side_and_each_email_keeps_its_own_outcome():
    mailbox = ConnectionCountingMailbox()
    addresses = [f"person{n}@psn.test" for n in range(9)]
    addresses[5] = "gone@psn.test"
    with smtp_server(mailbox) as url:
        provider = SmtpProvider(url, "Peer Support Network <no-reply@psn.invalid>", connections=3)
        try:
            outcomes = provider.send([email_to(address) for address in addresses])
            again = provider.send([email_to("person9@psn.test")])
        finally:
            provider.close()
    assert [o.result for o in outcomes] == [Result.GONE if n == 5 else Result.SENT for n in range(9)]
    assert again[0].result == Result.SENT
    received = sorted(m["To"] for m in mailbox.received)
    assert received == sorted([a for a in addresses if a != "gone@psn.test"] + ["person9@psn.test"])
    assert len(mailbox.peers) == 3  # three connections side by side, the first kept for the next batch
