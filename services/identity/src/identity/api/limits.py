"""Login throttling (Flask-Limiter): per account and per address, counting failed attempts only.

Counting failures only means a ward of colleagues behind one address can all log in at the start
of a shift, while guessing at a password (one account, or many from one address) soon meets a
429. Limits and storage come from settings; with several web workers, point RATELIMIT_STORAGE_URI
at a shared store (e.g. redis://) so they count together.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def account_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"account:{str(email).strip().lower()}" if email else "account:-"


def failed(response: Response) -> bool:
    return response.status_code == 401


def limit_per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def limit_per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def limit_resets() -> str:
    return current_app.config["RESET_LIMIT"]
