"""Verify identity's access tokens locally, and the checks every endpoint makes with them.

Tokens are ES256 JWTs typed `at+jwt` (RFC 9068), signed by identity with a key named by `kid`;
the other services fetch identity's JWKS once and cache it (PyJWKClient refetches on an
unknown `kid`, so a key rotation needs no restart). Algorithm, issuer, audience and expiry
are all checked; `alg: none` and algorithm confusion fail because only ES256 is accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jwt

from psn_shared.config import ConfigError, Settings
from psn_shared.errors import Forbidden, NotAuthenticated

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
            raise Forbidden(f"this needs one of the roles: {', '.join(roles)}")

    def require_self_or_role(self, staff_id: str, *roles: str) -> None:
        """Per-object check: the person themselves, or someone holding one of `roles`."""
        if self.staff_id != staff_id and not self.has_role(*roles):
            raise Forbidden("you may only act on your own records")


def jwks_resolver(jwks_url: str) -> KeyResolver:
    client = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=5)

    def resolve(kid: str) -> Any:
        try:
            return client.get_signing_key(kid).key
        except jwt.PyJWKClientError as exc:
            raise NotAuthenticated(f"token signed with an unknown key: {exc}") from exc

    return resolve


class TokenVerifier:
    def __init__(self, resolve_key: KeyResolver, *, issuer: str, audience: str) -> None:
        self.resolve_key = resolve_key
        self.issuer = issuer
        self.audience = audience

    def verify(self, token: str) -> Principal:
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
        return Principal(staff_id=str(claims["sub"]), roles=frozenset(_roles(claims.get("roles"))))


def verifier_from_settings(settings: Settings) -> TokenVerifier:
    """The verifier a service's web app uses: identity's JWKS, with the configured issuer and audience.

    A web process cannot check a token without identity's keys, so a missing IDENTITY_JWKS_URL
    stops it at start-up rather than failing every request.
    """
    if not settings.jwks_url:
        raise ConfigError("environment variable IDENTITY_JWKS_URL is required")
    return TokenVerifier(jwks_resolver(settings.jwks_url), issuer=settings.jwt_issuer, audience=settings.jwt_audience)


def _roles(raw: object) -> Iterable[str]:
    if isinstance(raw, list):
        return [r for r in raw if isinstance(r, str)]
    return []
