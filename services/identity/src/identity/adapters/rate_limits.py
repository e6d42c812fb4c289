"""Rate-limit counters in identity's own database: Flask-Limiter's storage when no Redis is configured.

Counters kept in memory are per gunicorn worker, so a limit of 5 became 5 per worker and a client
met 401 and 429 in turn as its requests landed on different workers. The counters must be shared
by every worker and every replica. Identity already has a database they all write to, so the
embedded default counts there (`database://`); `RATELIMIT_STORAGE_URI=redis://…` takes the same
counters to Redis instead. A storage for Flask-Limiter (rather than counting in the use cases) keeps
one mechanism, configured once, for the failed-login throttle and the per-user limits alike.

One row per key and window (fixed window, Flask-Limiter's default strategy). A hit is one atomic
upsert that starts a new window when the old one has expired and returns the count, so two
workers counting at once can neither lose a hit nor both see the same count.
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from identity.adapters.orm import rate_limits

SCHEME = "database"
# Rows of windows long over are removed at most this often, by whichever worker hits first.
PURGE_EVERY_S = 600.0


def storage_config(uri: str, engine: Engine) -> dict[str, Any]:
    """Flask-Limiter's settings for a storage URI: `database://` counts in identity's database."""
    options = {"engine": engine} if uri.startswith(f"{SCHEME}://") else {}
    return {"RATELIMIT_STORAGE_URI": uri, "RATELIMIT_STORAGE_OPTIONS": options}


class DatabaseStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.engine = engine
        self._insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        self._last_purge = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        expired = rate_limits.c.expires_at <= now
        # A place given back (amount -1, api/limits.py) after its window ended must not lend the
        # next window an extra one.
        fresh = max(amount, 0)
        statement = (
            self._insert(rate_limits)
            .values(key=key, hits=fresh, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[rate_limits.c.key],
                # Both expressions read the row as it was before this statement.
                set_={
                    "hits": case((expired, fresh), else_=rate_limits.c.hits + amount),
                    "expires_at": case((expired, now + expiry), else_=rate_limits.c.expires_at),
                },
            )
            .returning(rate_limits.c.hits)
        )
        with self.engine.begin() as conn:
            hits = conn.execute(statement).scalar_one()
            if now - self._last_purge > PURGE_EVERY_S:
                conn.execute(delete(rate_limits).where(expired))
                self._last_purge = now
        return hits

    def get(self, key: str) -> int:
        now = time.time()
        with self.engine.connect() as conn:
            hits = conn.execute(
                select(rate_limits.c.hits).where(rate_limits.c.key == key, rate_limits.c.expires_at > now)
            ).scalar()
        return hits or 0

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as conn:
            expires_at = conn.execute(select(rate_limits.c.expires_at).where(rate_limits.c.key == key)).scalar()
        return expires_at or time.time()

    def check(self) -> bool:
        with self.engine.connect() as conn:
            conn.execute(select(1))
        return True

    def reset(self) -> int:
        with self.engine.begin() as conn:
            return conn.execute(delete(rate_limits)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(rate_limits).where(rate_limits.c.key == key))
