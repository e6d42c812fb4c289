"""Retention rules delete or blank what has aged, in batches, and touch nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from psn_shared.db import UtcDateTime, retention
from psn_shared.db.retention import RetentionRule, apply_retention

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
metadata = MetaData()
notes = Table("notes", metadata, Column("id", Integer, primary_key=True), Column("words", String(100)),
              Column("status", String(10)), Column("closed_at", UtcDateTime))


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'retention.sqlite3'}")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(notes), [
            {"id": n, "words": f"note {n}", "status": "closed" if n % 2 else "open",
             "closed_at": NOW - timedelta(days=n)} for n in range(1, 21)
        ])
    return engine


def rows(engine) -> dict[int, str | None]:
    with engine.connect() as conn:
        return dict(conn.execute(select(notes.c.id, notes.c.words)).all())


def test_aged_rows_are_deleted_in_batches_and_younger_ones_stay(engine, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 3)
    rule = RetentionRule("old notes", notes, "closed_at", timedelta(days=10))
    assert apply_retention(engine, [rule], NOW) == {"old notes": 10}
    assert sorted(rows(engine)) == list(range(1, 11))


def test_blanking_writes_each_aged_row_once_and_only_those_the_rule_selects(engine):
    rule = RetentionRule("closed notes' words", notes, "closed_at", timedelta(days=10), blank={"words": None},
                         only=[notes.c.status == "closed"])
    assert rule.apply(engine, NOW) == 5  # 11, 13, 15, 17, 19
    kept = rows(engine)
    assert [n for n, words in kept.items() if words is None] == [11, 13, 15, 17, 19]
    assert kept[12] == "note 12" and kept[3] == "note 3"
    assert rule.apply(engine, NOW) == 0


def test_a_failing_rule_is_logged_and_the_others_still_run(engine):
    broken = RetentionRule("broken", notes, "no_such_column", timedelta(days=1))
    working = RetentionRule("old notes", notes, "closed_at", timedelta(days=15))
    assert apply_retention(engine, [broken, working], NOW) == {"old notes": 5}


def test_a_rule_needs_a_one_column_key():
    pair = Table("pairs", MetaData(), Column("a", Integer, primary_key=True), Column("b", Integer, primary_key=True),
                 Column("at", UtcDateTime))
    with pytest.raises(ValueError, match="one-column primary key"):
        RetentionRule("pairs", pair, "at", timedelta(days=1))
