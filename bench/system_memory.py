"""Memory of a set of processes and every process they started (gunicorn's workers), from /proc.

Resident memory (RSS) counts a page shared by several processes once in each of them, so forked
processes that share their imported code (gunicorn's preloaded workers, psn_shared.workers' kinds)
look as large as if they shared nothing. Proportional memory (PSS) divides each shared page
among the processes sharing it: summed, it is what the system takes from the machine.
"""

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


def _field_kb(path: str, name: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except OSError:  # gone while we looked
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _field_kb(f"/proc/{pid}/status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    return _field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


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


def pss_mb(pids: Iterable[int], *, with_descendants: bool = True) -> float:
    """The summed proportional memory of `pids` and (unless not `with_descendants`) all they started, in MiB."""
    counted = family(pids) if with_descendants else set(pids)
    return sum(_pss_kb(pid) for pid in counted) / 1024
