"""Server-side sessions: the browser holds only a random id; the tokens stay on the server.

The cookie is httpOnly (no script reads it), SameSite=Lax (not sent on another site's form posts) and
Secure whenever the page was served over https (so plain http on a developer's machine still works).
Where sessions are kept is chosen by configuration: one JSON file each under a directory every gunicorn
worker of one host shares (the default, for `make run`), or Redis, shared by every replica (Kubernetes),
so any pod serves anyone and a rolling update signs nobody out (docs/decisions.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

import redis
from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

COOKIE = "psn_session"


# What a store raises when it cannot be reached or written: the page is a 503, never a 500.
STORE_ERRORS = (OSError, redis.RedisError)
log = logging.getLogger(__name__)


class ServerSession(CallbackDict, SessionMixin):
    # True when the store could not be read: the app answers 503 and nothing is saved.
    unavailable = False

    def __init__(self, sid: str, data: dict[str, Any] | None = None, new: bool = False) -> None:
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.sid = sid
        self.new = new
        self.modified = False


class SessionStore(Protocol):
    idle_s: int

    def load(self, sid: str) -> dict[str, Any] | None: ...
    def save(self, sid: str, data: dict[str, Any]) -> None: ...
    def delete(self, sid: str) -> None: ...
    def purge_idle(self) -> int: ...
    def check(self) -> None:
        """Raises (OSError, redis.RedisError) when the store cannot take writes: the pod is not ready."""


def _hashed(sid: str) -> str:
    """Where a session is kept is named by a hash of its id: the id itself is never written down."""
    return hashlib.sha256(sid.encode()).hexdigest()


class FileSessionStore:
    """Sessions as files named by a hash of their id."""

    def __init__(self, directory: Path, idle_s: int) -> None:
        self.directory = directory
        self.idle_s = idle_s
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, sid: str) -> Path:
        return self.directory / _hashed(sid)

    def load(self, sid: str) -> dict[str, Any] | None:
        path = self._path(sid)
        try:
            if time.time() - path.stat().st_mtime > self.idle_s:
                path.unlink(missing_ok=True)
                return None
            return json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return None

    def save(self, sid: str, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self._path(sid))

    def delete(self, sid: str) -> None:
        self._path(sid).unlink(missing_ok=True)

    def purge_idle(self) -> int:
        """Remove sessions idle longer than allowed; returns how many."""
        removed, cutoff = 0, time.time() - self.idle_s
        for path in self.directory.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed


    def check(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not os.access(self.directory, os.W_OK):
            raise PermissionError(f"{self.directory} takes no writes")


class RedisSessionStore:
    """Sessions in Redis, shared by every replica: each a JSON string that expires after the idle time,
    renewed with each use (so nothing needs sweeping)."""

    PREFIX = "psn:web:session:"

    def __init__(self, url: str, idle_s: int, timeout_s: float = 2.0) -> None:
        self.redis = redis.Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
                                          health_check_interval=30)
        self.idle_s = idle_s

    def load(self, sid: str) -> dict[str, Any] | None:
        kept = self.redis.get(self.PREFIX + _hashed(sid))
        if kept is None:
            return None
        try:
            return json.loads(kept)
        except ValueError:
            return None

    def save(self, sid: str, data: dict[str, Any]) -> None:
        self.redis.set(self.PREFIX + _hashed(sid), json.dumps(data), ex=self.idle_s)

    def delete(self, sid: str) -> None:
        self.redis.delete(self.PREFIX + _hashed(sid))

    def purge_idle(self) -> int:
        return 0  # Redis expires them itself

    def check(self) -> None:
        self.redis.set(self.PREFIX + "ready", "1", ex=60)


def session_store(redis_url: str, directory: Path, idle_s: int) -> SessionStore:
    """Redis when a URL is configured (replicas share it); otherwise files on this host."""
    return RedisSessionStore(redis_url, idle_s) if redis_url else FileSessionStore(directory, idle_s)


# Sessions left behind (a sign-in page opened and never used writes one for its CSRF token) are swept
# by the workers themselves, each at most this often, so the directory never grows without bound.
PURGE_EVERY_S = 600


class ServerSessionInterface(SessionInterface):
    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.last_purge = time.monotonic()

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(COOKIE, "")
        try:
            if sid:
                data = self.store.load(sid)
            else:  # a new visitor's session is written at the end of the request: know now that it can be
                self.store.check()
                data = None
        except STORE_ERRORS as exc:
            log.warning("session store unavailable", extra={"ctx_error": type(exc).__name__})
            session = ServerSession(secrets.token_urlsafe(32), new=True)
            session.unavailable = True
            return session
        if data is None:
            return ServerSession(secrets.token_urlsafe(32), new=True)
        return ServerSession(sid, data)

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        from flask import request

        if session.unavailable:
            return
        try:
            self._keep(session, response, request.is_secure)
        except STORE_ERRORS as exc:
            # The answer stands; what changed in the session is lost (at worst, signing in again).
            log.warning("session not saved", extra={"ctx_error": type(exc).__name__})

    def _keep(self, session: ServerSession, response: Response, secure: bool) -> None:
        if not session:
            if not session.new:
                self.store.delete(session.sid)
                response.delete_cookie(COOKIE, path="/")
            return
        # Written on every request, so the idle clock (the file's time) restarts with each use.
        self.store.save(session.sid, dict(session))
        if time.monotonic() - self.last_purge > PURGE_EVERY_S:
            self.last_purge = time.monotonic()
            self.store.purge_idle()
        response.set_cookie(
            COOKIE, session.sid, max_age=self.store.idle_s, path="/", httponly=True, samesite="Lax", secure=secure,
        )
        response.vary.add("Cookie")

    def regenerate(self, session: ServerSession) -> None:
        """A new id at sign-in and sign-out, so an id known before (fixation) opens nothing after."""
        if not session.new:
            self.store.delete(session.sid)
        session.sid = secrets.token_urlsafe(32)
        session.modified = True
