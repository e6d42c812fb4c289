"""Login, refresh-token rotation and reuse, logout, passwords, resets, throttling, key rotation."""

from __future__ import annotations

import uuid

import jwt

from services.identity.tests.conftest import Api

PASSWORD = "a-long-password"


def tokens(client, email, password=PASSWORD):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def refresh(client, refresh_token):
    return client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})


def test_an_access_token_lives_at_most_15_minutes_and_names_its_key(api, client):
    member = api.register()
    body = tokens(client, member["email"]).json
    assert body["expires_in"] <= 900 and body["refresh_token"]
    header = jwt.get_unverified_header(body["access_token"])
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert header["alg"] == "ES256" and header["kid"] and claims["exp"] - claims["iat"] <= 900
    kids = [k["kid"] for k in client.get("/.well-known/jwks.json").json["keys"]]
    assert header["kid"] in kids


def test_a_refresh_token_rotates_and_its_reuse_ends_the_whole_login(api, client):
    member = api.register()
    first = tokens(client, member["email"]).json["refresh_token"]
    second = refresh(client, first)
    assert second.status_code == 200 and second.json["refresh_token"] != first
    reused = refresh(client, first)
    assert reused.status_code == 401 and "reused" in reused.json["detail"]
    # The thief's reuse also ends the legitimate holder's newer token.
    assert refresh(client, second.json["refresh_token"]).status_code == 401


def test_logout_and_password_change_revoke_refresh_tokens(api, client):
    member = api.register()
    one = tokens(client, member["email"]).json["refresh_token"]
    assert client.post("/api/v1/auth/logout", json={"refresh_token": one}).status_code == 204
    assert refresh(client, one).status_code == 401
    login = tokens(client, member["email"]).json
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    wrong = client.post("/api/v1/auth/password", headers=headers,
                        json={"current_password": "nope", "new_password": "another-long-password"})
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "current_password"
    changed = client.post("/api/v1/auth/password", headers=headers,
                          json={"current_password": PASSWORD, "new_password": "another-long-password"})
    assert changed.status_code == 204
    assert refresh(client, login["refresh_token"]).status_code == 401
    assert tokens(client, member["email"], "another-long-password").status_code == 200


def test_a_reset_link_is_sent_as_an_event_and_works_once(api, client):
    member = api.register()
    assert client.post("/api/v1/auth/password-resets", json={"email": member["email"]}).status_code == 202
    assert client.post("/api/v1/auth/password-resets", json={"email": "nobody@psn.test"}).status_code == 202
    [event] = api.outbox("identity.password_reset.requested")
    assert event["data"]["email"] == member["email"]
    token = event["data"]["reset_url"].split("#token=")[1]
    body = {"token": token, "new_password": "a-brand-new-password"}
    assert client.post("/api/v1/auth/password-resets/confirm", json=body).status_code == 204
    again = client.post("/api/v1/auth/password-resets/confirm", json=body)
    assert again.status_code == 422 and again.json["errors"][0]["field"] == "token"
    assert tokens(client, member["email"], "a-brand-new-password").status_code == 200


def test_failed_logins_are_throttled_per_account_with_a_clear_429(api, client):
    member = api.register()
    for _ in range(5):
        assert tokens(client, member["email"], "wrong-password").status_code == 401
    throttled = tokens(client, member["email"], PASSWORD)
    assert throttled.status_code == 429
    assert throttled.content_type == "application/problem+json" and throttled.headers.get("Retry-After")
    # Another account from the same address is not locked out by this one.
    assert tokens(client, api.register()["email"]).status_code == 200


def test_successful_logins_do_not_count_towards_the_limit(api, client):
    member = api.register()
    for _ in range(8):
        assert tokens(client, member["email"]).status_code == 200


def test_a_rotated_key_signs_new_tokens_while_the_old_one_stays_published(api, client):
    old_kid = jwt.get_unverified_header(api.admin["Authorization"].split()[1])["kid"]
    plain = api.login(api.register()["email"])
    assert client.post("/api/v1/auth/signing-keys", headers=plain).status_code == 403
    rotated = client.post("/api/v1/auth/signing-keys", headers=api.admin)
    assert rotated.status_code == 201 and rotated.json["kid"] != old_kid
    kids = {k["kid"] for k in client.get("/.well-known/jwks.json").json["keys"]}
    assert kids == {old_kid, rotated.json["kid"]}
    assert client.get("/api/v1/me", headers=api.admin).status_code == 200  # the old token still works
    new_token = tokens(client, "admin@psn.test", "admin-password-123").json["access_token"]
    assert jwt.get_unverified_header(new_token)["kid"] == rotated.json["kid"]


def test_a_leaver_cannot_log_in_or_refresh(api, client):
    member = api.register()
    refresh_token = tokens(client, member["email"]).json["refresh_token"]
    left = client.post(f"/api/v1/staff/{member['id']}/leave", json={"reason": "resigned"}, headers=api.admin)
    assert left.status_code == 200 and left.json["status"] == "left"
    assert tokens(client, member["email"]).status_code == 401
    assert refresh(client, refresh_token).status_code == 401


def test_no_refresh_outlives_the_maximum_age_of_the_login(api, client, app):
    app.config["REFRESH_TOKEN_MAX_AGE_S"] = 60
    member = api.register()
    login = tokens(client, member["email"]).json
    assert 0 < login["refresh_expires_in"] <= 60
    renewed = refresh(client, login["refresh_token"]).json
    assert 0 < renewed["refresh_expires_in"] <= 60


def test_only_failures_count_not_the_logins_or_the_429s(api, client, app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    first, second = api.register(), api.register()
    for _ in range(3):
        assert tokens(client, second["email"]).status_code == 200
        assert tokens(client, first["email"], "wrong-password").status_code == 401
    assert tokens(client, second["email"], "wrong-password").status_code == 429  # the address's limit
    # A fresh allowance for the address (a new limit is a new counter): the 429 cost the account nothing.
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "50 per 15 minutes"
    for _ in range(5):
        assert tokens(client, second["email"], "wrong-password").status_code == 401
    assert tokens(client, second["email"]).status_code == 429


def _fail_from(client, address: str) -> int:
    """A failed sign-in (an account nobody has) as a proxy says `address` sent it."""
    return client.post("/api/v1/auth/token", json={"email": f"{uuid.uuid4().hex}@psn.test", "password": "guess"},
                       headers={"X-Forwarded-For": address}).status_code


def test_behind_a_trusted_proxy_failed_sign_ins_count_against_the_address_it_names(service, service_db, monkeypatch):
    # The web front end calls identity for every browser: without this, 50 failures anywhere lock out everyone.
    monkeypatch.setenv("DATABASE_URL", service_db)
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "1")
    monkeypatch.setenv("LOGIN_LIMIT_PER_ADDRESS", "3 per 15 minutes")
    app = service.make_app()
    try:
        client = app.test_client()
        member = Api(client, service_db).register()
        assert [_fail_from(client, "198.51.100.1") for _ in range(4)] == [401, 401, 401, 429]
        signed_in = client.post("/api/v1/auth/token", json={"email": member["email"], "password": PASSWORD},
                                headers={"X-Forwarded-For": "198.51.100.2"})
        assert signed_in.status_code == 200
        # A caller naming an address of its own behind the proxy: the proxy's word (the last one) is believed.
        assert _fail_from(client, "198.51.100.2, 198.51.100.1") == 429
    finally:
        app.extensions["psn.engine"].dispose()


def test_reached_directly_identity_believes_no_forwarded_address(client, app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    assert [_fail_from(client, f"198.51.100.{n}") for n in range(4)] == [401, 401, 401, 429]


def test_reset_links_are_limited_per_account_and_more_loosely_per_address(client, app):
    # A team imported from the HR file asks for its first passwords together, often from one ward.
    app.config.update(RESET_LIMIT="2 per hour", RESET_LIMIT_PER_ADDRESS="4 per hour")

    def ask(email: str) -> int:
        return client.post("/api/v1/auth/password-resets", json={"email": email}).status_code

    assert [ask("ann@psn.test") for _ in range(3)] == [202, 202, 429]
    assert [ask("bea@psn.test"), ask("cai@psn.test"), ask("dai@psn.test")] == [202, 202, 429]
