"""Throttling (Flask-Limiter): failed logins per account and per address, and per-user limits on
the endpoints that are expensive (HR imports) or would let a caller walk the directory (staff list
and search).

Counting failures only means a ward of colleagues behind one address can all log in at the start
of a shift, while guessing at a password (one account, or many from one address) soon meets a
429. The counters are shared by every worker and replica: identity's database by default
(adapters/rate_limits.py), or Redis when RATELIMIT_STORAGE_URI names one.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
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


def limit_per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def limit_per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def limit_resets() -> str:
    return current_app.config["RESET_LIMIT"]


def limit_directory() -> str:
    return current_app.config["DIRECTORY_LIMIT_PER_USER"]


def limit_imports() -> str:
    return current_app.config["IMPORT_LIMIT_PER_USER"]
