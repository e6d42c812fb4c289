"""What a view needs from the app besides the request: training's policy, and where a certificate is checked."""

from __future__ import annotations

from flask import current_app

from training.domain.policy import Policy


def policy() -> Policy:
    return current_app.extensions["training.policy"]


def check_link(code: str) -> str:
    """The page a certificate names for checking it: the web front end's, which anyone may open."""
    return current_app.extensions["training.check_link"] + code
