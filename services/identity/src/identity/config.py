"""Identity's settings: the shared ones plus token lifetime and the first administrator."""

from __future__ import annotations

import os
from dataclasses import dataclass

from psn_shared.config import Settings, env_int


@dataclass(frozen=True)
class IdentitySettings(Settings):
    access_token_ttl_s: int = 900
    admin_email: str | None = None
    admin_password: str | None = None

    @classmethod
    def load(cls) -> IdentitySettings:
        ttl = env_int("ACCESS_TOKEN_TTL_S", 900)
        return cls.from_env(
            "identity",
            access_token_ttl_s=min(ttl, 900),
            admin_email=os.environ.get("IDENTITY_ADMIN_EMAIL") or None,
            admin_password=os.environ.get("IDENTITY_ADMIN_PASSWORD") or None,
        )
