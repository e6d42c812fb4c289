"""Who is calling: the bearer token checked against identity's keys, and the role checks views use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import current_app, g, request

from psn_shared.auth import Principal, TokenVerifier
from psn_shared.errors import NotAuthenticated


def current_principal() -> Principal:
    """The authenticated caller; 401 when the request carries no valid bearer token."""
    kept = g._get_current_object()  # `g` is a proxy, each use a look-up: taken once (twice a request)
    if (principal := kept.get("principal")) is None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("send an access token: Authorization: Bearer <token>")
        verifier: TokenVerifier = current_app.extensions["psn.verifier"]
        kept.principal = principal = verifier.verify(token.strip())
    return principal


def authenticated(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Check the caller (401) and, when given, their role (403) before the body is even parsed.

    Put it above flask-smorest's decorators so a stranger learns nothing from validation errors.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if roles:
                principal.require_role(*roles)
            return view(*args, **kwargs)

        return wrapper

    return decorate
