"""Throttling (Flask-Limiter): failed logins per account and per address, and per-user limits on
the endpoints that are expensive (HR imports) or would let a caller walk the directory (staff list
and search).

Counting failures only means a ward of colleagues behind one address can all log in at the start
of a shift, while guessing at a password (one account, or many from one address) soon meets a
429. The counters are shared by every worker and replica: identity's database by default
(adapters/rate_limits.py), or Redis when RATELIMIT_STORAGE_URI names one.

A login takes its place under the limits before it runs, and gives it back unless it failed.
Flask-Limiter's own `deduct_when` reads the count first and adds the failure after the response,
so guesses sent together all read the same count and all get a 401; one atomic hit up front lets
exactly the limit through however many arrive at once.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from flask import Response, after_this_request, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from psn_shared.http import current_principal

limiter = Limiter(key_func=get_remote_address)


def account_key() -> str:
    """The account a login names, hashed: the counters hold no email address, and a key has one
    length however long the body's `email` is (it is read before the body is validated)."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    account = str(email).strip().lower() if email else "-"
    return f"account:{hashlib.sha256(account.encode()).hexdigest()}"


def user_key() -> str:
    """The caller: under `@authenticated`, so there is always one."""
    return f"user:{current_principal().staff_id}"


def failed(response: Response) -> bool:
    return response.status_code == 401


def failures_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Outside a view's limits: what does not end in a 401 (a login, a 429, a 422) gives back the
    places it took under the limits it did not breach, so only failures stay counted."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        after_this_request(_give_back_unless_failed)
        return view(*args, **kwargs)

    return wrapper


def _give_back_unless_failed(response: Response) -> Response:
    if not failed(response):
        for held in limiter.current_limits:
            if not held.breached:
                limiter.storage.incr(held.key, held.limit.get_expiry(), amount=-1)
    return response


def limit_per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def limit_per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def limit_resets() -> str:
    return current_app.config["RESET_LIMIT"]


def limit_resets_per_address() -> str:
    """Higher than an account's: a team brought on from the HR file sets its passwords by reset link, and
    a ward's computers reach identity from one address."""
    return current_app.config["RESET_LIMIT_PER_ADDRESS"]


def limit_directory() -> str:
    return current_app.config["DIRECTORY_LIMIT_PER_USER"]


def limit_imports() -> str:
    return current_app.config["IMPORT_LIMIT_PER_USER"]
