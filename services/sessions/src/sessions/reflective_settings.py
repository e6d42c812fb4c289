"""Reflective practice's settings from the environment (SESSIONS_*), read once at start-up into SessionsSettings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from psn_shared.config import ConfigError, env_int


@dataclass(frozen=True)
class ReflectiveSettings:
    # Occurrences of a recurring series exist this far ahead (made at once and by the scheduler).
    series_horizon: timedelta = timedelta(days=90)
    # Group sessions and wellbeing reviews are reminded this long before they start.
    reminder_lead: timedelta = timedelta(hours=24)
    # A peer supporter with no supervision attended for this long is reminded, and shown to the coordinator.
    supervision_interval: timedelta = timedelta(days=56)


def _positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ConfigError(f"{name} must be at least 1")
    return value


def reflective_settings() -> ReflectiveSettings:
    defaults = ReflectiveSettings()
    return ReflectiveSettings(
        series_horizon=timedelta(days=_positive("SESSIONS_SERIES_HORIZON_DAYS", defaults.series_horizon.days)),
        reminder_lead=timedelta(hours=_positive("SESSIONS_REMINDER_HOURS", 24)),
        supervision_interval=timedelta(days=_positive("SESSIONS_SUPERVISION_INTERVAL_DAYS",
                                                      defaults.supervision_interval.days)),
    )


def loaded(allocation: dict[str, Any]) -> dict[str, Any]:
    return {**allocation, "reflective": reflective_settings()}
