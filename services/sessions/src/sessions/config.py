"""Sessions' settings: the shared ones; identity's JWKS URL is required by the web app only."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.config import ConfigError, Settings


@dataclass(frozen=True)
class SessionsSettings(Settings):
    @classmethod
    def load(cls) -> SessionsSettings:
        return cls.from_env("sessions")

    def required_jwks_url(self) -> str:
        """The web app verifies tokens against identity's keys; without them it must not start."""
        if not self.jwks_url:
            raise ConfigError("environment variable IDENTITY_JWKS_URL is required")
        return self.jwks_url
