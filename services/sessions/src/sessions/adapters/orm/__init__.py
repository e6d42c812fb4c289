"""Sessions' tables, mapped onto the plain domain classes (imperative mapping), one module a subject.

Importing this package declares every table on `metadata` (Alembic compares against it);
`start_mappers()` maps the classes, once per process.
"""

from __future__ import annotations

from sessions.adapters.orm import conversations, referrals, reflective, support
from sessions.adapters.orm.base import mapper_registry, messaging, metadata

SUBJECTS = (support, conversations, referrals, reflective)

__all__ = ["messaging", "metadata", "start_mappers"]


def start_mappers() -> None:
    if mapper_registry.mappers:
        return
    for subject in SUBJECTS:
        subject.map_classes()
