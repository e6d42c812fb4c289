"""Sessions' settings: the shared ones; identity's JWKS URL is required by the web app only."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.config import Settings


@dataclass(frozen=True)
class SessionsSettings(Settings):
    @classmethod
    def load(cls) -> SessionsSettings:
        return cls.from_env("sessions")
