"""The metadata and mapper registry every sessions table module shares, and the outbox and inbox."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import registry

from psn_shared.db import NAMING_CONVENTION, messaging_tables

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
messaging = messaging_tables(metadata)
