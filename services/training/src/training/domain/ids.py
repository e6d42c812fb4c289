"""Identifiers for training's records, made here so that an object has its id before it is stored."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())
