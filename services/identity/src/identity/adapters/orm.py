"""Identity's tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from identity.domain.enums import OrganisationKind, RoleEnding, StaffStatus
from identity.domain.model import Delegation, Organisation, RoleGrant, Service, Staff, SupporterAvailability, Team
from identity.domain.signposting import HelpKind, HelpSource
from identity.domain.supporter_hours import ActingAs, HoursChange, HoursChangeState
from identity.domain.tokens import PasswordReset, RefreshToken
from psn_shared.db import NAMING_CONVENTION, EnumString, UtcDateTime, idempotency_table, messaging_tables
from psn_shared.roles import Role

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)
idempotency_keys = idempotency_table(metadata)

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", EnumString(OrganisationKind, 30), nullable=False),
)

services = Table(
    "services",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("organisation_id", "name"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("service", String(200), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("service_id", String(36), ForeignKey("services.id"), index=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), index=True),
    UniqueConstraint("service_id", "name"),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id")),
    Column("employee_number", String(50), nullable=False),
    Column("name", String(200), nullable=False, index=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("team_id", String(36), ForeignKey("teams.id"), index=True),
    Column("grade", String(50)),
    Column("job_title", String(200)),
    Column("start_date", Date),
    Column("left_on", Date),
    Column("line_manager_id", String(36), ForeignKey("staff.id"), index=True),
    Column("senior_manager_id", String(36), ForeignKey("staff.id"), index=True),
    Column("preferred_name", String(200)),
    Column("phone", String(40)),
    Column("password_hash", String(200)),
    Column("status", EnumString(StaffStatus, 20), nullable=False, default=StaffStatus.ACTIVE),
    UniqueConstraint("organisation_id", "employee_number"),
)

role_grants = Table(
    "role_grants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("role", EnumString(Role, 50), nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
    Column("granted_by", String(36)),
    Column("monthly_hours", Integer),
    Column("revoked_at", UtcDateTime),
    Column("revoked_by", String(36)),
    Column("revoke_reason", Text),
    Column("ending", EnumString(RoleEnding, 20)),
    Column("team_id", String(36), ForeignKey("teams.id"), index=True),
)

# A peer supporter's monthly hours changed after the grant, and raises waiting for the other manager.
supporter_hours_changes = Table(
    "supporter_hours_changes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("grant_id", String(36), ForeignKey("role_grants.id"), nullable=False, index=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("monthly_hours", Integer, nullable=False),
    Column("previous_hours", Integer),
    Column("proposed_by", String(36), nullable=False),
    Column("proposed_as", EnumString(ActingAs, 20), nullable=False),
    Column("proposed_at", UtcDateTime, nullable=False),
    Column("state", EnumString(HoursChangeState, 20), nullable=False),
    Column("reason", Text),
    Column("agreed_by", String(36)),
    Column("agreed_as", EnumString(ActingAs, 20)),
    Column("agreed_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(36)),
    Column("closed_as", EnumString(ActingAs, 20)),
    Column("closed_reason", Text),
)

# What sessions and training have said about a peer supporter's availability (their events' times).
supporter_availability = Table(
    "supporter_availability",
    metadata,
    Column("staff_id", String(36), ForeignKey("staff.id"), primary_key=True),
    Column("activated_at", UtcDateTime),
    Column("lapsed_at", UtcDateTime),
)

delegations = Table(
    "delegations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("manager_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("delegate_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", String(36)),
    Column("ended_at", UtcDateTime),
    Column("ended_by", String(36)),
    Column("end_reason", Text),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("family_id", String(36), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    # The login that started the family: no token of it lives past REFRESH_TOKEN_MAX_AGE_S from here.
    Column("family_started_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
)

password_resets = Table(
    "password_resets",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    # The PKCS#8 PEM, encrypted with the key-encryption key (Fernet): see adapters/keys.py.
    Column("encrypted_private_key", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("retired_at", UtcDateTime),
)

help_sources = Table(
    "help_sources",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("kind", EnumString(HelpKind, 40), nullable=False, index=True),
    Column("description", Text),
    Column("for_whom", Text, nullable=False),
    Column("how_to_reach", Text),
    Column("phone", String(40)),
    Column("email", String(320)),
    Column("url", String(500)),
    Column("hours", String(500), nullable=False),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), index=True),
    Column("region", String(200)),
    Column("active", Boolean, nullable=False, default=True),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(36)),
)

# Flask-Limiter's counters when they are kept here (adapters/rate_limits.py): one row per key.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(512), primary_key=True),
    Column("hits", Integer, nullable=False),
    Column("expires_at", Float, nullable=False),  # seconds since the epoch, as Flask-Limiter counts
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(Organisation, organisations)
    mapper_registry.map_imperatively(Service, services)
    mapper_registry.map_imperatively(Team, teams)
    mapper_registry.map_imperatively(Delegation, delegations)
    mapper_registry.map_imperatively(SupporterAvailability, supporter_availability)
    mapper_registry.map_imperatively(HelpSource, help_sources)
    mapper_registry.map_imperatively(RefreshToken, refresh_tokens)
    mapper_registry.map_imperatively(PasswordReset, password_resets)
    change_mapper = mapper_registry.map_imperatively(HoursChange, supporter_hours_changes)
    # Loaded only when a use case reads them: holding a grant (every login, every staff read) does not.
    grant_mapper = mapper_registry.map_imperatively(
        RoleGrant, role_grants,
        properties={"hours_changes": relationship(change_mapper, order_by=supporter_hours_changes.c.proposed_at,
                                                  lazy="select")},
    )
    mapper_registry.map_imperatively(
        Staff,
        staff,
        properties={"role_grants": relationship(grant_mapper, order_by=role_grants.c.granted_at, lazy="selectin")},
    )
