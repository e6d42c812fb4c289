"""Aggregate reporting rules: managers and reports see counts, never people."""

from __future__ import annotations

SMALL_NUMBER = 5
SUPPRESSED = "<5"


def suppress(count: int) -> int | str:
    """Counts under 5 could point at individuals, so they are shown only as "<5"."""
    return SUPPRESSED if count < SMALL_NUMBER else count
