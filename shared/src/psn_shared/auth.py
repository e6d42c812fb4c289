"""Verify identity's access tokens locally, and the checks every endpoint makes with them.

Tokens are ES256 JWTs typed `at+jwt` (RFC 9068), signed by identity with a key named by `kid`;
the other services fetch identity's JWKS once, keep it, refresh it in the background and
refetch on an unknown `kid`, so a key rotation needs no restart and an identity outage does
not stop them checking tokens. Algorithm, issuer, audience and expiry
are all checked; `alg: none` and algorithm confusion fail because only ES256 is accepted.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.request
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from psn_shared.config import ConfigError, Settings
from psn_shared.errors import Forbidden, NotAuthenticated

log = logging.getLogger(__name__)

ALGORITHM = "ES256"
TOKEN_TYPE = "at+jwt"

KeyResolver = Callable[[str], Any]


@dataclass(frozen=True)
class Principal:
    """Who is calling: a member of staff and the roles their token carries."""

    staff_id: str
    roles: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def require_role(self, *roles: str) -> None:
        if not self.has_role(*roles):
            raise Forbidden(f"this needs one of the roles: {', '.join(sorted(roles))}")

    def require_self_or_role(self, staff_id: str, *roles: str) -> None:
        """Per-object check: the person themselves, or someone holding one of `roles`."""
        if self.staff_id != staff_id and not self.has_role(*roles):
            raise Forbidden("you may only act on your own records")


class JwksKeys:
    """identity's public keys, fetched once and refreshed in the background.

    A request never waits on identity except for a key id it has not seen (a rotation), and
    then at most once per `min_refetch_s`; an identity outage leaves the known keys in use.
    Each fetch replaces the whole set, so a key identity has retired stops being trusted.
    """

    def __init__(self, jwks_url: str, *, refresh_s: float = 300.0, min_refetch_s: float = 10.0,
                 retry_after_failure_s: float = 0.5) -> None:
        self.jwks_url = jwks_url
        self.refresh_s = refresh_s
        self.min_refetch_s = min_refetch_s
        self.retry_after_failure_s = retry_after_failure_s
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._next_fetch_at = float("-inf")
        self._lock = threading.Lock()
        self._refreshing = threading.Event()
        _BUILT.add(self)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()
        self._refreshing = threading.Event()
        self.warm_up()

    def warm_up(self) -> None:
        """Fetch in the background at start-up, so the first request finds the keys already here."""
        self._refresh_in_background()

    def __call__(self, kid: str) -> Any:
        key = self._keys.get(kid)
        if key is None and time.monotonic() >= self._next_fetch_at:
            self._fetch()
            key = self._keys.get(kid)
        if key is None:
            raise NotAuthenticated("token signed with an unknown key")
        if time.monotonic() - self._fetched_at > self.refresh_s:
            self._refresh_in_background()
        return key

    def _fetch(self) -> None:
        with self._lock:
            try:
                # urllib rather than requests: one GET now and then does not need the 3.6 MiB
                # requests adds to every worker (bench/README.md, "Memory"). A status other than
                # 2xx raises HTTPError, an OSError as every failure to connect or read is.
                import jwt  # see _check

                with urllib.request.urlopen(self.jwks_url, timeout=3) as response:
                    document = json.load(response)
                keys = jwt.PyJWKSet.from_dict(document).keys
                self._keys = {key.key_id: key.key for key in keys if key.key_id}
                self._fetched_at = time.monotonic()
                self._next_fetch_at = self._fetched_at + self.min_refetch_s
            except (OSError, ValueError, jwt.PyJWKSetError):
                log.warning("could not fetch identity's JWKS from %s; keeping the keys we have", self.jwks_url)
                # Identity may still be starting: a failed fetch must not hold back the next one
                # for the whole refetch interval, or every token is refused meanwhile.
                self._next_fetch_at = time.monotonic() + self.retry_after_failure_s

    def _refresh_in_background(self) -> None:
        if self._refreshing.is_set():
            return
        self._refreshing.set()

        def refresh() -> None:
            try:
                self._fetch()
            finally:
                self._refreshing.clear()

        threading.Thread(target=refresh, name="jwks-refresh", daemon=True).start()


@dataclass(frozen=True)
class _Verified:
    principal: Principal
    expires_at: float
    kid: str
    key: Any


class TokenVerifier:
    """Checks a token's signature and claims once, then remembers the answer until it expires.

    A client sends the same access token with every request for its lifetime, and checking an
    ES256 signature is most of what authenticating a request costs. A remembered token is still
    refused once it expires or once its key is no longer one identity publishes.
    """

    def __init__(self, resolve_key: KeyResolver, *, issuer: str, audience: str, remembered: int = 4096) -> None:
        self.resolve_key = resolve_key
        self.issuer = issuer
        self.audience = audience
        self.remembered = remembered
        self._verified: dict[str, _Verified] = {}

    def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            if time.time() >= known.expires_at:
                self._verified.pop(token, None)
                raise NotAuthenticated("token has expired")
            # The same token has the same header: its key id need not be decoded again.
            if self.resolve_key(known.kid) is known.key:
                return known.principal
        verified = self._check(token)
        self._remember(token, verified)
        return verified.principal

    def _check(self, token: str) -> _Verified:
        # Imported here, by what verifies: the worker kinds import this module for `Principal` alone,
        # and PyJWT brings cryptography with it, some 9 MiB a process (bench/README.md, "Memory").
        import jwt

        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise NotAuthenticated(f"malformed token: {exc}") from exc
        if header.get("alg") != ALGORITHM or header.get("typ") != TOKEN_TYPE or "kid" not in header:
            raise NotAuthenticated("token is not an ES256 access token with a key id")
        key = self.resolve_key(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise NotAuthenticated("token has expired") from exc
        except jwt.InvalidTokenError as exc:
            raise NotAuthenticated(f"invalid token: {exc}") from exc
        principal = Principal(staff_id=str(claims["sub"]), roles=frozenset(_roles(claims.get("roles"))))
        return _Verified(principal, float(claims["exp"]), header["kid"], key)

    def _remember(self, token: str, verified: _Verified) -> None:
        if len(self._verified) >= self.remembered:
            # Dicts keep insertion order: the oldest token goes first.
            self._verified.pop(next(iter(self._verified), ""), None)
        self._verified[token] = verified


# gunicorn forks workers from a master that already built its keys: a refresh thread running at the
# fork does not exist in the child, so each child starts its own.
_BUILT: weakref.WeakSet[JwksKeys] = weakref.WeakSet()
os.register_at_fork(after_in_child=lambda: [keys._after_fork() for keys in list(_BUILT)])


def verifier_from_settings(settings: Settings) -> TokenVerifier:
    """The verifier a service's web app uses: identity's JWKS, with the configured issuer and audience.

    A web process cannot check a token without identity's keys, so a missing IDENTITY_JWKS_URL
    stops it at start-up rather than failing every request.
    """
    if not settings.jwks_url:
        raise ConfigError("environment variable IDENTITY_JWKS_URL is required")
    keys = JwksKeys(settings.jwks_url)
    keys.warm_up()
    return TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)


def _roles(raw: object) -> Iterable[str]:
    if isinstance(raw, list):
        return [r for r in raw if isinstance(r, str)]
    return []
