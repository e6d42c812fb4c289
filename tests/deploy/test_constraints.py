"""constraints.txt pins every package the project installs: `make install` and each image install with it,
so a release upstream reaches the project only through `make constraints` and a passing test run."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).parents[2]
CONSTRAINTS = REPO / "constraints.txt"
PYPROJECTS = sorted(p for p in REPO.glob("**/pyproject.toml")
                    if not {".venv", "node_modules", ".venv-constraints"} & set(p.relative_to(REPO).parts))


def pinned() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, release = line.partition("==")
            assert release, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = release.strip()
    return pins


def declared(pyproject: Path) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text()).get("project", {})
    extras = project.get("optional-dependencies", {}).values()
    return [Requirement(text) for text in [*project.get("dependencies", []), *(r for extra in extras for r in extra)]]


@pytest.mark.parametrize("pyproject", PYPROJECTS, ids=lambda p: str(p.parent.relative_to(REPO)))
def test_every_declared_dependency_is_pinned_within_what_it_allows(pyproject: Path):
    pins = pinned()
    for requirement in declared(pyproject):
        name = canonicalize_name(requirement.name)
        if name.startswith("psn-"):
            continue  # the project's own packages, installed from the tree
        assert name in pins, f"{requirement} ({pyproject}) is not in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"constraints.txt pins {name}=={pins[name]}, which {pyproject} does not allow ({requirement})"


def test_what_the_tests_run_with_is_what_is_pinned():
    differing = {}
    for name, release in pinned().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # pinned for a platform or an extra this environment does not install
        if installed != release:
            differing[name] = (release, installed)
    assert differing == {}, "installed other than pinned (run make install): " + repr(differing)


@pytest.mark.parametrize("dockerfile", sorted((REPO / "deploy").glob("*Dockerfile")), ids=lambda p: p.name)
def test_every_image_installs_with_the_constraints(dockerfile: Path):
    text = dockerfile.read_text()
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs and all("-c constraints.txt" in line for line in installs)
    assert "COPY constraints.txt" in text
