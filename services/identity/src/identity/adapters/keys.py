"""Token signing keys (ES256), kept in identity's database so every worker signs alike.

The newest unretired key signs; the JWKS lists every key not retired longer than a token
lives, so a rotation never invalidates a token in flight.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Connection, Engine, insert, select, update

from identity.adapters.orm import signing_keys
from psn_shared.auth import ALGORITHM, TOKEN_TYPE, Principal
from psn_shared.errors import NotAuthenticated


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.private_key.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}


def ensure_signing_key(engine: Engine) -> None:
    """Create the first signing key if there is none (run once, before the web workers start)."""
    with engine.begin() as conn:
        if conn.execute(select(signing_keys.c.kid).where(signing_keys.c.retired_at.is_(None))).first():
            return
        _add_key(conn)


def _add_key(conn: Connection) -> str:
    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    kid = uuid.uuid4().hex
    conn.execute(insert(signing_keys).values(kid=kid, private_pem=pem, created_at=datetime.now(UTC)))
    return kid


class KeyRing:
    """Signs access tokens with the current key and publishes the public keys."""

    def __init__(self, engine: Engine, *, issuer: str, audience: str, ttl_s: int, reload_s: float = 60.0) -> None:
        self.engine = engine
        self.issuer, self.audience, self.ttl_s = issuer, audience, ttl_s
        self.reload_s = reload_s
        self._keys: list[SigningKey] = []
        self._loaded_at = 0.0

    def _current_keys(self) -> list[SigningKey]:
        if not self._keys or time.monotonic() - self._loaded_at > self.reload_s:
            cutoff = datetime.now(UTC) - timedelta(seconds=self.ttl_s)
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(signing_keys.c.kid, signing_keys.c.private_pem)
                    .where(signing_keys.c.retired_at.is_(None) | (signing_keys.c.retired_at > cutoff))
                    .order_by(signing_keys.c.created_at.desc())
                ).all()
            if not rows:
                raise RuntimeError("identity has no signing key: run the migrate entrypoint first")
            self._keys = [
                SigningKey(r.kid, serialization.load_pem_private_key(r.private_pem.encode(), None)) for r in rows
            ]
            self._loaded_at = time.monotonic()
        return self._keys

    def rotate(self) -> str:
        """A new key signs from now on; the old ones stay in the JWKS until their last tokens expire."""
        with self.engine.begin() as conn:
            conn.execute(
                update(signing_keys).where(signing_keys.c.retired_at.is_(None)).values(retired_at=datetime.now(UTC))
            )
            kid = _add_key(conn)
        self._keys = []
        return kid

    def issue(self, principal: Principal) -> tuple[str, int]:
        key = self._current_keys()[0]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": principal.staff_id,
            "iat": now,
            "nbf": now,
            "exp": now + self.ttl_s,
            "jti": uuid.uuid4().hex,
            "roles": sorted(principal.roles),
        }
        token = jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": TOKEN_TYPE})
        return token, self.ttl_s

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk() for key in self._current_keys()]}

    def public_key(self, kid: str) -> Any:
        """The key resolver identity's own endpoints verify tokens with.

        Another worker may have rotated the key since this one last read them: look once more.
        """
        for reload in (False, True):
            if reload:
                self._keys = []
            for key in self._current_keys():
                if key.kid == kid:
                    return key.private_key.public_key()
        raise NotAuthenticated("token signed with an unknown key")
