"""Every service's retention rules run against its real schema: each column they name exists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine

import identity
import notifications
import sessions
from identity.adapters.retention import RULES as IDENTITY_RULES
from notifications.adapters.retention import RULES as NOTIFICATIONS_RULES
from psn_shared.db.retention import apply_retention
from sessions.adapters.retention import RULES as SESSIONS_RULES


@pytest.mark.parametrize(("package", "rules"), [
    (identity, IDENTITY_RULES), (sessions, SESSIONS_RULES), (notifications, NOTIFICATIONS_RULES),
], ids=["identity", "sessions", "notifications"])
def test_each_rule_runs_on_the_migrated_database(databases, package, rules):
    engine = create_engine(databases.migrated(package, "retention"))
    try:
        changed = apply_retention(engine, rules, datetime.now(UTC))
    finally:
        engine.dispose()
    assert changed == {rule.name: 0 for rule in rules}  # a rule that failed would be missing
