"""Reflective practice's settings from the environment (SESSIONS_*), read once at start-up into SessionsSettings."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from psn_shared.config import ConfigError, env_int
from sessions.domain.caps import CapLimits


@dataclass(frozen=True)
class ReflectiveSettings:
    # Occurrences of a recurring series exist this far ahead (made at once and by the scheduler).
    series_horizon: timedelta = timedelta(days=90)
    # Group sessions and wellbeing reviews are reminded this long before they start.
    reminder_lead: timedelta = timedelta(hours=24)
    # A peer supporter with no supervision attended for this long is reminded, and shown to the coordinator.
    supervision_interval: timedelta = timedelta(days=56)
    # When set, an overdue supporter also gets no new case (the `supervision_overdue` cap).
    supervision_blocks_allocation: bool = False


def _positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ConfigError(f"{name} must be at least 1")
    return value


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def reflective_settings() -> ReflectiveSettings:
    defaults = ReflectiveSettings()
    return ReflectiveSettings(
        series_horizon=timedelta(days=_positive("SESSIONS_SERIES_HORIZON_DAYS", defaults.series_horizon.days)),
        reminder_lead=timedelta(hours=_positive("SESSIONS_REMINDER_HOURS", 24)),
        supervision_interval=timedelta(days=_positive("SESSIONS_SUPERVISION_INTERVAL_DAYS",
                                                      defaults.supervision_interval.days)),
        supervision_blocks_allocation=_flag("SESSIONS_SUPERVISION_BLOCKS_ALLOCATION"),
    )


def with_supervision_cap(caps: CapLimits, reflective: ReflectiveSettings) -> CapLimits:
    """The caps allocation keeps to, with the supervision gate when it is switched on."""
    if not reflective.supervision_blocks_allocation:
        return caps
    return replace(caps, supervision_interval=reflective.supervision_interval)


def loaded(allocation: dict[str, Any]) -> dict[str, Any]:
    reflective = reflective_settings()
    return {**allocation, "caps": with_supervision_cap(allocation["caps"], reflective), "reflective": reflective}
