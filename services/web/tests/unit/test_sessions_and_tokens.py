"""Sign-in keeps the tokens on the server, the cookie is one JavaScript cannot read, and tokens are refreshed."""

from __future__ import annotations

import os
import time

from services.web.tests.unit.conftest import csrf, tokens
from services.web.tests.unit.fakes import problem
from web.adapters.sessions import FileSessionStore


def _bearer(services, index: int = -1) -> str:
    return services.calls("GET", "notifications", "/api/v1/inbox/unread")[index].headers["Authorization"]


def _cookie_header(response) -> str:
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("psn_session="))


def test_signing_in_keeps_the_tokens_server_side_behind_an_httponly_samesite_cookie(client, services, settings):
    token = csrf(client.get("/sign-in").data)
    response = client.post("/sign-in", data={"email": "riley@psn.test", "password": "pw", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = _cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain http here
    assert "access-1" not in cookie and "refresh-1" not in cookie
    [stored] = list(settings.session_dir.iterdir())
    assert "refresh-1" in stored.read_text()  # the tokens are on the server
    page = client.get("/")
    assert page.status_code == 200 and b"access-1" not in page.data and b"refresh-1" not in page.data
    assert _bearer(services, 0) == "Bearer access-1"


def test_each_call_says_whose_browser_it_is_for_so_identity_counts_sign_ins_per_person_s_address(client, services):
    token = csrf(client.get("/sign-in").data)
    # Behind the ingress, the browser's address is the one the ingress saw.
    client.post("/sign-in", data={"email": "riley@psn.test", "password": "pw", "csrf_token": token},
                headers={"X-Forwarded-For": "203.0.113.7"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    [sign_in] = services.calls("POST", "identity", "/api/v1/auth/token")
    assert sign_in.headers["X-Forwarded-For"] == "203.0.113.7"


def test_over_https_the_cookie_is_secure(client):
    token = csrf(client.get("/sign-in", base_url="https://psn.example").data)
    response = client.post("/sign-in", base_url="https://psn.example",
                           data={"email": "riley@psn.test", "password": "pw", "csrf_token": token})
    assert "Secure" in _cookie_header(response)


def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_sent(client, services):
    response = client.post("/sign-in", data={"email": "riley@psn.test", "password": "pw"})
    assert response.status_code == 400 and b"Your form expired" in response.data
    assert services.calls("POST", "identity", "/api/v1/auth/token") == []


def test_a_wrong_password_is_shown_in_the_error_summary_linked_to_the_field(client, services):
    services.on("POST", "identity", "/api/v1/auth/token", problem(401, "Unauthorized"))
    token = csrf(client.get("/sign-in").data)
    response = client.post("/sign-in", data={"email": "riley@psn.test", "password": "bad", "csrf_token": token})
    assert response.status_code == 422
    assert b"nhsuk-error-summary" in response.data and b'href="#email"' in response.data
    assert b"Enter a correct email address and password" in response.data
    assert b"<title>Error: Sign in" in response.data


def test_a_session_id_changes_at_sign_in(client):
    client.get("/sign-in")
    before = client.get_cookie("psn_session").value
    token = csrf(client.get("/sign-in").data)
    client.post("/sign-in", data={"email": "riley@psn.test", "password": "pw", "csrf_token": token})
    assert client.get_cookie("psn_session").value != before


def test_pages_need_a_signed_in_person_and_come_back_after(client):
    response = client.get("/inbox")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in?next=%2Finbox"


def test_sign_in_never_redirects_to_another_site(client):
    token = csrf(client.get("/sign-in").data)
    response = client.post("/sign-in?next=//evil.example/",
                           data={"email": "a@b", "password": "pw", "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_an_expired_access_token_is_refreshed_before_the_call(signed_in, services):
    services.on("POST", "identity", "/api/v1/auth/token", (200, tokens(1, expires_in=0)))
    services.on("POST", "identity", "/api/v1/auth/refresh", (200, tokens(2)))
    client = signed_in()
    assert client.get("/").status_code == 200
    assert services.calls("POST", "identity", "/api/v1/auth/refresh")[-1].json == {"refresh_token": "refresh-1"}
    assert _bearer(services) == "Bearer access-2"
    client.get("/")
    assert _bearer(services) == "Bearer access-2"


def test_a_refused_access_token_is_refreshed_once_and_the_call_repeated(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", "/api/v1/inbox/unread",
                lambda sent: (200, {"unread": 5}) if sent.headers["Authorization"] == "Bearer access-2"
                else problem(401, "Unauthorized"))
    services.on("POST", "identity", "/api/v1/auth/refresh", (200, tokens(2)))
    response = client.get("/")
    assert response.status_code == 200 and b"You have 5 unread messages" in response.data


def test_when_the_refresh_is_refused_the_person_signs_in_again(signed_in, services):
    services.on("POST", "identity", "/api/v1/auth/token", (200, tokens(1, expires_in=0)))
    services.on("POST", "identity", "/api/v1/auth/refresh", problem(401, "Unauthorized"))
    client = signed_in()
    response = client.get("/inbox")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_signing_out_ends_the_login_and_the_session(signed_in, services, settings):
    client = signed_in()
    token = csrf(client.get("/sign-out").data)
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.headers["Location"] == "/signed-out"
    assert services.calls("POST", "identity", "/api/v1/auth/logout")[0].json == {"refresh_token": "refresh-1"}
    assert not any("refresh-1" in p.read_text() for p in settings.session_dir.iterdir())
    assert client.get("/inbox").status_code == 302


def test_a_service_that_is_down_gives_a_page_saying_so(signed_in, services):
    client = signed_in()
    services.on("GET", "notifications", "/api/v1/inbox/unread", (503, {"title": "down"}))
    response = client.get("/")
    assert response.status_code == 503 and b"Sorry, there is a problem with the service" in response.data


def test_pages_carry_a_content_security_policy_with_a_nonce(client):
    response = client.get("/sign-in")
    policy = response.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.data and "frame-ancestors 'none'" in policy


def test_idle_sessions_end_and_are_swept(tmp_path):
    store = FileSessionStore(tmp_path, idle_s=60)
    store.save("fresh", {"me": 1})
    store.save("stale", {"me": 2})
    stale = store._path("stale")
    os.utime(stale, (time.time() - 120, time.time() - 120))
    assert store.load("fresh") == {"me": 1} and store.load("stale") is None and not stale.exists()
    store.save("stale-too", {})
    os.utime(store._path("stale-too"), (time.time() - 120, time.time() - 120))
    assert store.purge_idle() == 1 and [p.name for p in tmp_path.iterdir()] == [store._path("fresh").name]
    assert "fresh" not in store._path("fresh").name  # files are named by a hash, never the id itself
