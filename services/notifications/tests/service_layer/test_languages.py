"""Each person is written to in their language: English, Welsh, or both in one message (Welsh first);
people who chose none get the configured default."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from notifications.domain import notices
from notifications.domain.model import Channel, Device, DeviceKind
from notifications.domain.preferences import Preferences
from notifications.service_layer import delivering, reactions
from psn_shared.events.contracts import StaffWelcomed
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import new_id, person


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


@pytest.fixture
def default_language() -> Iterator[Callable[[str], None]]:
    """default_language("cy+en"): the deployment's default for this test only."""
    before = delivering.settings()
    yield lambda language: delivering.configure(replace(before, default_language=language))
    delivering.configure(before)


def tell_role(uow, someone) -> None:
    reactions.tell(new_id(), notices.role_granted(someone, "trainer", None, None), uow)


def email_to(uow, someone):
    return next(d for d in uow.deliveries.of(someone.staff_id) if d.channel == Channel.EMAIL)


def test_a_person_who_chose_welsh_is_written_to_in_welsh(uow):
    ann = person(uow, "Ann Jones")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="cy"))
    tell_role(uow, ann)
    [entry] = uow.inbox.of(ann.staff_id)
    assert entry.subject == "Rôl newydd i chi: hyfforddwr cymorth gan gymheiriaid"
    email = email_to(uow, ann)
    assert email.body.startswith("Annwyl Ann Jones,") and "Dewiswch sut a phryd" in email.body
    assert "Dear" not in email.body


def test_a_person_who_chose_both_gets_one_message_welsh_first(uow):
    ann = person(uow, "Ann Jones")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language="cy+en"))
    tell_role(uow, ann)
    email = email_to(uow, ann)
    assert email.subject == ("Rôl newydd i chi: hyfforddwr cymorth gan gymheiriaid / "
                             "You are now a peer support trainer")
    assert email.body.index("Annwyl Ann Jones,") < email.body.index("Dear Ann Jones,")
    url = delivering.settings().preferences_url
    assert email.body.endswith(f"--\nDewiswch sut a phryd rydym yn cysylltu â chi: {url}\n"
                               f"Choose how and when we contact you: {url}\n")


@pytest.mark.parametrize(("language", "title"), [
    ("en", "Peer Support Network"),
    ("cy", "Rhwydwaith Cymorth gan Gymheiriaid"),
    ("cy+en", "Rhwydwaith Cymorth gan Gymheiriaid / Peer Support Network"),
])
def test_a_push_notification_s_title_is_in_the_person_s_language(uow, language, title):
    ann = person(uow, "Ann Jones")
    uow.preferences.add(Preferences(staff_id=ann.staff_id, language=language))
    uow.devices.add(Device(staff_id=ann.staff_id, kind=DeviceKind.MOBILE, address="token-ann",
                           created_at=datetime.now(UTC), platform="android"))
    tell_role(uow, ann)
    (pushed,) = [d for d in uow.deliveries.of(ann.staff_id) if d.channel == Channel.MOBILE_PUSH]
    assert pushed.subject == title


@pytest.mark.parametrize(("language", "count", "subject"), [
    ("en", 1, "Peer Support Network: 1 message from today"),
    ("en", 3, "Peer Support Network: 3 messages from today"),
    ("cy", 2, "Rhwydwaith Cymorth gan Gymheiriaid: 2 neges o heddiw"),
    ("cy+en", 2, "Rhwydwaith Cymorth gan Gymheiriaid: 2 neges o heddiw / Peer Support Network: 2 messages from today"),
])
def test_the_digest_is_titled_in_the_person_s_language_with_its_count(language, count, subject):
    items = [(f"Subject {n}", f"Text {n}") for n in range(count)]
    title, body = delivering.digest_text(items, language)
    assert title == subject
    assert body.index("Subject 0") < body.index("--\n") and delivering.settings().preferences_url in body


def test_people_who_chose_nothing_get_the_configured_default(uow, default_language):
    default_language("cy+en")
    ann = person(uow, "Ann Jones")
    tell_role(uow, ann)
    assert email_to(uow, ann).subject.startswith("Rôl newydd i chi")
    assert "You are now a peer support trainer" in email_to(uow, ann).subject


def test_a_newcomer_s_welcome_is_in_the_default_language_they_have_no_preference_yet(uow, default_language):
    default_language("cy+en")
    welcome = StaffWelcomed(staff_id=new_id(), name="Nia Newcomer", email="nia@psn.test",
                            set_password_url="https://psn.test/reset-password#token=first",
                            expires_at=datetime(2026, 11, 27, 10, 30, tzinfo=UTC))
    reactions.staff_welcomed(new_id(), welcome, uow)
    (email,) = uow.deliveries
    assert email.subject == ("Croeso i'r Rhwydwaith Cymorth gan Gymheiriaid: dewiswch eich cyfrinair / "
                             "Welcome to the Peer Support Network: choose your password")
    assert email.body.index("Annwyl Nia Newcomer,") < email.body.index("Dear Nia Newcomer,")
    assert email.body.count("https://psn.test/reset-password#token=first") == 2
