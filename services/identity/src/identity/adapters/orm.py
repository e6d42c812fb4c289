"""Identity's tables, mapped onto the plain domain classes (imperative mapping)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import registry, relationship

from identity.domain.model import RoleGrant, Staff, Team
from psn_shared.db import NAMING_CONVENTION, UtcDateTime, messaging_tables

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)

teams = Table(
    "teams",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("service", String(200), nullable=False),
    Column("organisation", String(200), nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("employee_number", String(50), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False, unique=True),
    Column("team_id", String(36), ForeignKey("teams.id")),
    Column("grade", String(50)),
    Column("line_manager_id", String(36), ForeignKey("staff.id"), index=True),
    Column("senior_manager_id", String(36), ForeignKey("staff.id"), index=True),
    Column("password_hash", String(200)),
    Column("status", String(20), nullable=False, default="active"),
)

role_grants = Table(
    "role_grants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False, index=True),
    Column("role", String(50), nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
    Column("granted_by", String(36)),
    Column("monthly_hours", Integer),
    Column("revoked_at", UtcDateTime),
    Column("revoked_by", String(36)),
    Column("revoke_reason", Text),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("private_pem", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("retired_at", UtcDateTime),
)


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(Team, teams)
    grant_mapper = mapper_registry.map_imperatively(RoleGrant, role_grants)
    mapper_registry.map_imperatively(
        Staff,
        staff,
        properties={"role_grants": relationship(grant_mapper, order_by=role_grants.c.granted_at, lazy="selectin")},
    )
