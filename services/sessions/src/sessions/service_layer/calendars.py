"""Calendar feeds: make or rotate a person's secret feed address, stop it, and read the feed by its secret."""

from __future__ import annotations

from datetime import timedelta

from psn_shared.auth import Principal
from psn_shared.errors import NotFound
from psn_shared.ical import Entry
from sessions.adapters import ical
from sessions.domain.calendar import CalendarFeed
from sessions.domain.feedback import hash_token
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork

# How far back a feed reaches: calendar apps keep what they have already seen.
HISTORY_DAYS = 90
NO_FEED = "no such calendar feed"


def rotate(principal: Principal, uow: SessionsUnitOfWork) -> tuple[CalendarFeed, str]:
    """A new secret for the caller's feed (made on first use); the old address stops working at once."""
    at = now()
    feed = uow.calendar_feeds.get(principal.staff_id)
    if feed is None:
        feed, secret = CalendarFeed.new(principal.staff_id, at)
        uow.calendar_feeds.add(feed)
    else:
        secret = feed.rotate(at)
    uow.commit()
    return feed, secret


def feed_of(principal: Principal, uow: SessionsUnitOfWork) -> CalendarFeed:
    feed = uow.calendar_feeds.get(principal.staff_id)
    if feed is None:
        raise NotFound(NO_FEED)
    return feed


def stop(principal: Principal, uow: SessionsUnitOfWork) -> None:
    uow.calendar_feeds.remove(feed_of(principal, uow))
    uow.commit()


def entries(secret: str, uow: SessionsUnitOfWork) -> tuple[str, list[Entry]]:
    """Whose feed the secret opens, and what is in it: conversations, group sessions (booked or
    facilitated) and wellbeing reviews; an unknown secret is 404."""
    feed = uow.calendar_feeds.by_secret_hash(hash_token(secret))
    if feed is None:
        raise NotFound(NO_FEED)
    staff_id, since = feed.staff_id, now() - timedelta(days=HISTORY_DAYS)
    conversations = [ical.conversation_entry(c) for c in uow.conversations.in_calendar_of(staff_id, since)]
    return staff_id, [
        *(entry for entry in conversations if entry is not None),
        *(ical.group_session_entry(s, staff_id) for s in uow.group_sessions.booked_by(staff_id, since)),
        *(ical.review_entry(r) for r in uow.wellbeing.reviews_in_calendar_of(staff_id, since)),
    ]
