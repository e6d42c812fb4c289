"""The report's figures for a quarter and the quarters before it, from every service's part."""

from __future__ import annotations

from typing import Any

from psn_reports.fetch import gather
from psn_reports.figures import Figure, figures
from psn_shared.quarters import Quarter


def assemble(quarter: Quarter, count: int, urls: dict[str, str], token: str,
             **fetching: Any) -> tuple[list[Figure], list[str]]:
    """Every figure over `count` quarters ending with `quarter`, and those quarters' names, oldest first."""
    quarters = quarter.with_previous(count)
    return figures(gather(urls, quarters, token, **fetching)), [str(q) for q in quarters]
