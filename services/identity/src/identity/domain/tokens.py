"""Refresh tokens and password-reset tokens: opaque secrets of which only a hash is kept.

A refresh token belongs to a family (one login). Using it ends it and issues the next in the
family; a token used a second time means it was stolen, so the whole family is revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from identity.domain.model import new_id


def new_secret() -> tuple[str, str]:
    """A fresh secret and the hash that is stored in its place (256 bits: no salt or slow hash needed)."""
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class RefreshLifetime:
    """How long a refresh token lives: `ttl` from its issue, renewed by each rotation, but never
    past `max_age` from the login that started its family, so a stolen token kept fresh by
    rotating it cannot stand in for a password for ever."""

    ttl: timedelta
    max_age: timedelta

    def expiry(self, family_started_at: datetime, now: datetime) -> datetime:
        return min(now + self.ttl, family_started_at + self.max_age)


@dataclass(eq=False)
class RefreshToken:
    staff_id: str
    family_id: str
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    family_started_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: str = field(default_factory=new_id)

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


@dataclass(eq=False)
class PasswordReset:
    staff_id: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    id: str = field(default_factory=new_id)

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
