"""Idempotency keys (IETF httpapi draft): a client that retries a POST gets the first answer again.

A POST sent with `Idempotency-Key` by an authenticated caller first claims the key (one row,
unique per caller and key) in a transaction of its own. The same key again, with the same
request, replays the stored answer without doing the work again; with another request it is a
422; while the first is still being answered, a 409. An answer of 5xx, or a request that
fails with an exception, releases the key so the retry does the work. Keys are kept 24 hours.

If a process dies between committing the work and storing its answer, the key stays claimed
and its retries get 409 until it expires: the work is never done twice, and the client learns
to look before trying again with a new key.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from typing import Any

from apispec import BasePlugin
from flask import Flask, Response, current_app, g, request
from flask_smorest import Api
from sqlalchemy import Engine, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from psn_shared.db.engine import utcnow
from psn_shared.errors import Conflict, InvalidInput
from psn_shared.http.caller import current_principal

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
PURGE_EVERY_S = 600.0
MAX_KEY_LENGTH = 255


def install_idempotency(app: Flask, api: Api, engine: Engine, table: Table) -> None:
    app.extensions["psn.idempotency"] = _Keys(engine, table)
    app.before_request(_replay_or_claim)
    app.after_request(_store_answer)
    app.teardown_request(_release_after_failure)
    plugin = _DocumentTheHeader()
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)


class _DocumentTheHeader(BasePlugin):
    """Every POST in the OpenAPI document names the header, so generated clients can send it."""

    PARAMETER = {
        "in": "header", "name": HEADER, "required": False,
        "description": "Send the same key when retrying: the first answer comes back and the work is done once.",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    }

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **kwargs: Any) -> None:
        post = (operations or {}).get("post")
        if post is not None:
            post.setdefault("parameters", []).append(dict(self.PARAMETER))


class _Keys:
    def __init__(self, engine: Engine, table: Table) -> None:
        self.engine, self.table = engine, table
        self._purged_at = 0.0

    def claim(self, caller: str, key: str, fingerprint: str) -> Any:
        """None when the key is now ours, else the row that holds it."""
        self._purge_now_and_then()
        table = self.table
        with self.engine.begin() as conn:
            try:
                conn.execute(insert(table).values(caller_id=caller, key=key, fingerprint=fingerprint,
                                                  created_at=utcnow()))
                return None
            except IntegrityError:
                pass
        with self.engine.connect() as conn:
            return conn.execute(select(table).where(table.c.caller_id == caller, table.c.key == key)).first()

    def store(self, caller: str, key: str, response: Response) -> None:
        table = self.table
        with self.engine.begin() as conn:
            conn.execute(update(table).where(table.c.caller_id == caller, table.c.key == key).values(
                status=response.status_code, body=response.get_data(as_text=True),
                content_type=response.content_type, location=response.headers.get("Location"),
            ))

    def release(self, caller: str, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(self.table).where(self.table.c.caller_id == caller, self.table.c.key == key))

    def _purge_now_and_then(self) -> None:
        if time.monotonic() - self._purged_at < PURGE_EVERY_S:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(self.table).where(self.table.c.created_at < utcnow() - KEEP_FOR))
        self._purged_at = time.monotonic()


def _replay_or_claim() -> Response | None:
    if request.method != "POST":  # first: every other request (a GET above all) is done with at once
        return None
    key = request.headers.get(HEADER)
    keys: _Keys | None = current_app.extensions.get("psn.idempotency")
    if key is None or keys is None or not request.headers.get("Authorization"):
        return None
    caller = current_principal().staff_id
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"{HEADER} is 1 to {MAX_KEY_LENGTH} characters", field=HEADER)
    fingerprint = hashlib.sha256(
        b"\n".join([request.method.encode(), request.full_path.encode(), request.get_data(cache=True)])
    ).hexdigest()
    held = keys.claim(caller, key, fingerprint)
    if held is None:
        g.idempotency_claim = (caller, key)
        return None
    if held.fingerprint != fingerprint:
        raise InvalidInput(f"this {HEADER} was used for another request", field=HEADER)
    if held.status is None:
        raise Conflict(f"the first request with this {HEADER} is still being answered")
    replay = Response(held.body, status=held.status, content_type=held.content_type)
    if held.location:
        replay.headers["Location"] = held.location
    replay.headers["Idempotent-Replayed"] = "true"
    return replay


def _store_answer(response: Response) -> Response:
    claim = g.pop("idempotency_claim", None)
    if claim is not None:
        keys: _Keys = current_app.extensions["psn.idempotency"]
        if response.status_code >= 500:
            keys.release(*claim)
        else:
            keys.store(*claim, response)
    return response


def _release_after_failure(exc: BaseException | None) -> None:
    claim = g.pop("idempotency_claim", None)
    if claim is not None:
        current_app.extensions["psn.idempotency"].release(*claim)
