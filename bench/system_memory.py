"""Resident memory of a set of processes and every process they started (gunicorn's workers), from /proc."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone while we looked
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def family(pids: Iterable[int]) -> set[int]:
    """`pids` and every process they started, and those started, down the tree."""
    children = _children()
    seen: set[int] = set()
    pending = list(pids)
    while pending:
        pid = pending.pop()
        if pid not in seen:
            seen.add(pid)
            pending.extend(children.get(pid, []))
    return seen


def rss_mb(pids: Iterable[int], *, with_descendants: bool = True) -> float:
    """The summed resident memory of `pids` and (unless not `with_descendants`) all they started, in MiB."""
    counted = family(pids) if with_descendants else set(pids)
    return sum(_rss_kb(pid) for pid in counted) / 1024
