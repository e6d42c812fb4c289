"""A person's conversations as an iCalendar feed (RFC 5545), written with the `icalendar` library.

Titles are neutral (a calendar shows on shared screens): no "peer support", no names. Each
conversation keeps one UID for life; SEQUENCE is the conversation's own count of changes, so a
calendar app replaces its copy when a conversation moves, and shows it cancelled (STATUS:CANCELLED)
when it is called off. Times are written in Europe/London with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar, Event

from sessions.domain.calendar import NEUTRAL_TITLE
from sessions.domain.conversations import Conversation, ConversationStatus, london
from sessions.domain.model import Mode

PRODUCT = "-//PSN//sessions//EN"  # not spelt out: nothing in a feed says "peer support"
UID_DOMAIN = "sessions.psn"


def uid(conversation: Conversation) -> str:
    return f"{conversation.id}@{UID_DOMAIN}"


def _where(conversation: Conversation) -> tuple[str, str | None]:
    """The description, and the location when there is one."""
    if conversation.mode == Mode.VIDEO:
        return f"Video call: {conversation.link}", conversation.link
    if conversation.mode == Mode.IN_PERSON:
        return f"In person: {conversation.room}", conversation.room
    return "By phone", None


def feed(conversations: list[Conversation], generated_at: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Meetings")
    for conversation in conversations:
        if conversation.starts_at is None or conversation.ends_at is None:
            continue
        cancelled = conversation.status == ConversationStatus.CANCELLED
        description, location = _where(conversation)
        event = Event()
        event.add("uid", uid(conversation))
        event.add("dtstamp", generated_at)
        event.add("last-modified", conversation.updated_at)
        event.add("sequence", conversation.sequence)
        event.add("dtstart", london(conversation.starts_at))
        event.add("dtend", london(conversation.ends_at))
        event.add("summary", NEUTRAL_TITLE)
        event.add("description", description)
        if location:
            event.add("location", location)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        calendar.add_component(event)
    starts = [c.starts_at for c in conversations if c.starts_at is not None]
    if starts:
        # The VTIMEZONE's rules only over the years the feed spans, not London's whole history.
        calendar.add_missing_timezones(first_date=date(min(starts).year - 1, 1, 1),
                                       last_date=date(max(starts).year + 2, 1, 1))
    return calendar.to_ical()
