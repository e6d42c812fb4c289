"""Training's settings: the shared ones; tokens are checked against identity's JWKS."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.config import ConfigError, Settings


@dataclass(frozen=True)
class TrainingSettings(Settings):
    @classmethod
    def load(cls) -> TrainingSettings:
        return cls.from_env("training")

    def require_jwks_url(self) -> str:
        """The web process cannot check a token without identity's keys: fail at start-up."""
        if not self.jwks_url:
            raise ConfigError("environment variable IDENTITY_JWKS_URL is required")
        return self.jwks_url
