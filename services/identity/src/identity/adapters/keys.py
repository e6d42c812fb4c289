"""Token signing keys (ES256), kept in identity's database so every worker signs alike.

The newest unretired key signs; the JWKS lists every key not retired longer than a token
lives, so a rotation never invalidates a token in flight.

A private key is stored encrypted (envelope encryption): a copy of the database, a backup or a
replica does not let anyone sign tokens without the key-encryption key, which lives only in the
environment (IDENTITY_KEY_ENCRYPTION_KEYS). Fernet gives authenticated encryption; MultiFernet
lets that key rotate: the first key encrypts, every key listed decrypts, and the migrate
entrypoint re-wraps every row under the first, after which an old key can be dropped.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, cast

import jwt
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Connection, Engine, insert, select, update

from identity.adapters.orm import signing_keys
from psn_shared.auth import ALGORITHM, TOKEN_TYPE, Principal
from psn_shared.errors import NotAuthenticated

log = logging.getLogger(__name__)

# base64url of b"psn-identity-development-key-32b": published here, so it protects nothing. It
# keeps `make run` and the tests working with no configuration; anywhere else, set the variable.
DEVELOPMENT_KEY = "cHNuLWlkZW50aXR5LWRldmVsb3BtZW50LWtleS0zMmI="
# Rows written before keys were encrypted hold the PEM itself.
PLAIN_PEM = "-----BEGIN"


def key_cipher(keys: tuple[str, ...]) -> MultiFernet:
    """The key-encryption keys from the settings (the first encrypts), or the development key, with a warning."""
    if not keys:
        log.warning("IDENTITY_KEY_ENCRYPTION_KEYS is not set: signing keys are encrypted with the public "
                    "development key; set it anywhere but a developer's machine")
        keys = (DEVELOPMENT_KEY,)
    return MultiFernet([Fernet(key) for key in keys])


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    @cached_property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        # One object per key, so a token verified with it is remembered (psn_shared.auth.TokenVerifier).
        return self.private_key.public_key()

    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.public_key))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}


def ensure_signing_key(engine: Engine, cipher: MultiFernet) -> None:
    """Create the first signing key if there is none (run once, before the web workers start)."""
    with engine.begin() as conn:
        if conn.execute(select(signing_keys.c.kid).where(signing_keys.c.retired_at.is_(None))).first():
            return
        _add_key(conn, cipher)


def rewrap_signing_keys(engine: Engine, cipher: MultiFernet) -> int:
    """Encrypt every key under the first key-encryption key: plain rows from before, and rows
    under an older key (run by the migrate entrypoint after a rotation). Returns how many."""
    with engine.begin() as conn:
        rows = conn.execute(
            select(signing_keys.c.kid, signing_keys.c.encrypted_private_key).with_for_update()
        ).all()
        for row in rows:
            stored = row.encrypted_private_key
            rewrapped = (
                cipher.encrypt(stored.encode()) if stored.startswith(PLAIN_PEM) else cipher.rotate(stored.encode())
            )
            conn.execute(
                update(signing_keys).where(signing_keys.c.kid == row.kid)
                .values(encrypted_private_key=rewrapped.decode())
            )
    return len(rows)


def _add_key(conn: Connection, cipher: MultiFernet) -> str:
    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    kid = uuid.uuid4().hex
    conn.execute(insert(signing_keys).values(
        kid=kid, encrypted_private_key=cipher.encrypt(pem).decode(), created_at=datetime.now(UTC),
    ))
    return kid


def _decrypt(cipher: MultiFernet, kid: str, stored: str) -> ec.EllipticCurvePrivateKey:
    try:
        pem = cipher.decrypt(stored.encode())
    except InvalidToken:
        raise RuntimeError(
            f"signing key {kid} cannot be decrypted with IDENTITY_KEY_ENCRYPTION_KEYS: list the key it was "
            "encrypted with (after the new one), or run the migrate entrypoint if it predates encryption"
        ) from None
    return cast(ec.EllipticCurvePrivateKey, serialization.load_pem_private_key(pem, None))


class KeyRing:
    """Signs access tokens with the current key and publishes the public keys."""

    def __init__(
        self, engine: Engine, cipher: MultiFernet, *, issuer: str, audience: str, ttl_s: int, reload_s: float = 60.0
    ) -> None:
        self.engine = engine
        self.cipher = cipher
        self.issuer, self.audience, self.ttl_s = issuer, audience, ttl_s
        self.reload_s = reload_s
        self._keys: list[SigningKey] = []
        self._loaded_at = 0.0

    def _current_keys(self) -> list[SigningKey]:
        if not self._keys or time.monotonic() - self._loaded_at > self.reload_s:
            cutoff = datetime.now(UTC) - timedelta(seconds=self.ttl_s)
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(signing_keys.c.kid, signing_keys.c.encrypted_private_key)
                    .where(signing_keys.c.retired_at.is_(None) | (signing_keys.c.retired_at > cutoff))
                    .order_by(signing_keys.c.created_at.desc())
                ).all()
            if not rows:
                raise RuntimeError("identity has no signing key: run the migrate entrypoint first")
            self._keys = [SigningKey(r.kid, _decrypt(self.cipher, r.kid, r.encrypted_private_key)) for r in rows]
            self._loaded_at = time.monotonic()
        return self._keys

    def rotate(self) -> str:
        """A new key signs from now on; the old ones stay in the JWKS until their last tokens expire."""
        with self.engine.begin() as conn:
            conn.execute(
                update(signing_keys).where(signing_keys.c.retired_at.is_(None)).values(retired_at=datetime.now(UTC))
            )
            kid = _add_key(conn, self.cipher)
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
                    return key.public_key
        raise NotAuthenticated("token signed with an unknown key")
