"""Sessions' tables for conversations, supporters' availability, anonymous feedback and calendar feeds.

The feedback tables hold no requester id and no conversation id, by design (domain/feedback.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Time,
    TypeDecorator,
    false,
)

from psn_shared.db import EnumString, UtcDateTime
from sessions.adapters.orm.base import mapper_registry, metadata
from sessions.domain.availability import AvailabilityWindow, Leave
from sessions.domain.calendar import CalendarFeed
from sessions.domain.conversations import Conversation, ConversationStatus, Slot
from sessions.domain.feedback import FeedbackInvitation, FeedbackResponse, Helped
from sessions.domain.model import Mode


class SlotList(TypeDecorator[list[Slot]]):
    """The proposed slots, as a JSON list of [start, end] UTC ISO strings (read back as `Slot`s)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: list[Slot] | None, dialect: Any) -> list[list[str]] | None:
        if value is None:
            return None
        return [[slot.starts_at.isoformat(), slot.ends_at.isoformat()] for slot in value]

    def process_result_value(self, value: list[list[str]] | None, dialect: Any) -> list[Slot] | None:
        if value is None:
            return None
        return [Slot(datetime.fromisoformat(start), datetime.fromisoformat(end)) for start, end in value]


conversations = Table(
    "conversations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("request_id", String(36), nullable=False, index=True),
    Column("requester_id", String(36), nullable=False),
    Column("supporter_id", String(36), nullable=False),
    Column("proposed_by", String(36), nullable=False),
    Column("slots", SlotList, nullable=False),
    Column("mode", EnumString(Mode, 20), nullable=False),
    Column("link", String(500)),
    Column("room", String(100)),
    Column("status", EnumString(ConversationStatus, 20), nullable=False),
    Column("proposals", Integer, nullable=False),
    Column("starts_at", UtcDateTime),
    Column("ends_at", UtcDateTime),
    Column("reschedules", Integer, nullable=False),
    Column("reschedule_reason", String(500)),
    Column("sequence", Integer, nullable=False),
    Column("cancelled_by", String(36)),
    Column("cancel_reason", String(500)),
    Column("late_cancellation", Boolean, nullable=False, server_default=false()),
    Column("outcome_by", String(36)),
    Column("feedback_invited", Boolean, nullable=False, server_default=false()),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The busy-time query and the calendar feed look conversations up by person and time.
    Index("ix_conversations_supporter_starts", "supporter_id", "starts_at"),
    Index("ix_conversations_requester_starts", "requester_id", "starts_at"),
    # The weekly-conversations cap counts a week's conversations for every candidate at once.
    Index("ix_conversations_starts_at", "starts_at"),
)

availability_windows = Table(
    "availability_windows",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("supporter_id", String(36), nullable=False, index=True),
    Column("weekday", SmallInteger, nullable=False),
    Column("starts", Time, nullable=False),
    Column("ends", Time, nullable=False),
)

supporter_leave = Table(
    "supporter_leave",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("supporter_id", String(36), nullable=False, index=True),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
)

feedback_invitations = Table(
    "feedback_invitations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("supporter_id", String(36), nullable=False),
    Column("week_of", Date, nullable=False),
    Column("expires_on", Date, nullable=False, index=True),
)

feedback_responses = Table(
    "feedback_responses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("supporter_id", String(36), nullable=False, index=True),
    Column("week_of", Date, nullable=False),
    Column("rating", SmallInteger, nullable=False),
    Column("helped", EnumString(Helped, 10), nullable=False),
    Column("comment", String(1000)),
    Column("released", Boolean, nullable=False, server_default=false()),
)

calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("rotated_at", UtcDateTime, nullable=False),
)


def map_classes() -> None:
    mapper_registry.map_imperatively(Conversation, conversations)
    mapper_registry.map_imperatively(AvailabilityWindow, availability_windows)
    mapper_registry.map_imperatively(Leave, supporter_leave)
    mapper_registry.map_imperatively(FeedbackInvitation, feedback_invitations)
    mapper_registry.map_imperatively(FeedbackResponse, feedback_responses)
    mapper_registry.map_imperatively(CalendarFeed, calendar_feeds)
