"""Notifications' settings: the shared ones plus how email leaves the building."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from psn_shared.config import ConfigError, Settings, env, env_float, env_int, env_list_of_floats


@dataclass(frozen=True)
class NotificationsSettings(Settings):
    smtp_url: str = "smtp://127.0.0.1:8025"
    mail_from: str = "Peer Support Network <no-reply@psn.invalid>"
    # Backoff between email attempts; one attempt more than there are delays, then `failed`.
    email_retry_delays_s: tuple[float, ...] = (10.0, 60.0, 300.0, 1800.0, 7200.0)
    dispatch_sweep_s: float = 1.0
    dispatch_batch: int = 20

    @classmethod
    def load(cls) -> NotificationsSettings:
        smtp_url = env("SMTP_URL", "smtp://127.0.0.1:8025")
        smtp_address(smtp_url)  # fail at start-up, not at the first email
        return cls.from_env(
            "notifications",
            smtp_url=smtp_url,
            mail_from=os.environ.get("MAIL_FROM") or cls.mail_from,
            email_retry_delays_s=env_list_of_floats("EMAIL_RETRY_DELAYS_S", cls.email_retry_delays_s),
            dispatch_sweep_s=env_float("DISPATCH_SWEEP_S", cls.dispatch_sweep_s),
            dispatch_batch=max(1, env_int("DISPATCH_BATCH", cls.dispatch_batch)),
        )


def smtp_address(url: str) -> tuple[str, int]:
    """`smtp://host:port` -> (host, port); anything else is a configuration error."""
    parts = urlsplit(url)
    try:
        port = parts.port or 25
    except ValueError as exc:
        raise ConfigError(f"SMTP_URL has a bad port: {url!r}") from exc
    if parts.scheme != "smtp" or not parts.hostname:
        raise ConfigError(f"SMTP_URL must look like smtp://host:port, got {url!r}")
    return parts.hostname, port
