"""The table in which a service keeps the answers to requests sent with an Idempotency-Key."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from psn_shared.db.engine import UtcDateTime


def idempotency_table(metadata: MetaData) -> Table:
    """One row a (caller, key): what the request was (a fingerprint) and, once done, its answer."""
    return Table(
        "idempotency_keys",
        metadata,
        Column("caller_id", String(64), primary_key=True),
        Column("key", String(255), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("created_at", UtcDateTime, nullable=False, index=True),
        # Empty while the first request is still being answered.
        Column("status", Integer),
        Column("body", Text),
        Column("content_type", String(100)),
        Column("location", String(500)),
    )
