"""Access tokens for service tests, signed as identity signs them, and a verifier that accepts them.

One EC key, generated per test run, stands in for identity's signing key: `bearer()` signs
`at+jwt` tokens with it and `verifier()` checks them, so a service's API can be tested without
identity running. Pass `key=` to sign with some other key (a token identity never issued).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from psn_shared.auth import ALGORITHM, TOKEN_TYPE, TokenVerifier
from psn_shared.errors import NotAuthenticated

KID = "test-key"
ISSUER, AUDIENCE = "psn-identity", "psn"
LIFETIME = timedelta(minutes=5)

# Generated per run: identity's key, as far as the tests are concerned.
SIGNING_KEY = ec.generate_private_key(ec.SECP256R1())
PUBLIC_KEY = SIGNING_KEY.public_key()


def token(staff_id: str, *roles: str, key: ec.EllipticCurvePrivateKey = SIGNING_KEY) -> str:
    """An access token for `staff_id` holding `staff` and `roles`, valid for five minutes."""
    now = datetime.now(UTC)
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": staff_id,
        "iat": now,
        "exp": now + LIFETIME,
        "roles": ["staff", *roles],
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": KID, "typ": TOKEN_TYPE})


def bearer(staff_id: str, *roles: str, key: ec.EllipticCurvePrivateKey = SIGNING_KEY) -> dict[str, str]:
    """bearer(staff_id, *roles): the Authorization header of a token identity would issue."""
    return {"Authorization": f"Bearer {token(staff_id, *roles, key=key)}"}


def resolve_key(kid: str) -> object:
    """Identity's JWKS as the tests see it: one key, named KID."""
    if kid != KID:
        raise NotAuthenticated("token signed with an unknown key")
    return PUBLIC_KEY


def verifier() -> TokenVerifier:
    """A verifier that accepts exactly the tokens `bearer()` signs with the run's key."""
    return TokenVerifier(resolve_key, issuer=ISSUER, audience=AUDIENCE)
