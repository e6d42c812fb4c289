"""The web front end's settings, from the environment at start-up."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from psn_shared.config import ConfigError, env_float, env_int

log = logging.getLogger(__name__)

SERVICES = ("identity", "training", "sessions", "notifications")
DEFAULT_URLS = {"identity": "http://127.0.0.1:8001", "training": "http://127.0.0.1:8002",
                "sessions": "http://127.0.0.1:8003", "notifications": "http://127.0.0.1:8004"}
# Signs nothing a browser could forge into a login (tokens never leave the server), but does sign the
# CSRF tokens: production must set its own.
DEVELOPMENT_SECRET = "psn-web-development-secret-not-for-production"


@dataclass(frozen=True)
class WebSettings:
    service_urls: dict[str, str]
    secret_key: str
    session_dir: Path
    # A session ends this long after its last use (the refresh token ends sooner if identity says so).
    session_idle_s: int
    api_timeout_s: float
    # Redis, shared by replicas, when set (redis://[:password@]host:6379/0); else files under session_dir.
    session_redis_url: str = ""

    @classmethod
    def load(cls) -> WebSettings:
        urls = {s: os.environ.get(f"{s.upper()}_URL", DEFAULT_URLS[s]).rstrip("/") for s in SERVICES}
        for service, url in urls.items():
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"{service.upper()}_URL must be an http(s) URL, got {url!r}")
        secret = os.environ.get("WEB_SECRET_KEY", "")
        if not secret:
            log.warning("WEB_SECRET_KEY is unset: using the development secret, which protects nothing")
            secret = DEVELOPMENT_SECRET
        # The reports app (the board report assembled as a PDF or CSV), called like the services when set.
        reports = os.environ.get("REPORTS_URL", "").rstrip("/")
        if reports:
            if not reports.startswith(("http://", "https://")):
                raise ConfigError(f"REPORTS_URL must be an http(s) URL, got {reports!r}")
            urls["reports"] = reports
        var_dir = Path(os.environ.get("PSN_VAR_DIR", "var"))
        return cls(
            service_urls=urls,
            secret_key=secret,
            session_dir=Path(os.environ.get("WEB_SESSION_DIR", str(var_dir / "web-sessions"))),
            session_redis_url=os.environ.get("WEB_SESSION_REDIS_URL", ""),
            session_idle_s=env_int("WEB_SESSION_IDLE_S", 12 * 3600),
            api_timeout_s=env_float("WEB_API_TIMEOUT_S", 10.0),
        )
