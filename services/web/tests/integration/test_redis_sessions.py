"""Sessions kept in a real Redis (WEB_SESSION_REDIS_URL; REDIS_URL names the server, 127.0.0.1:6379 by
default): two replicas of the web front end share them, they lapse by themselves, and a Redis that is
down gives the service's 503 page, never a 500."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace

import pytest
import redis

from services.web.tests.unit.conftest import ME, csrf, signed_in_services
from services.web.tests.unit.fakes import FakeServices
from web.adapters.sessions import COOKIE, RedisSessionStore
from web.app import create_app
from web.config import DEFAULT_URLS, WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def services() -> FakeServices:
    fake = signed_in_services()
    fake.on("GET", "identity", "/health/live", (200, {"status": "ok"}))
    return fake


@pytest.fixture
def settings(tmp_path) -> WebSettings:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        pytest.fail(f"these tests need Redis at {REDIS_URL} (set REDIS_URL): {exc}", pytrace=False)
    return WebSettings(service_urls=dict(DEFAULT_URLS), secret_key="test-secret", session_dir=tmp_path / "unused",
                       session_idle_s=600, api_timeout_s=1.0, session_redis_url=REDIS_URL)


def hashed(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def sign_in(client) -> str:
    page = client.get("/sign-in").data
    answer = client.post("/sign-in", data={"email": "riley@psn.test", "password": "pw", "csrf_token": csrf(page)})
    assert answer.status_code == 302
    return client.get_cookie(COOKIE).value


def test_two_replicas_share_the_signed_in_session_and_redis_holds_neither_id_nor_cookie_token(settings, services):
    first = create_app(settings, http=services).test_client()
    second = create_app(replace(settings, session_dir=settings.session_dir.parent / "elsewhere"),
                        http=services).test_client()
    sid = sign_in(first)
    second.set_cookie(COOKIE, sid)
    home = second.get("/")
    assert home.status_code == 200 and b"You have 2 unread messages" in home.data
    assert not (settings.session_dir.parent / "elsewhere").exists()  # nothing went to files
    store = RedisSessionStore(REDIS_URL, settings.session_idle_s)
    kept = store.load(sid)
    assert kept["tokens"]["refresh"] == "refresh-1" and kept["me"]["id"] == ME["id"]
    assert not store.redis.keys(f"*{sid}*")  # kept under a hash of the id
    assert 0 < store.redis.ttl(RedisSessionStore.PREFIX + hashed(sid)) <= settings.session_idle_s

    signed_out = second.post("/sign-out", data={"csrf_token": csrf(second.get("/sign-out").data)})
    assert signed_out.status_code == 302
    assert store.load(sid) is None
    first.set_cookie(COOKIE, sid)
    assert first.get("/").status_code == 302  # signed out on every replica


def test_a_session_lapses_by_itself_after_the_idle_time(settings, services):
    client = create_app(replace(settings, session_idle_s=30), http=services).test_client()
    sid = sign_in(client)
    store = RedisSessionStore(REDIS_URL, 30)
    key = RedisSessionStore.PREFIX + hashed(sid)
    assert 0 < store.redis.ttl(key) <= 30
    store.redis.expire(key, 1)
    client.get("/")  # each use starts the idle time again
    assert store.redis.ttl(key) > 1
    store.redis.delete(key)  # as Redis does when the time is up
    assert client.get("/").status_code == 302


def test_a_redis_that_is_down_gives_the_service_page_and_not_ready(settings, services):
    closed = replace(settings, session_redis_url="redis://127.0.0.1:1/0")
    client = create_app(closed, http=services).test_client()
    page = client.get("/sign-in")
    assert page.status_code == 503 and b"Sorry, there is a problem with the service" in page.data
    assert client.get("/health/ready").status_code == 503
    assert client.get("/health/live").status_code == 200
    assert re.search(rb"psn_session=", page.headers.get("Set-Cookie", "").encode()) is None

