"""Local stand-ins of the outside services notifications sends through, for tests: GOV.UK Notify,
a Web Push service and Firebase Cloud Messaging (with its OAuth2 token endpoint). Each is a small
HTTP server on a free port that checks what a real one checks (Notify's JWT, the VAPID signature,
the OAuth2 assertion), decrypts what it can (a push payload, RFC 8291, with the subscription's
private key the test holds) and keeps what it received.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@contextmanager
def serving(app: Callable[[Request], Response]) -> Iterator[str]:
    """Serve `app` on a free local port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, Request.application(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _json(status: int, body: Any) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


# --- GOV.UK Notify ----------------------------------------------------------------------------------


@dataclass
class NotifyStandIn:
    """Notify's /v2/notifications/{email,sms}: checks the client's JWT (HS256 with the key's secret,
    iss the service id, iat within 30 s), refuses numbers/addresses listed in `invalid`."""

    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    invalid: set[str] = field(default_factory=set)
    failing: set[str] = field(default_factory=set)
    received: list[dict[str, Any]] = field(default_factory=list)

    @property
    def api_key(self) -> str:
        return f"psn_test-{self.service_id}-{self.secret}"

    def __call__(self, request: Request) -> Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], options={"verify_iat": True})
        except jwt.PyJWTError as exc:
            return _json(403, {"errors": [{"error": "AuthError", "message": f"Invalid token: {exc}"}]})
        if claims.get("iss") != self.service_id or abs(time.time() - claims.get("iat", 0)) > 30:
            return _json(403, {"errors": [{"error": "AuthError", "message": "Invalid token: iss or iat"}]})
        kind = request.path.rsplit("/", 1)[-1]
        if request.method != "POST" or kind not in ("email", "sms"):
            return _json(404, {"errors": [{"error": "NotFound", "message": "no such endpoint"}]})
        body = request.get_json()
        address = body.get("phone_number") or body.get("email_address")
        if address in self.invalid:
            return _json(400, {"errors": [{"error": "ValidationError", "message": f"{address} is not valid"}]})
        if address in self.failing:
            return _json(500, {"errors": [{"error": "Exception", "message": "Internal server error"}]})
        self.received.append({"kind": kind, **body})
        return _json(201, {"id": str(uuid.uuid4()), "reference": body.get("reference"), "content": {}})

    def to(self, address: str) -> list[dict[str, Any]]:
        return [m for m in self.received if address in (m.get("phone_number"), m.get("email_address"))]


# --- Web Push -----------------------------------------------------------------------------------------


@dataclass
class Subscriber:
    """A browser's side of a push subscription: its key pair and auth secret (RFC 8291)."""

    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))
    name: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def subscription(self, push_url: str) -> dict[str, Any]:
        return {"endpoint": f"{push_url}/push/{self.name}", "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm")


@dataclass
class PushStandIn:
    """A push service: POST /push/<name> for a known subscriber, with a VAPID JWT (ES256 under the
    `k` key) whose aud is this origin; the payload decrypted and kept. Names in `gone` get 410."""

    subscribers: dict[str, Subscriber] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def subscriber(self) -> Subscriber:
        subscriber = Subscriber()
        self.subscribers[subscriber.name] = subscriber
        return subscriber

    def __call__(self, request: Request) -> Response:
        name = request.path.rsplit("/", 1)[-1]
        if name in self.gone:
            return Response(status=410)
        subscriber = self.subscribers.get(name)
        if subscriber is None or request.method != "POST":
            return Response(status=404)
        problem = self._vapid_problem(request)
        if problem:
            self.refused.append(problem)
            return Response(problem, status=401)
        if request.headers.get("Content-Encoding") != "aes128gcm":
            return Response("aes128gcm only", status=400)
        payload = json.loads(subscriber.decrypt(request.get_data()))
        self.received.append({"subscriber": name, "ttl": request.headers.get("TTL"), **payload})
        return Response(status=201)

    def _vapid_problem(self, request: Request) -> str | None:
        scheme, _, params = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "vapid":
            return "no VAPID authorization"
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
            claims = jwt.decode(parts["t"], key, algorithms=["ES256"], audience=request.host_url.rstrip("/"))
        except (KeyError, ValueError, jwt.PyJWTError) as exc:
            return f"bad VAPID token: {exc}"
        return None if str(claims.get("sub", "")).startswith(("mailto:", "https:")) else "VAPID sub missing"

    def to(self, subscriber: Subscriber) -> list[dict[str, Any]]:
        return [m for m in self.received if m["subscriber"] == subscriber.name]


# --- Firebase Cloud Messaging ---------------------------------------------------------------------


@dataclass
class FcmStandIn:
    """FCM HTTP v1 and Google's OAuth2 token endpoint: /token trades a service account's signed JWT
    (RS256, checked with its public key) for an access token; /v1/projects/<p>/messages:send needs
    it. Tokens in `unregistered` get 404 UNREGISTERED."""

    project_id: str = "psn-test"
    unregistered: set[str] = field(default_factory=set)
    received: list[dict[str, Any]] = field(default_factory=list)
    tokens_issued: int = 0
    private_key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    access_tokens: set[str] = field(default_factory=set)
    base_url: str = ""

    def service_account(self) -> dict[str, Any]:
        pem = self.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode()
        return {"type": "service_account", "project_id": self.project_id, "private_key_id": "test-key",
                "private_key": pem, "client_email": f"psn@{self.project_id}.iam.gserviceaccount.com",
                "client_id": "1", "token_uri": f"{self.base_url}/token"}

    def __call__(self, request: Request) -> Response:
        if request.path == "/token":
            return self._token(request)
        if request.path != f"/v1/projects/{self.project_id}/messages:send":
            return _json(404, {"error": {"code": 404, "status": "NOT_FOUND"}})
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.access_tokens:
            return _json(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
        message = request.get_json()["message"]
        if message["token"] in self.unregistered:
            return _json(404, {"error": {"code": 404, "status": "NOT_FOUND", "details": [
                {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}})
        self.received.append(message)
        return _json(200, {"name": f"projects/{self.project_id}/messages/{uuid.uuid4()}"})

    def _token(self, request: Request) -> Response:
        assertion = request.form.get("assertion", "")
        try:
            # google-auth names Google's token endpoint as the audience, wherever token_uri points.
            claims = jwt.decode(assertion, self.private_key.public_key(), algorithms=["RS256"],
                                audience="https://oauth2.googleapis.com/token")
        except jwt.PyJWTError as exc:
            return _json(400, {"error": "invalid_grant", "error_description": str(exc)})
        if "firebase.messaging" not in claims.get("scope", ""):
            return _json(400, {"error": "invalid_scope"})
        token = uuid.uuid4().hex
        self.access_tokens.add(token)
        self.tokens_issued += 1
        return _json(200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"})

    def to(self, token: str) -> list[dict[str, Any]]:
        return [m for m in self.received if m["token"] == token]


@contextmanager
def fcm_stand_in(stand_in: FcmStandIn | None = None) -> Iterator[FcmStandIn]:
    stand_in = stand_in or FcmStandIn()
    with serving(stand_in) as url:
        stand_in.base_url = url
        yield stand_in


def vapid_private_key() -> str:
    """A fresh VAPID key as the configuration holds it: the raw P-256 private number, base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))
