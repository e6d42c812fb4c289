"""Password hashing: argon2id at OWASP's minimum (19 MiB, t=2, p=1), ~20 ms a check here.

The library default (64 MiB, t=3, p=4) takes ~140 ms on these 2-core machines, capping
logins near 20/s; OWASP's floor keeps brute force expensive and logins fast.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Checked against when the account is unknown, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash("not a real password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
