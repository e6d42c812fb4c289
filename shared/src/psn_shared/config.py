"""Settings read from environment variables at start-up (never at import)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting is missing or malformed: the process must not start."""


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ConfigError(f"environment variable {name} is required")
    return value


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise ConfigError(f"{name} must be true or false, got {raw!r}")
    return raw in ("true", "1", "yes")


def env_list_of_floats(name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return tuple(float(part) for part in raw.split(","))
    except ValueError as exc:
        raise ConfigError(f"{name} must be comma-separated numbers, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """What every service process needs; a service may extend it with its own fields."""

    service: str
    database_url: str
    amqp_url: str
    amqp_namespace: str
    jwt_issuer: str
    jwt_audience: str
    jwks_url: str | None
    retry_delays_s: tuple[float, ...]
    outbox_sweep_s: float
    failpoints_dir: str | None
    # Bodies larger than these are refused with 413 before they are read: JSON, and file uploads.
    max_body_bytes: int
    max_upload_bytes: int
    # Published outbox rows, and the inbox's ids of handled events, are purged after these.
    outbox_retention_days: float
    inbox_retention_days: float
    # Browser origins allowed to call the APIs directly (CORS); none unless configured.
    cors_origins: tuple[str, ...]
    # Edits of resources that carry an ETag must send If-Match (428 without it); else it is optional.
    if_match_required: bool = False
    # The proxies in front of the app (the ingress; the web front end, calling for the browser) whose
    # X-Forwarded-For to believe: the caller's address is the one the nearest of them saw. 0 believes
    # none (an app reached directly), so nobody can pick the address their attempts are counted under.
    trusted_proxy_hops: int = 0

    def __post_init__(self) -> None:
        # An event can come back as long as its retries last (and a redelivery after a crash):
        # forgetting its id before then would let it apply twice.
        redelivery_window_days = 2 * sum(self.retry_delays_s) / 86400
        if self.inbox_retention_days <= max(1.0, redelivery_window_days):
            raise ConfigError("INBOX_RETENTION_DAYS must be over a day and longer than the retries last")

    @classmethod
    def from_env(cls, service: str, **extra: object) -> Settings:
        return cls(
            service=service,
            database_url=os.environ.get("DATABASE_URL") or default_sqlite_url(service),
            amqp_url=amqp_urls(env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")),
            amqp_namespace=env("AMQP_NAMESPACE", "psn"),
            jwt_issuer=env("JWT_ISSUER", "psn-identity"),
            jwt_audience=env("JWT_AUDIENCE", "psn"),
            jwks_url=os.environ.get("IDENTITY_JWKS_URL") or None,
            retry_delays_s=env_list_of_floats("EVENT_RETRY_DELAYS_S", (1.0, 5.0, 30.0, 120.0)),
            outbox_sweep_s=env_float("OUTBOX_SWEEP_S", 2.0),
            failpoints_dir=os.environ.get("FAILPOINTS_DIR") or None,
            max_body_bytes=env_int("MAX_BODY_BYTES", 1024 * 1024),
            max_upload_bytes=env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
            outbox_retention_days=env_float("OUTBOX_RETENTION_DAYS", 7),
            inbox_retention_days=env_float("INBOX_RETENTION_DAYS", 30),
            cors_origins=tuple(o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()),
            if_match_required=env_bool("IF_MATCH_REQUIRED", False),
            trusted_proxy_hops=env_int("TRUSTED_PROXY_HOPS", 0),
            **extra,
        )


def amqp_urls(raw: str) -> str:
    """One broker URL, or a cluster's nodes separated by `;` or `,` (tried in order, see messaging.broker)."""
    urls = [url for url in re.split(r"\s*[;,]\s*", raw.strip()) if url]
    for number, url in enumerate(urls, start=1):
        if not re.match(r"amqps?://[^/]", url):
            # Not quoted back: the entry may hold a password.
            raise ConfigError(f"AMQP_URL entry {number} is not an amqp:// or amqps:// URL (separate nodes with ';')")
    if not urls:
        raise ConfigError("environment variable AMQP_URL is required")
    return ";".join(urls)


def default_sqlite_url(service: str) -> str:
    """The embedded default: one SQLite file per service under ./var."""
    directory = Path(os.environ.get("PSN_VAR_DIR", "var")).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / (service + '.sqlite3')}"
