"""Each `make bench` run's figures, kept in bench/results/ and compared with the last one kept.

A run writes `bench/results/<UTC date>T<hour><minute>-<commit>.txt` (the same `name: value` lines it prints;
`<commit>-dirty` when the work tree held changes),
headed by `# <package> <version>` lines: Python and the libraries each request and event passes through,
whose releases move the figures as much as our changes do (gunicorn 27's graceful close of each
connection took a sync worker from some 2,900 hellos a second to 1,700; bench/README.md, "API reads").
Commit the file of a release's run, so the next change is compared with it: ratios first (they
hold from run to run on a shared machine, where absolute times do not), then everything else, then
any version that differs.
"""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DIRECTORY = Path(__file__).parent / "results"
PACKAGES = ("gunicorn", "Flask", "Werkzeug", "flask-smorest", "marshmallow", "SQLAlchemy", "psycopg",
            "kombu", "amqp", "PyJWT", "cryptography", "orjson")


def versions() -> dict[str, str]:
    """Python's version and each of PACKAGES' installed here ("absent" for one that is not)."""
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "absent"
    return found


class Results:
    def __init__(self) -> None:
        self.figures: dict[str, float] = {}

    def add(self, name: str, value: float, digits: int = 1) -> None:
        self.figures[name] = round(value, digits)
        print(f"{name}: {value:.{digits}f}", flush=True)

    def save(self, directory: Path = DIRECTORY) -> Path:
        directory.mkdir(exist_ok=True)
        commit = _git(directory, "rev-parse", "--short", "HEAD") or "uncommitted"
        if _git(directory, "status", "--porcelain", "--untracked-files=no", "--", ":(top,exclude)bench/results"):
            commit += "-dirty"  # measured with changes not in that commit
        path = directory / f"{datetime.now(UTC):%Y-%m-%dT%H%M}-{commit}.txt"
        heading = "".join(f"# {package} {installed}\n" for package, installed in versions().items())
        path.write_text(heading + "".join(f"{name}: {value}\n" for name, value in self.figures.items()))
        return path

    def compare(self, previous: Path) -> None:
        """Print each figure beside the same figure in `previous`: ratios first."""
        before = read(previous)
        names = sorted(set(self.figures) & set(before), key=lambda name: ("ratio" not in name, name))
        print(f"\ncompared with {previous.name}:", flush=True)
        for name in names:
            print(f"  {name}: {before[name]} -> {self.figures[name]}", flush=True)
        then, now = read_versions(previous), versions()
        for package in sorted(set(then) & set(now)):
            if then[package] != now[package]:
                print(f"  version of {package}: {then[package]} -> {now[package]}", flush=True)


def _git(directory: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], capture_output=True, text=True, cwd=directory).stdout.strip()


def read(path: Path) -> dict[str, float]:
    figures = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        name, _, value = line.partition(":")
        if value.strip():
            figures[name.strip()] = float(value)
    return figures


def read_versions(path: Path) -> dict[str, str]:
    """The versions a results file was measured with (none in files written before they were kept)."""
    kept = (line[1:].split() for line in path.read_text().splitlines() if line.startswith("#"))
    return {words[0]: words[1] for words in kept if len(words) == 2}


def latest(directory: Path = DIRECTORY, *, other_than: Path | None = None) -> Path | None:
    """The newest file kept: names begin with when the run was, so they sort in time."""
    kept = sorted(p for p in directory.glob("*.txt") if p != other_than)
    return kept[-1] if kept else None
