"""Sessions' tables for reflective practice: group sessions and their bookings, recurring series,
wellbeing reviews and plans, and the copy of identity's teams (for the coverage report)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import relationship

from psn_shared.db import EnumString, UtcDateTime
from sessions.adapters.orm.base import mapper_registry, metadata
from sessions.domain.reflective import Audience, Booking, BookingStatus, GroupSession, SessionStatus
from sessions.domain.series import Series
from sessions.domain.teams import Team
from sessions.domain.wellbeing import ReviewStatus, WellbeingPlan, WellbeingReview


class Minutes(TypeDecorator[timedelta]):
    """A duration kept as whole minutes (the same on PostgreSQL and SQLite)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: timedelta | None, dialect: Any) -> int | None:
        return None if value is None else int(value.total_seconds() // 60)

    def process_result_value(self, value: int | None, dialect: Any) -> timedelta | None:
        return None if value is None else timedelta(minutes=value)


group_series = Table(
    "group_series",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("facilitator_id", String(36), nullable=False, index=True),
    Column("theme", String(200), nullable=False),
    Column("rule", String(500), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("first_starts_at", UtcDateTime, nullable=False),
    Column("duration", Minutes, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("audience", EnumString(Audience, 20), nullable=False),
    Column("link", String(500)),
    Column("room", String(100)),
    Column("ended_at", UtcDateTime),
    Column("generated_until", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

group_sessions = Table(
    "group_sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("facilitator_id", String(36), nullable=False, index=True),
    Column("theme", String(200), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False, index=True),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("audience", EnumString(Audience, 20), nullable=False),
    Column("link", String(500)),
    Column("room", String(100)),
    Column("status", EnumString(SessionStatus, 20), nullable=False),
    Column("series_id", String(36), ForeignKey("group_series.id", ondelete="CASCADE"), index=True),
    Column("occurs_at", UtcDateTime),
    Column("sequence", Integer, nullable=False),
    Column("cancelled_by", String(36)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Generating a series' occurrences again makes none twice, even from two schedulers at once.
    UniqueConstraint("series_id", "occurs_at"),
)

group_bookings = Table(
    "group_bookings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("session_id", String(36), ForeignKey("group_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("staff_id", String(36), nullable=False),
    Column("status", EnumString(BookingStatus, 20), nullable=False),
    Column("booked_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("promoted_at", UtcDateTime),
    Column("attended", Boolean),
    Column("reminded", Boolean, nullable=False, server_default=false()),
    Column("sequence", Integer, nullable=False, server_default=text("0")),
    UniqueConstraint("session_id", "staff_id"),
    # The busy-time query and the calendar feed look a person's bookings up.
    Index("ix_group_bookings_staff_status", "staff_id", "status"),
)

wellbeing_reviews = Table(
    "wellbeing_reviews",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), nullable=False, index=True),
    Column("reviewer_id", String(36), nullable=False, index=True),
    Column("starts_at", UtcDateTime, nullable=False, index=True),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("link", String(500)),
    Column("room", String(100)),
    Column("status", EnumString(ReviewStatus, 20), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("held_at", UtcDateTime),
    Column("cancelled_by", String(36)),
    Column("reminded", Boolean, nullable=False, server_default=false()),
    Column("scheduled_by", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The coverage report: who had a review held since a date.
    Index("ix_wellbeing_reviews_held", "status", "held_at"),
)

wellbeing_plans = Table(
    "wellbeing_plans",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("owner_id", String(36), nullable=False, unique=True),
    Column("keeps_me_well", Text, nullable=False),
    Column("early_signs", Text, nullable=False),
    Column("what_helps", Text, nullable=False),
    Column("adjustments", Text, nullable=False),
    Column("review_on", Date, nullable=False),
    Column("review_id", String(36)),
    Column("shared_with", JSON, nullable=False, server_default=text("'[]'")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("team_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("service", String(200), nullable=False),
    Column("as_of", UtcDateTime, nullable=False),
)


def map_classes() -> None:
    mapper_registry.map_imperatively(Booking, group_bookings)
    mapper_registry.map_imperatively(GroupSession, group_sessions, properties={
        "bookings": relationship(Booking, order_by=(group_bookings.c.booked_at, group_bookings.c.id),
                                 cascade="all, delete-orphan", lazy="selectin"),
    })
    mapper_registry.map_imperatively(Series, group_series)
    mapper_registry.map_imperatively(WellbeingReview, wellbeing_reviews)
    mapper_registry.map_imperatively(WellbeingPlan, wellbeing_plans)
    mapper_registry.map_imperatively(Team, teams)
