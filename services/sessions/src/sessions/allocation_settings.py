"""Allocation's settings from the environment (SESSIONS_*), read once at start-up into SessionsSettings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from psn_shared.config import ConfigError, env_float, env_int
from sessions.domain.caps import CapLimits


def _at_least(name: str, default: int, minimum: int) -> int:
    value = env_int(name, default)
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


def allocation_settings() -> dict[str, Any]:
    """The keyword arguments of SessionsSettings that allocation and its scheduler read."""
    defaults = CapLimits()
    interval = env_float("SESSIONS_SCHEDULER_INTERVAL_S", 60.0)
    if interval <= 0:
        raise ConfigError("SESSIONS_SCHEDULER_INTERVAL_S must be positive")
    return {
        "caps": CapLimits(
            max_open_cases=_at_least("SESSIONS_MAX_OPEN_CASES", defaults.max_open_cases, 1),
            heavy_cool_down=timedelta(days=_at_least(
                "SESSIONS_HEAVY_COOL_DOWN_DAYS", defaults.heavy_cool_down.days, 0)),
            max_conversations_per_week=_at_least(
                "SESSIONS_MAX_CONVERSATIONS_PER_WEEK", defaults.max_conversations_per_week, 1),
        ),
        "waiting_alert_after": timedelta(hours=_at_least("SESSIONS_WAITING_ALERT_HOURS", 48, 1)),
        "scheduler_interval_s": interval,
    }
