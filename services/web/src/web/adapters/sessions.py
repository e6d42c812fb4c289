"""Server-side sessions: the browser holds only a random id; the tokens stay on the server.

The cookie is httpOnly (no script reads it), SameSite=Lax (not sent on another site's form posts) and
Secure whenever the page was served over https (so plain http on a developer's machine still works).
Each session is one JSON file under a directory every gunicorn worker shares, written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

COOKIE = "psn_session"


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, sid: str, data: dict[str, Any] | None = None, new: bool = False) -> None:
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.sid = sid
        self.new = new
        self.modified = False


class FileSessionStore:
    """Sessions as files named by a hash of their id (the id itself is never written down)."""

    def __init__(self, directory: Path, idle_s: int) -> None:
        self.directory = directory
        self.idle_s = idle_s
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, sid: str) -> Path:
        return self.directory / hashlib.sha256(sid.encode()).hexdigest()

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


# Sessions left behind (a sign-in page opened and never used writes one for its CSRF token) are swept
# by the workers themselves, each at most this often, so the directory never grows without bound.
PURGE_EVERY_S = 600


class ServerSessionInterface(SessionInterface):
    def __init__(self, store: FileSessionStore) -> None:
        self.store = store
        self.last_purge = time.monotonic()

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(COOKIE, "")
        data = self.store.load(sid) if sid else None
        if data is None:
            return ServerSession(secrets.token_urlsafe(32), new=True)
        return ServerSession(sid, data)

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        from flask import request

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
            COOKIE, session.sid, max_age=self.store.idle_s, path="/", httponly=True, samesite="Lax",
            secure=request.is_secure,
        )
        response.vary.add("Cookie")

    def regenerate(self, session: ServerSession) -> None:
        """A new id at sign-in and sign-out, so an id known before (fixation) opens nothing after."""
        if not session.new:
            self.store.delete(session.sid)
        session.sid = secrets.token_urlsafe(32)
        session.modified = True
