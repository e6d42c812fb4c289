"""Personal data kept no longer than it is needed: each service's rules, applied by its relay.

A rule names a table, the moment a row's clock starts (a column: closed, left, sent, expired),
how long after it the row is kept, and what happens then: the row is deleted, or named columns
are blanked (so the counts a report needs survive without what identifies or describes a person).
Every rule runs in batches, each its own transaction, so a purge never holds locks for long and
one that stops half-way resumes where it left off. docs/retention.md lists every rule.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, and_, delete, or_, select, update

log = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class RetentionRule:
    """`table` rows whose `clock` column is older than `keep` are deleted, or, given `blank`, have those
    columns set to the values given (only rows not blanked yet, so each is written once)."""

    name: str
    table: Table
    clock: str
    keep: timedelta
    blank: Mapping[str, Any] = field(default_factory=dict)
    # Further conditions a row must meet (a status, say), as SQL on the table's columns.
    only: Sequence[ColumnElement[bool]] = ()

    def __post_init__(self) -> None:
        if len(self.table.primary_key.columns) != 1:
            raise ValueError(f"retention rule {self.name}: {self.table.name} needs a one-column primary key")

    def _expired(self, now: datetime) -> list[ColumnElement[bool]]:
        conditions = [self.table.c[self.clock] < now - self.keep, *self.only]
        if self.blank:
            conditions.append(or_(*(self.table.c[name].is_distinct_from(value) for name, value in self.blank.items())))
        return conditions

    def apply(self, engine: Engine, now: datetime) -> int:
        """Apply the rule to every expired row, a batch per transaction; returns how many rows it changed."""
        key = next(iter(self.table.primary_key.columns))
        changed = 0
        while True:
            with engine.begin() as conn:
                batch = list(conn.scalars(select(key).where(and_(*self._expired(now))).limit(BATCH)))
                if not batch:
                    return changed
                if self.blank:
                    conn.execute(update(self.table).where(key.in_(batch)).values(dict(self.blank)))
                else:
                    conn.execute(delete(self.table).where(key.in_(batch)))
            changed += len(batch)


def apply_retention(engine: Engine, rules: Sequence[RetentionRule], now: datetime) -> dict[str, int]:
    """Every rule in turn; returns the rows each changed. A failing rule is logged and the others still run."""
    changed = {}
    for rule in rules:
        try:
            changed[rule.name] = rule.apply(engine, now)
        except Exception:
            log.exception("retention rule %s failed; it runs again at the next purge", rule.name)
    if any(changed.values()):
        log.info("retention: %s", {name: n for name, n in changed.items() if n})
    return changed
