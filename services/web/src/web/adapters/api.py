"""Calls to the four services' APIs on behalf of the signed-in person.

The access and refresh tokens live in the server-side session. An access token about to expire, or
refused with 401, is traded once for a new pair (identity rotates refresh tokens, so the new pair is
saved at once); when that fails the person must sign in again (`SignedOut`). A problem document
(RFC 9457) becomes an `ApiProblem` the pages show as the design system's error summary.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

# Refresh this long before the access token's stated expiry, so a call never starts with one about to lapse.
EARLY_REFRESH_S = 30


@dataclass
class FieldError:
    field: str | None
    message: str


@dataclass
class ApiProblem(Exception):
    status: int
    title: str
    detail: str = ""
    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"

    @classmethod
    def from_response(cls, response: requests.Response) -> ApiProblem:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        errors = [FieldError(e.get("field"), str(e.get("message", ""))) for e in body.get("errors") or []
                  if isinstance(e, dict)]
        return cls(response.status_code, str(body.get("title") or response.reason or "Error"),
                   str(body.get("detail") or ""), errors)


class SignedOut(Exception):
    """No session, or the refresh token was refused: the person signs in again."""


class ServiceUnavailable(Exception):
    """A service did not answer (down, or too slow)."""


@dataclass
class Tokens:
    access: str
    refresh: str
    access_expires_at: float

    @classmethod
    def from_body(cls, body: dict[str, Any], now: float) -> Tokens:
        return cls(body["access_token"], body["refresh_token"], now + int(body.get("expires_in") or 0))

    def as_dict(self) -> dict[str, Any]:
        return {"access": self.access, "refresh": self.refresh, "access_expires_at": self.access_expires_at}


class Api:
    """One per request: the services' URLs, a pooled HTTP session, and where the tokens are kept."""

    def __init__(self, urls: dict[str, str], http: requests.Session, store: dict[str, Any], timeout: float,
                 correlation_id: str = "", client_address: str | None = None) -> None:
        self.urls = urls
        self.http = http
        self.store = store  # the Flask session
        self.timeout = timeout
        self.correlation_id = correlation_id
        # The browser's address, passed on as a proxy passes it: identity counts failed sign-ins and reset
        # requests per address, and every call from here would otherwise share the web server's one.
        self.client_address = client_address

    # --- signing in and out -------------------------------------------------------------------
    def sign_in(self, email: str, password: str) -> dict[str, Any]:
        body = self._send("POST", "identity", "/api/v1/auth/token", json={"email": email, "password": password})
        self._keep(Tokens.from_body(body, time.time()))
        return self.get("identity", "/api/v1/me")

    def sign_out(self) -> None:
        tokens = self.tokens()
        if tokens:
            # The login ends with the session here either way; identity's token lapses by itself.
            with contextlib.suppress(ApiProblem, ServiceUnavailable):
                self._send("POST", "identity", "/api/v1/auth/logout", json={"refresh_token": tokens.refresh})
        self.store.pop("tokens", None)

    def tokens(self) -> Tokens | None:
        kept = self.store.get("tokens")
        return Tokens(**kept) if kept else None

    def _keep(self, tokens: Tokens) -> None:
        self.store["tokens"] = tokens.as_dict()

    def _refresh(self, tokens: Tokens) -> Tokens:
        try:
            body = self._send("POST", "identity", "/api/v1/auth/refresh", json={"refresh_token": tokens.refresh})
        except ApiProblem as problem:
            self.store.pop("tokens", None)
            raise SignedOut() from problem
        fresh = Tokens.from_body(body, time.time())
        self._keep(fresh)
        return fresh

    # --- calls as the person ------------------------------------------------------------------
    def get(self, service: str, path: str, **params: Any) -> Any:
        return self.call("GET", service, path, params={k: v for k, v in params.items() if v is not None})

    def post(self, service: str, path: str, body: Any = None, *, idempotency_key: str | None = None) -> Any:
        return self.call("POST", service, path, json=body if body is not None else {},
                         headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())})

    def put(self, service: str, path: str, body: Any = None, *, if_match: str | None = None) -> Any:
        """`if_match`: the ETag of the version the person read; the API answers 412 if it has changed since."""
        return self.call("PUT", service, path, json=body, headers={"If-Match": if_match} if if_match else None)

    def patch(self, service: str, path: str, body: Any, *, if_match: str | None = None) -> Any:
        """Some fields changed; `if_match` as for `put`."""
        return self.call("PATCH", service, path, json=body, headers={"If-Match": if_match} if if_match else None)

    def get_versioned(self, service: str, path: str) -> tuple[Any, str]:
        """A resource and its ETag, for an edit that must not overwrite someone else's (If-Match)."""
        response = self.call("GET", service, path, raw=True)
        return response.json(), response.headers.get("ETag", "")

    def public_get(self, service: str, path: str) -> Any:
        """A read anyone may make without signing in (checking a certificate's code)."""
        return self._send("GET", service, path)

    def public_post(self, service: str, path: str, body: Any, *, idempotency_key: str | None = None) -> Any:
        """A call made before anyone signs in (asking for a password reset, setting the new password)."""
        return self._send("POST", service, path, json=body,
                          headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())})

    def upload(self, service: str, path: str, *, timeout: float, **body: Any) -> Any:
        """A file sent as the person (an import), as `requests` sends one: `data` with a `Content-Type` in
        `headers`, or `files` with `data` the form's other fields. `timeout` for a call that takes seconds."""
        return self.call("POST", service, path, timeout=timeout, **body)

    def delete(self, service: str, path: str) -> Any:
        return self.call("DELETE", service, path)

    def raw(self, service: str, path: str) -> requests.Response:
        """A non-JSON answer (a certificate's PDF), as the person."""
        return self.call("GET", service, path, raw=True)

    def call(self, method: str, service: str, path: str, *, raw: bool = False, **kwargs: Any) -> Any:
        tokens = self.tokens()
        if tokens is None:
            raise SignedOut()
        if tokens.access_expires_at - EARLY_REFRESH_S <= time.time():
            tokens = self._refresh(tokens)
        try:
            return self._send(method, service, path, token=tokens.access, raw=raw, **kwargs)
        except ApiProblem as problem:
            if problem.status != 401:
                raise
        # Refused although not expired by our clock (a key rotated, a clock skewed): one fresh try.
        tokens = self._refresh(tokens)
        try:
            return self._send(method, service, path, token=tokens.access, raw=raw, **kwargs)
        except ApiProblem as problem:
            if problem.status == 401:
                self.store.pop("tokens", None)
                raise SignedOut() from problem
            raise

    def _send(self, method: str, service: str, path: str, *, token: str | None = None, raw: bool = False,
              headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.correlation_id:
            headers["X-Correlation-ID"] = self.correlation_id
        if self.client_address:
            headers["X-Forwarded-For"] = self.client_address
        kwargs.setdefault("timeout", self.timeout)
        try:
            response = self.http.request(method, self.urls[service] + path, headers=headers, **kwargs)
        except requests.RequestException as exc:
            raise ServiceUnavailable(service) from exc
        if response.status_code >= 500:
            raise ServiceUnavailable(service)
        if response.status_code >= 400:
            raise ApiProblem.from_response(response)
        if raw:
            return response
        return response.json() if response.content else None
