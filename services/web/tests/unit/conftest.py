from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.web.tests.unit.fakes import FakeServices
from web.app import create_app
from web.config import DEFAULT_URLS, WebSettings

ME = {"id": "11111111-1111-4111-8111-111111111111", "name": "Riley Requester", "preferred_name": None,
      "roles": ["staff"]}


def tokens(n: int = 1, expires_in: int = 900) -> dict:
    return {"access_token": f"access-{n}", "refresh_token": f"refresh-{n}", "expires_in": expires_in,
            "refresh_expires_in": 43200, "token_type": "Bearer"}


@pytest.fixture
def services() -> FakeServices:
    return signed_in_services()


def signed_in_services() -> FakeServices:
    """Identity signs anyone in as ME (no champions nor peer supporters known to them); the start page's unread
    count is 2."""
    fake = FakeServices()
    fake.on("POST", "identity", "/api/v1/auth/token", (200, tokens()))
    fake.on("GET", "identity", "/api/v1/me", (200, ME))
    fake.on("GET", "identity", "/api/v1/me/support-contacts", (200, {"team": None, "champions": [],
                                                                     "peer_supporters": []}))
    fake.on("POST", "identity", "/api/v1/auth/logout", (204, None))
    fake.on("GET", "notifications", "/api/v1/inbox/unread", (200, {"unread": 2}))
    return fake


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(service_urls=dict(DEFAULT_URLS), secret_key="test-secret", session_dir=tmp_path / "sessions",
                       session_idle_s=3600, api_timeout_s=1.0)


@pytest.fixture
def client(settings, services):
    app = create_app(settings, http=services)
    return app.test_client()


def csrf(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


@pytest.fixture
def signed_in(client, services):
    """A client signed in as ME (roles can be changed by overriding /me before use)."""

    def sign_in(roles: list[str] | None = None):
        if roles is not None:
            services.on("GET", "identity", "/api/v1/me", (200, {**ME, "roles": roles}))
        token = csrf(client.get("/sign-in").data)
        response = client.post("/sign-in", data={"email": "riley@psn.test", "password": "pw", "csrf_token": token})
        assert response.status_code == 302
        return client

    return sign_in
