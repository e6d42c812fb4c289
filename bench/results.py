"""Each `make bench` run's figures, kept in bench/results/ and compared with the last one kept.

A run writes `bench/results/<UTC date>T<hour><minute>-<commit>.txt` (the same `name: value` lines it prints).
Commit the file of a release's run, so the next change is compared with it: ratios first (they
hold from run to run on a shared machine, where absolute times do not), then everything else.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

DIRECTORY = Path(__file__).parent / "results"


class Results:
    def __init__(self) -> None:
        self.figures: dict[str, float] = {}

    def add(self, name: str, value: float, digits: int = 1) -> None:
        self.figures[name] = round(value, digits)
        print(f"{name}: {value:.{digits}f}", flush=True)

    def save(self, directory: Path = DIRECTORY) -> Path:
        directory.mkdir(exist_ok=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=directory).stdout.strip() or "uncommitted"
        path = directory / f"{datetime.now(UTC):%Y-%m-%dT%H%M}-{commit}.txt"
        path.write_text("".join(f"{name}: {value}\n" for name, value in self.figures.items()))
        return path

    def compare(self, previous: Path) -> None:
        """Print each figure beside the same figure in `previous`: ratios first."""
        before = read(previous)
        names = sorted(set(self.figures) & set(before), key=lambda name: ("ratio" not in name, name))
        print(f"\ncompared with {previous.name}:", flush=True)
        for name in names:
            print(f"  {name}: {before[name]} -> {self.figures[name]}", flush=True)


def read(path: Path) -> dict[str, float]:
    figures = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition(":")
        if value.strip():
            figures[name.strip()] = float(value)
    return figures


def latest(directory: Path = DIRECTORY, *, other_than: Path | None = None) -> Path | None:
    """The newest file kept: names begin with when the run was, so they sort in time."""
    kept = sorted(p for p in directory.glob("*.txt") if p != other_than)
    return kept[-1] if kept else None
