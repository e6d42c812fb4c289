"""Aggregate reporting rules: managers and reports see counts, never people.

The rule is the network's, written once in psn_shared.suppression; these names are kept for sessions' callers.
"""

from __future__ import annotations

from psn_shared.suppression import SMALL_COUNT as SMALL_NUMBER
from psn_shared.suppression import SUPPRESSED, suppress

__all__ = ["SMALL_NUMBER", "SUPPRESSED", "suppress"]
