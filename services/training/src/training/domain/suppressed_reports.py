"""Training's reports as they are shown: every count under 5 suppressed, and a second count withheld
wherever a suppressed one could otherwise be worked out from a total (psn_shared.suppression)."""

from __future__ import annotations

from typing import Any

from psn_shared.suppression import suppress, suppress_coverage


def level_1_coverage(report: dict[str, Any]) -> dict[str, Any]:
    """`report` as `reports.level_1_coverage` counts it: staff, and those of them with Level 1."""
    return suppress_coverage(report, "with_level_1")


def pipeline(row: dict[str, int]) -> dict[str, Any]:
    """A level's stages are not parts of one shown total, so each count is suppressed on its own."""
    return {key: value if key == "level" else suppress(value) for key, value in row.items()}
