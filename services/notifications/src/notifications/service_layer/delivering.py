"""How a notice leaves: which channels, in which language, held by quiet hours or not, and the
fallback chain of a must-deliver (critical) message.

`tell()` (in reactions.py) turns notices into inbox entries and deliveries through these; the
dispatcher holds, sends and escalates them. Settings read at start-up are set here once by each
process (`configure`); the defaults serve the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from prometheus_client import Counter

from notifications.adapters.templates import common_line, configure_links
from notifications.config import NotificationsSettings
from notifications.domain.model import PUSH_CHANNELS, Channel, Delivery, DeliveryStatus, new_id
from notifications.domain.notices import Notice
from notifications.domain.preferences import Preferences
from notifications.domain.routing import Route, fallback_chain
from notifications.events import published
from notifications.service_layer.uow import DELIVERIES_CHANNEL, NotificationsUnitOfWork

UNDELIVERABLE = Counter(
    "notifications_undeliverable_total",
    "Must-deliver messages that reached their person by no channel (an operator must act)",
    ["category"],
)


@dataclass(frozen=True)
class DeliverySettings:
    default_language: str = "en"
    preferences_url: str = "http://127.0.0.1:8000/settings/notifications"
    # How long each link of a must-deliver message's fallback chain has to be confirmed.
    confirm_within_s: float = 300.0


_settings = DeliverySettings()


def configure(settings: DeliverySettings) -> None:
    global _settings  # read once at start-up, like every setting
    _settings = settings


def settings() -> DeliverySettings:
    return _settings


def configure_from(settings: NotificationsSettings) -> None:
    configure_links(settings.help_url, settings.requests_url)
    configure(DeliverySettings(default_language=settings.default_language,
                               preferences_url=settings.preferences_url,
                               confirm_within_s=settings.must_deliver_confirm_s))


def preferences_of(staff_id: str, uow: NotificationsUnitOfWork) -> Preferences:
    """The person's choices, or the defaults when they made none."""
    return uow.preferences.get(staff_id) or Preferences.defaults(staff_id, _settings.default_language)


def with_preferences_link(body: str, language: str) -> str:
    """Every email that is not critical says where to change what arrives (in each of its languages)."""
    return f"{body.rstrip()}\n\n--\n{_preferences_link(language, _settings.preferences_url)}"


@cache
def _preferences_link(language: str, url: str) -> str:
    # The same lines for every email in a language: written once, not once a message.
    return "".join(f"{line}\n" for line in common_line("preferences_link", {"preferences_url": url}, language))


@cache
def _push_title(language: str) -> str:
    return " / ".join(common_line("push_title", {}, language))


def send_alone(delivery: Delivery, language: str, now: datetime) -> None:
    """A collected email whose category left the digest goes now, by itself: with the preferences link
    the digest would have carried for it."""
    delivery.digest = False
    delivery.body = with_preferences_link(delivery.body, language)
    delivery.hold(now)


def digest_text(items: list[tuple[str, str]], language: str) -> tuple[str, str]:
    """The daily digest: each collected email's subject and text in turn, and the preferences link once."""
    subject = " / ".join(common_line("digest_subject", {"count": len(items)}, language))
    parts = [f"{item_subject}\n{'=' * min(len(item_subject), 70)}\n\n{item_body.strip()}"
             for item_subject, item_body in items]
    return subject, with_preferences_link("\n\n\n".join(parts), language)


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    short: str


def delivery_for(route: Route, event_id: str, notice: Notice, text: Text, language: str, now: datetime,
                 **extra: object) -> Delivery:
    """The delivery of `text` on `route`: emails in full; push and text messages the short line only."""
    if route.channel == Channel.EMAIL:
        # Critical emails stand alone; the digest carries the link once, at its foot.
        plain = notice.critical or bool(extra.get("digest"))
        body = text.body if plain else with_preferences_link(text.body, language)
        subject = text.subject
    else:
        # Push and text messages carry no subject of their own: a neutral title, in the person's language.
        subject, body = _push_title(language), text.short
    return Delivery(
        event_id=event_id, recipient_id=notice.recipient.staff_id, channel=route.channel, address=route.address,
        subject=subject, body=body, created_at=now, next_attempt_at=now, kind=notice.kind,
        category=notice.category.value, critical=notice.critical, regarding=notice.regarding,
        stale_after=notice.stale_after, **extra,
    )


def start_chain(event_id: str, notice: Notice, text: Text, language: str, now: datetime,
                uow: NotificationsUnitOfWork, *, steps: list[list[Route]] | None = None) -> bool:
    """A must-deliver message's fallback chain: every link written now, with its text; the first due
    at once, the others on standby. Whether anything was queued."""
    person = notice.recipient
    if steps is None:
        steps = fallback_chain(person, uow.devices.of_person(person.staff_id))
    chain_id = new_id()
    if not steps:
        return _nowhere_to_send(chain_id, event_id, notice, text, language, now, uow)
    confirm_by = now + timedelta(seconds=_settings.confirm_within_s)
    queued = False
    for number, step in enumerate(steps):
        for route in step:
            delivery = delivery_for(route, event_id, notice, text, language, now, chain_id=chain_id, step=number)
            if number == 0:
                delivery.confirm_by = confirm_by
            else:
                delivery.status = DeliveryStatus.STANDBY
            queued |= uow.deliveries.add_once(delivery) and number == 0
    return queued


NOWHERE = "not sent: the person has no device, phone or email to reach them by"


def _nowhere_to_send(chain_id: str, event_id: str, notice: Notice, text: Text, language: str, now: datetime,
                     uow: NotificationsUnitOfWork) -> bool:
    """No link at all: one failed at once, so the delivery log shows it and the dispatcher raises the
    alarm (the event and its metric, which live there) as for a chain whose every link failed."""
    unreachable = delivery_for(Route(Channel.EMAIL, ""), event_id, notice, text, language, now,
                               chain_id=chain_id, step=0)
    unreachable.give_up(NOWHERE)
    unreachable.body = ""  # never to be sent: the text stays with the inbox entry
    unreachable.confirm_by = now  # overdue at once: the dispatcher's next pass gives the alarm
    return uow.deliveries.add_once(unreachable)


def confirmed(attempt: Delivery, uow: NotificationsUnitOfWork) -> bool:
    """Email and text: the provider took it. Push: the person opened the message (its inbox entry is read)."""
    if attempt.status != DeliveryStatus.SENT:
        return False
    if attempt.channel in PUSH_CHANNELS:
        return uow.inbox.read_for(attempt.event_id, attempt.recipient_id)
    return True


def advance(chain_id: str, now: datetime, uow: NotificationsUnitOfWork) -> None:
    """The current link failed or its deadline passed: settle it, then try the next link, or, after
    the last, raise the alarm (an event and a metric). Every attempt stays in the delivery log; one
    that never went is marked failed with the reason."""
    attempts = uow.deliveries.in_chain(chain_id)
    tried = [a for a in attempts if a.status not in (DeliveryStatus.STANDBY, DeliveryStatus.CANCELLED)]
    step = max((a.step or 0 for a in tried), default=0)
    current = [a for a in tried if (a.step or 0) == step]
    standby = [a for a in attempts if a.status == DeliveryStatus.STANDBY]
    if any(confirmed(a, uow) for a in current):
        for attempt in current:
            attempt.confirm()
        for attempt in standby:
            attempt.cancel()
        return
    if any(not a.given_up and a.confirm_by and a.confirm_by > now for a in current):
        return  # another device of this link is still being tried, or may yet be opened, in time
    for attempt in current:
        if attempt.status == DeliveryStatus.PENDING:
            attempt.give_up(f"not confirmed within {_settings.confirm_within_s:g} s; the next channel is tried")
        elif not attempt.last_error:
            attempt.last_error = "sent but not opened in time; the next channel is tried"
        attempt.confirm()
    if standby:
        following = min(a.step or 0 for a in standby)
        confirm_by = now + timedelta(seconds=_settings.confirm_within_s)
        for attempt in standby:
            if attempt.step == following:
                attempt.activate(now, confirm_by)
        uow.notify_on_commit(DELIVERIES_CHANNEL)
        return
    UNDELIVERABLE.labels(category=attempts[0].category or "").inc()
    uow.publish(published.delivery_undeliverable(attempts, now))
