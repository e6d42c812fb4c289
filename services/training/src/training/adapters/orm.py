"""Training's tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import registry, relationship

from psn_shared.db import (
    NAMING_CONVENTION,
    EnumString,
    UtcDateTime,
    employment_columns,
    idempotency_table,
    messaging_tables,
    staff_copy_table,
)
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import (
    Attendance,
    Cohort,
    CohortDay,
    CohortKind,
    CohortStatus,
    Place,
    PlaceStatus,
    SignOff,
)
from training.domain.grading import OrganisationPolicy
from training.domain.levels import ClaimStatus, Competence, CompletionSource, Level1Claim, LevelCompletion
from training.domain.nominations import Approval, Nomination, NominationStatus
from training.domain.staff import Capacity, Delegation, StaffCopy, Team

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)
idempotency_keys = idempotency_table(metadata)

staff = staff_copy_table(
    metadata,
    Column("employee_number", String(50), index=True),
    Column("grade", String(50)),
    Column("supporter_since", UtcDateTime),
    Column("organisation_id", String(36), index=True),
    *employment_columns(),
)

teams = Table(
    "teams",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("service", String(200), nullable=False),
    Column("organisation_id", String(36)),
)

organisation_policies = Table(
    "organisation_policies",
    metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("grade_ladder", JSON, nullable=False),
    Column("level_2_min_grade", String(50)),
    Column("level_3_min_grade", String(50)),
    Column("supporters_per_team", Integer, nullable=False),
    Column("updated_by", String(36)),
    Column("updated_at", UtcDateTime),
)

competences = Table(
    "competences",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("level", Integer, nullable=False, index=True),
    Column("code", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("retired", Boolean, nullable=False),
    UniqueConstraint("level", "code"),
)

level1_claims = Table(
    "level1_claims",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.staff_id"), nullable=False, index=True),
    Column("completed_on", Date, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("status", EnumString(ClaimStatus, 20), nullable=False, index=True),
    Column("decided_by", String(36)),
    Column("decided_at", UtcDateTime),
    Column("rejection_reason", Text),
)

delegations = Table(
    "delegations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("manager_id", String(36), nullable=False, index=True),
    Column("delegate_id", String(36), ForeignKey("staff.staff_id"), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("granted_by", String(36)),
    Column("ended_at", UtcDateTime),
    Column("stand_in_told", Boolean, nullable=False, server_default=false()),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("level", Integer, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("created_by", String(36), nullable=False),
    Column("status", EnumString(CohortStatus, 20), nullable=False, server_default="open"),
    Column("trainer_ids", JSON, nullable=False, server_default="[]"),
    Column("kind", EnumString(CohortKind, 20), nullable=False, server_default="course"),
    Column("created_at", UtcDateTime),
    Column("backfill_reason", Text),
)

cohort_days = Table(
    "cohort_days",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cohort_id", String(36), ForeignKey("cohorts.id"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("location", String(200)),
    Column("virtual_link", String(500)),
    Column("start_time", Time, nullable=False, server_default="09:30"),
    Column("end_time", Time, nullable=False, server_default="16:30"),
    UniqueConstraint("cohort_id", "date"),
)

nominations = Table(
    "nominations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("nominee_id", String(36), ForeignKey("staff.staff_id"), nullable=False, index=True),
    Column("cohort_id", String(36), ForeignKey("cohorts.id"), index=True),
    Column("level", Integer, nullable=False),
    Column("nominated_by", String(36), nullable=False),
    Column("nominated_at", UtcDateTime, nullable=False),
    Column("status", EnumString(NominationStatus, 30), nullable=False),
    Column("refused_by", String(36)),
    Column("refused_at", UtcDateTime),
    Column("refusal_reason", Text),
    Column("awaiting_since", UtcDateTime, nullable=False),
    Column("reminders_sent", Integer, nullable=False, server_default="0"),
    Column("closed_at", UtcDateTime),
    Column("end_reason", String(100)),
    Column("kind", EnumString(CohortKind, 20), nullable=False, server_default="course"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("nomination_id", String(36), ForeignKey("nominations.id"), nullable=False, index=True),
    Column("approver_id", String(36), nullable=False),
    Column("capacity", EnumString(Capacity, 20), nullable=False),
    Column("monthly_hours", Integer, nullable=False),
    Column("approved_at", UtcDateTime, nullable=False),
    Column("on_behalf_of", String(36)),
)

places = Table(
    "places",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cohort_id", String(36), ForeignKey("cohorts.id"), nullable=False, index=True),
    Column("staff_id", String(36), ForeignKey("staff.staff_id"), nullable=False),
    Column("nomination_id", String(36), ForeignKey("nominations.id"), nullable=False, unique=True),
    Column("status", EnumString(PlaceStatus, 20), nullable=False),
    Column("placed_at", UtcDateTime, nullable=False),
)

attendance = Table(
    "attendance",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("place_id", String(36), ForeignKey("places.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("attended", Boolean, nullable=False),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    UniqueConstraint("place_id", "date"),
)

sign_offs = Table(
    "sign_offs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("place_id", String(36), ForeignKey("places.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("competence_id", String(36), ForeignKey("competences.id"), nullable=False),
    Column("signed_off_by", String(36), nullable=False),
    Column("signed_off_at", UtcDateTime, nullable=False),
    UniqueConstraint("place_id", "competence_id"),
)

level_completions = Table(
    "level_completions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.staff_id"), nullable=False),
    Column("level", Integer, nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("source", EnumString(CompletionSource, 30), nullable=False),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("cohort_id", String(36), ForeignKey("cohorts.id")),
    Column("nomination_id", String(36), ForeignKey("nominations.id")),
    # A level is completed once: this also makes concurrent recordings of it fail safe.
    UniqueConstraint("staff_id", "level"),
)

certificates = Table(
    "certificates",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.staff_id"), nullable=False, index=True),
    Column("level", Integer, nullable=False),
    Column("completion_id", String(36), ForeignKey("level_completions.id"), nullable=False, unique=True),
    Column("issued_on", Date, nullable=False),
    Column("expires_on", Date, nullable=False, index=True),
    Column("verification_code", String(20), nullable=False, unique=True),
    Column("status", EnumString(CertificateStatus, 20), nullable=False),
    Column("reminders_sent", Integer, nullable=False),
    Column("renewed_on", Date),
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(StaffCopy, staff)
    mapper_registry.map_imperatively(Team, teams)
    mapper_registry.map_imperatively(OrganisationPolicy, organisation_policies)
    mapper_registry.map_imperatively(Competence, competences)
    mapper_registry.map_imperatively(Level1Claim, level1_claims)
    mapper_registry.map_imperatively(Delegation, delegations)
    mapper_registry.map_imperatively(LevelCompletion, level_completions)
    mapper_registry.map_imperatively(Certificate, certificates)
    day_mapper = mapper_registry.map_imperatively(CohortDay, cohort_days, properties={
        "on": cohort_days.c.date, "starts": cohort_days.c.start_time, "ends": cohort_days.c.end_time,
    })
    attendance_mapper = mapper_registry.map_imperatively(Attendance, attendance, properties={"on": attendance.c.date})
    sign_off_mapper = mapper_registry.map_imperatively(SignOff, sign_offs)
    # A place given up is deleted with its attendance and sign-offs; the nomination keeps the history.
    owned = "all, delete-orphan"
    place_mapper = mapper_registry.map_imperatively(
        Place,
        places,
        properties={
            "attendance": relationship(attendance_mapper, order_by=attendance.c.date, lazy="selectin", cascade=owned),
            "sign_offs": relationship(sign_off_mapper, lazy="selectin", cascade=owned),
        },
    )
    mapper_registry.map_imperatively(
        Cohort,
        cohorts,
        properties={
            "days": relationship(day_mapper, order_by=cohort_days.c.date, lazy="selectin", cascade=owned),
            "places": relationship(place_mapper, order_by=places.c.placed_at, lazy="selectin", cascade=owned),
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
