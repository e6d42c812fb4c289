"""The reports app's settings, from the environment at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass

from psn_reports.fetch import SOURCES
from psn_shared.config import ConfigError, env, env_float, env_int

DEFAULT_URLS = {"identity": "http://127.0.0.1:8001", "training": "http://127.0.0.1:8002",
                "sessions": "http://127.0.0.1:8003"}


@dataclass(frozen=True)
class ReportsSettings:
    service_urls: dict[str, str]  # where each service's part is asked for: IDENTITY_URL, TRAINING_URL, SESSIONS_URL
    jwks_url: str
    jwt_issuer: str
    jwt_audience: str
    part_timeout_s: float  # how long the services' parts are waited for, in all
    max_body_bytes: int

    @classmethod
    def load(cls) -> ReportsSettings:
        urls = {s: os.environ.get(f"{s.upper()}_URL", DEFAULT_URLS[s]).rstrip("/") for s in SOURCES}
        for source, url in urls.items():
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"{source.upper()}_URL must be an http(s) URL, got {url!r}")
        return cls(
            service_urls=urls,
            jwks_url=env("IDENTITY_JWKS_URL"),
            jwt_issuer=env("JWT_ISSUER", "psn-identity"),
            jwt_audience=env("JWT_AUDIENCE", "psn"),
            part_timeout_s=env_float("REPORTS_PART_TIMEOUT_S", 20.0),
            max_body_bytes=env_int("MAX_BODY_BYTES", 1 << 20),
        )
