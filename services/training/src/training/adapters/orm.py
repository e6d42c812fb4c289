"""Training's tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from psn_shared.db import NAMING_CONVENTION, UtcDateTime, messaging_tables
from training.domain.model import (
    Approval,
    Cohort,
    CohortDay,
    LevelCompletion,
    Nomination,
    Place,
    StaffMember,
)

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("team_id", String(36)),
    Column("grade", String(50)),
    Column("line_manager_id", String(36), index=True),
    Column("senior_manager_id", String(36), index=True),
    Column("status", String(20), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("as_of", UtcDateTime, nullable=False),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("level", Integer, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("created_by", String(36), nullable=False),
)

cohort_days = Table(
    "cohort_days",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cohort_id", String(36), ForeignKey("cohorts.id"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("location", String(200)),
    Column("virtual_link", String(500)),
    UniqueConstraint("cohort_id", "date"),
)

nominations = Table(
    "nominations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("nominee_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("cohort_id", String(36), ForeignKey("cohorts.id"), nullable=False, index=True),
    Column("level", Integer, nullable=False),
    Column("nominated_by", String(36), nullable=False),
    Column("nominated_at", UtcDateTime, nullable=False),
    Column("status", String(30), nullable=False),
    Column("refused_by", String(36)),
    Column("refused_at", UtcDateTime),
    Column("refusal_reason", Text),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("nomination_id", String(36), ForeignKey("nominations.id"), nullable=False, index=True),
    Column("approver_id", String(36), nullable=False),
    Column("capacity", String(20), nullable=False),
    Column("monthly_hours", Integer, nullable=False),
    Column("approved_at", UtcDateTime, nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cohort_id", String(36), ForeignKey("cohorts.id"), nullable=False, index=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False),
    Column("nomination_id", String(36), ForeignKey("nominations.id"), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("placed_at", UtcDateTime, nullable=False),
)

level_completions = Table(
    "level_completions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False),
    Column("level", Integer, nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("source", String(30), nullable=False),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("cohort_id", String(36), ForeignKey("cohorts.id")),
    Column("nomination_id", String(36), ForeignKey("nominations.id")),
    # A level is completed once: this also makes concurrent recordings of it fail safe.
    UniqueConstraint("staff_id", "level"),
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(StaffMember, staff)
    mapper_registry.map_imperatively(LevelCompletion, level_completions)
    day_mapper = mapper_registry.map_imperatively(CohortDay, cohort_days, properties={"on": cohort_days.c.date})
    place_mapper = mapper_registry.map_imperatively(Place, places)
    mapper_registry.map_imperatively(
        Cohort,
        cohorts,
        properties={
            "days": relationship(day_mapper, order_by=cohort_days.c.date, lazy="selectin", cascade="all"),
            "places": relationship(place_mapper, order_by=places.c.placed_at, lazy="selectin", cascade="all"),
        },
    )
    approval_mapper = mapper_registry.map_imperatively(Approval, approvals)
    mapper_registry.map_imperatively(
        Nomination,
        nominations,
        properties={
            "approvals": relationship(
                approval_mapper, order_by=approvals.c.approved_at, lazy="selectin", cascade="all"
            )
        },
    )
