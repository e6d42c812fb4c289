"""The metadata and mapper registry every sessions table module shares; the outbox, inbox and idempotency keys."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import registry

from psn_shared.db import NAMING_CONVENTION, idempotency_table, messaging_tables

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)
idempotency_keys = idempotency_table(metadata)
