"""Identity's settings: the shared ones plus token lifetimes, throttling, the reset link and the first administrator."""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.fernet import Fernet

from psn_shared.config import ConfigError, Settings, env, env_int

MAX_ACCESS_TOKEN_TTL_S = 900


@dataclass(frozen=True)
class IdentitySettings(Settings):
    access_token_ttl_s: int = MAX_ACCESS_TOKEN_TTL_S
    refresh_token_ttl_s: int = 12 * 3600
    refresh_token_max_age_s: int = 30 * 86400
    reset_token_ttl_s: int = 1800
    welcome_token_ttl_s: int = 7 * 86400
    reset_link: str = ""
    login_limit_per_account: str = ""
    login_limit_per_address: str = ""
    reset_limit: str = ""
    reset_limit_per_address: str = ""
    directory_limit_per_user: str = ""
    import_limit_per_user: str = ""
    ratelimit_storage_uri: str = "database://"
    # Fernet keys that encrypt the signing keys at rest; none means the development key (adapters/keys.py).
    key_encryption_keys: tuple[str, ...] = ()
    admin_email: str | None = None
    admin_password: str | None = None

    @classmethod
    def load(cls) -> IdentitySettings:
        return cls.from_env(
            "identity",
            access_token_ttl_s=min(env_int("ACCESS_TOKEN_TTL_S", MAX_ACCESS_TOKEN_TTL_S), MAX_ACCESS_TOKEN_TTL_S),
            refresh_token_ttl_s=env_int("REFRESH_TOKEN_TTL_S", 12 * 3600),
            refresh_token_max_age_s=env_int("REFRESH_TOKEN_MAX_AGE_S", 30 * 86400),
            reset_token_ttl_s=env_int("RESET_TOKEN_TTL_S", 1800),
            # A newcomer's first-password link: they may not read their work email for days.
            welcome_token_ttl_s=env_int("WELCOME_TOKEN_TTL_S", 7 * 86400),
            # The token goes in the fragment (#), which browsers never send: no web server logs it.
            reset_link=env("IDENTITY_RESET_LINK", "http://127.0.0.1:8001/reset-password#token="),
            login_limit_per_account=env("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
            login_limit_per_address=env("LOGIN_LIMIT_PER_ADDRESS", "50 per 15 minutes"),
            reset_limit=env("RESET_LIMIT", "5 per hour"),
            reset_limit_per_address=env("RESET_LIMIT_PER_ADDRESS", "50 per hour"),
            directory_limit_per_user=env("DIRECTORY_LIMIT_PER_USER", "120 per minute"),
            import_limit_per_user=env("IMPORT_LIMIT_PER_USER", "20 per hour"),
            # Counters every worker and replica shares: identity's database unless redis:// is named.
            ratelimit_storage_uri=env("RATELIMIT_STORAGE_URI", "database://"),
            key_encryption_keys=_fernet_keys("IDENTITY_KEY_ENCRYPTION_KEYS"),
            admin_email=os.environ.get("IDENTITY_ADMIN_EMAIL") or None,
            admin_password=os.environ.get("IDENTITY_ADMIN_PASSWORD") or None,
        )


def _fernet_keys(name: str) -> tuple[str, ...]:
    keys = tuple(key.strip() for key in os.environ.get(name, "").split(",") if key.strip())
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError(f"{name} must be Fernet keys (32 url-safe base64 bytes each), comma-separated") from None
    return keys
