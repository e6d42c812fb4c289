"""The dispatcher keeps no reset link once the email has gone: a sent email's body is blanked."""

from __future__ import annotations

from datetime import UTC, datetime

from notifications.domain.model import Channel, Delivery, DeliveryStatus
from notifications.service_layer import reactions
from notifications.service_layer.dispatcher import dispatch_due
from psn_shared.events.contracts import PasswordResetRequested
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork, providers
from services.notifications.tests.service_layer.support import new_id

LINK = "https://psn.test/reset-password#token=secret-123"


def reset_email(uow: FakeNotificationsUnitOfWork, address: str) -> Delivery:
    request = PasswordResetRequested(staff_id=new_id(), name="Ann Example", email=address, reset_url=LINK,
                                     expires_at=datetime(2026, 11, 20, 10, 30, tzinfo=UTC))
    reactions.password_reset_requested(new_id(), request, uow)
    return next(d for d in uow.deliveries if d.address == address)


def test_a_sent_reset_email_keeps_no_link_and_an_unsent_one_keeps_it_for_the_retry():
    uow = FakeNotificationsUnitOfWork()
    sent, refused = reset_email(uow, "ann@psn.test"), reset_email(uow, "gone@psn.test")
    assert LINK in sent.body
    assert dispatch_due(providers(Channel.EMAIL, refuse=("gone@psn.test",)), 10, (30.0,), uow) == 2
    assert (sent.status, sent.body) == (DeliveryStatus.SENT, "")
    assert refused.status == DeliveryStatus.PENDING and LINK in refused.body
    assert uow.commits == 1
