"""Token verification against identity's JWKS, served here by a tiny HTTP server."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from psn_shared.auth import JwksKeys, TokenVerifier
from psn_shared.errors import NotAuthenticated

HMAC_SECRET = "a-shared-secret-long-enough-for-hs256!"


class Identity:
    """Signs tokens and serves the JWKS of whichever keys are current."""

    def __init__(self) -> None:
        self.keys: dict[str, ec.EllipticCurvePrivateKey] = {}
        self.fetches = 0
        self.up = True

    def rotate(self) -> str:
        kid = uuid.uuid4().hex
        self.keys[kid] = ec.generate_private_key(ec.SECP256R1())
        return kid

    def jwks(self) -> dict:
        keys = []
        for kid, key in self.keys.items():
            jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
            keys.append({**jwk, "kid": kid, "alg": "ES256", "use": "sig"})
        return {"keys": keys}

    def token(self, kid: str, **overrides) -> str:
        now = datetime.now(UTC)
        claims = {"iss": "psn-identity", "aud": "psn", "sub": "s-1", "iat": now, "exp": now + timedelta(minutes=5),
                  "roles": ["staff"], **overrides}
        return jwt.encode(claims, self.keys[kid], algorithm="ES256", headers={"kid": kid, "typ": "at+jwt"})


@pytest.fixture
def identity() -> Iterator[tuple[Identity, str]]:
    state = Identity()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            if not state.up:
                self.send_response(503)
                self.end_headers()
                return
            body = json.dumps(state.jwks()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield state, f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


def verifier(keys: JwksKeys) -> TokenVerifier:
    return TokenVerifier(keys, issuer="psn-identity", audience="psn")


def test_a_token_is_verified_with_one_fetch_of_the_keys(identity):
    state, url = identity
    kid = state.rotate()
    check = verifier(JwksKeys(url))
    for _ in range(3):
        assert check.verify(state.token(kid)).staff_id == "s-1"
    assert state.fetches == 1


def test_a_rotated_key_is_fetched_on_first_sight(identity):
    state, url = identity
    old = state.rotate()
    check = verifier(JwksKeys(url, min_refetch_s=0))
    check.verify(state.token(old))
    new = state.rotate()
    assert check.verify(state.token(new)).staff_id == "s-1"


def test_known_keys_keep_working_while_identity_is_down(identity):
    state, url = identity
    kid = state.rotate()
    keys = JwksKeys(url, refresh_s=0)
    check = verifier(keys)
    check.verify(state.token(kid))
    state.up = False
    for _ in range(3):
        assert check.verify(state.token(kid)).staff_id == "s-1"
    deadline = time.monotonic() + 5
    while state.fetches < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert state.fetches >= 2  # refreshes were attempted in the background, and failed harmlessly


@pytest.mark.parametrize(
    "tamper",
    [
        lambda s, k: s.token(k, aud="someone-else"),
        lambda s, k: s.token(k, iss="an-impostor"),
        lambda s, k: s.token(k, exp=datetime.now(UTC) - timedelta(seconds=5)),
        lambda s, k: jwt.encode({"sub": "s-1"}, None, algorithm="none", headers={"kid": k, "typ": "at+jwt"}),
        lambda s, k: jwt.encode({"sub": "s-1", "iss": "psn-identity", "aud": "psn"}, HMAC_SECRET, algorithm="HS256",
                                headers={"kid": k, "typ": "at+jwt"}),
        lambda s, k: s.token(k)[:-3] + "AAA",
    ],
    ids=["audience", "issuer", "expired", "alg-none", "alg-confusion", "bad-signature"],
)
def test_bad_tokens_are_refused(identity, tamper):
    state, url = identity
    kid = state.rotate()
    with pytest.raises(NotAuthenticated):
        verifier(JwksKeys(url)).verify(tamper(state, kid))


def test_a_service_that_started_before_identity_verifies_tokens_once_identity_is_up(identity):
    """A failed first fetch (identity still starting) must not hold back the next for the refetch interval."""
    state, url = identity
    kid = state.rotate()
    state.up = False
    check = verifier(JwksKeys(url, min_refetch_s=60, retry_after_failure_s=0.05))
    with pytest.raises(NotAuthenticated):
        check.verify(state.token(kid))
    state.up = True
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            assert check.verify(state.token(kid)).staff_id == "s-1"
            break
        except NotAuthenticated:
            time.sleep(0.01)
    else:
        pytest.fail("the token was still refused a while after identity came up")


def test_a_token_is_checked_once_and_remembered(identity, monkeypatch):
    state, url = identity
    kid = state.rotate()
    decoded = []
    decode = jwt.decode
    monkeypatch.setattr("jwt.decode", lambda *a, **k: decoded.append(1) or decode(*a, **k))
    check = verifier(JwksKeys(url))
    token = state.token(kid)
    for _ in range(3):
        assert check.verify(token).staff_id == "s-1"
    assert len(decoded) == 1
    with pytest.raises(NotAuthenticated):
        check.verify(token[:-3] + "AAA")  # the same claims with another signature are checked afresh


def test_a_remembered_token_is_refused_once_it_expires(identity):
    state, url = identity
    kid = state.rotate()
    check = verifier(JwksKeys(url))
    expires = datetime.now(UTC) + timedelta(seconds=1)
    token = state.token(kid, exp=expires)
    assert check.verify(token).staff_id == "s-1"
    deadline = time.monotonic() + 10
    while datetime.now(UTC).timestamp() < int(expires.timestamp()) and time.monotonic() < deadline:
        time.sleep(0.05)
    with pytest.raises(NotAuthenticated, match="expired"):
        check.verify(token)


def test_a_remembered_token_is_refused_once_its_key_is_retired(identity):
    state, url = identity
    kid = state.rotate()
    check = verifier(JwksKeys(url, refresh_s=0, min_refetch_s=0))
    token = state.token(kid)
    assert check.verify(token).staff_id == "s-1"
    del state.keys[kid]
    state.rotate()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            check.verify(token)
            time.sleep(0.02)
        except NotAuthenticated:
            break
    else:
        pytest.fail("a token signed with a retired key was still accepted")


def test_the_remembered_tokens_are_bounded(identity):
    state, url = identity
    kid = state.rotate()
    check = TokenVerifier(JwksKeys(url), issuer="psn-identity", audience="psn", remembered=2)
    tokens = [state.token(kid, sub=f"s-{n}") for n in range(3)]
    assert [check.verify(t).staff_id for t in tokens] == ["s-0", "s-1", "s-2"]
    assert list(check._verified) == tokens[1:]


def test_a_worker_forked_mid_refresh_refreshes_on_its_own(identity):
    """gunicorn forks its workers from a master that built the keys; the master's refresh thread
    does not exist in a worker, so a worker must not wait on it for ever."""
    import os

    state, url = identity
    kid = state.rotate()
    keys = JwksKeys(url, refresh_s=0)
    keys._refreshing.set()  # as if the master's refresh thread were running at the fork
    pid = os.fork()
    if pid == 0:
        deadline = time.monotonic() + 5
        while keys._fetched_at == float("-inf") and time.monotonic() < deadline:
            time.sleep(0.01)
        os._exit(0 if keys._fetched_at != float("-inf") and keys._keys.get(kid) is not None else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
