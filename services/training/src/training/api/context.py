"""What a view needs from the app besides the request: training's policy."""

from __future__ import annotations

from flask import current_app

from training.domain.policy import Policy


def policy() -> Policy:
    return current_app.extensions["training.policy"]
