"""A person's calendar as an iCalendar feed (RFC 5545): their conversations, the group sessions they have a
place on or facilitate, and their wellbeing reviews.

Titles are neutral (a calendar shows on shared screens): no "peer support", no names, no theme.
SEQUENCE is the entry's own count of changes, so a calendar app replaces its copy when something moves,
and shows it cancelled (STATUS:CANCELLED) when it is called off or the person's place is given up; the
file itself is written by psn_shared.ical.
"""

from __future__ import annotations

from datetime import datetime

from psn_shared.ical import Entry, calendar_file
from sessions.domain.calendar import GROUP_SESSION_TITLE, NEUTRAL_TITLE, REVIEW_TITLE
from sessions.domain.conversations import Conversation, ConversationStatus
from sessions.domain.model import Mode
from sessions.domain.reflective import GroupSession, SessionStatus
from sessions.domain.wellbeing import ReviewStatus, WellbeingReview

PRODUCT = "-//PSN//sessions//EN"  # not spelt out: nothing in a feed says "peer support"
UID_DOMAIN = "sessions.psn"


def uid(thing_id: str) -> str:
    return f"{thing_id}@{UID_DOMAIN}"


def _where(link: str | None, room: str | None, phone: bool = False) -> tuple[str, str | None]:
    """The description, and the location when there is one."""
    if link:
        return f"Video call: {link}", link
    if room:
        return f"In person: {room}", room
    return ("By phone", None) if phone else ("", None)


def conversation_entry(conversation: Conversation) -> Entry | None:
    if conversation.starts_at is None or conversation.ends_at is None:
        return None
    link = conversation.link if conversation.mode == Mode.VIDEO else None
    room = conversation.room if conversation.mode == Mode.IN_PERSON else None
    description, location = _where(link, room, phone=True)
    return Entry(uid(conversation.id), conversation.starts_at, conversation.ends_at, NEUTRAL_TITLE, description,
                 location, conversation.sequence, conversation.status == ConversationStatus.CANCELLED,
                 conversation.updated_at)


def group_session_entry(session: GroupSession, staff_id: str) -> Entry:
    """Confirmed while the person has a place (or facilitates it); cancelled once either ends."""
    booking = session.booking_of(staff_id)
    facilitating = session.facilitator_id == staff_id
    holding = facilitating or (booking is not None and booking.holds_place)
    # The link only while they have a place: a waiting or cancelled entry must not keep the way in.
    description, location = _where(session.link if holding else None, session.room)
    changes = session.sequence + (booking.sequence if booking is not None and not facilitating else 0)
    updated = max(session.updated_at, booking.updated_at) if booking is not None else session.updated_at
    return Entry(uid(session.id), session.starts_at, session.ends_at, GROUP_SESSION_TITLE, description, location,
                 changes, session.status == SessionStatus.CANCELLED or not holding, updated)


def review_entry(review: WellbeingReview) -> Entry:
    description, location = _where(review.link, review.room)
    return Entry(uid(review.id), review.starts_at, review.ends_at, REVIEW_TITLE, description, location,
                 review.sequence, review.status == ReviewStatus.CANCELLED, review.updated_at)


def feed(entries: list[Entry], generated_at: datetime) -> bytes:
    return calendar_file(entries, generated_at, product=PRODUCT, name="Meetings")
