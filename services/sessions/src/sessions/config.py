"""Sessions' settings: the shared ones; identity's JWKS URL is required by the web app only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from psn_shared.config import Settings, env
from sessions.allocation_settings import allocation_settings
from sessions.domain.caps import CapLimits
from sessions.reflective_settings import ReflectiveSettings, loaded


@dataclass(frozen=True)
class SessionsSettings(Settings):
    # Where a feedback invitation points: the web page that posts the token to /api/v1/feedback.
    feedback_link: str = "http://127.0.0.1:8000/feedback#token="
    # Allocation's caps and its scheduler (sessions/allocation_settings.py reads them).
    caps: CapLimits = field(default_factory=CapLimits)
    waiting_alert_after: timedelta = timedelta(hours=48)
    scheduler_interval_s: float = 60.0
    # Group sessions, series, supervision and reviews (sessions/reflective_settings.py reads them).
    reflective: ReflectiveSettings = field(default_factory=ReflectiveSettings)

    @classmethod
    def load(cls) -> SessionsSettings:
        return cls.from_env("sessions", feedback_link=env("SESSIONS_FEEDBACK_LINK", cls.feedback_link),
                             **loaded(allocation_settings()))
