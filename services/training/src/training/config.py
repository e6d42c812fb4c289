"""Training's settings: the shared ones; tokens are checked against identity's JWKS."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.config import Settings


@dataclass(frozen=True)
class TrainingSettings(Settings):
    @classmethod
    def load(cls) -> TrainingSettings:
        return cls.from_env("training")
