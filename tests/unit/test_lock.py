"""The locks name every package a fresh machine installs, exactly: `make run` and `make test`
install `requirements-dev.lock` (the app, the tests and the mutation tester) and nothing else,
and `requirements.lock` is the app's share of it, for `pip install` without the tests."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
DEV_LOCK = ROOT / "requirements-dev.lock"
APP_LOCK = ROOT / "requirements.lock"
NOT_LOCKED = {"pip", "setuptools", "facilitator"}
"""The venv's own installer, and the checkout itself (installed editable from the tree)."""


def locked(path: Path) -> dict[str, Requirement]:
    """The lock's pins by normalised name; each must be exact and carry hashes."""
    pins: dict[str, Requirement] = {}
    blocks = path.read_text(encoding="utf-8").split("\n")
    current: Requirement | None = None
    hashed: dict[str, int] = {}
    for line in blocks:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash=sha256:"):
            assert current is not None, f"{path.name}: a hash before any package"
            hashed[current.name] = hashed.get(current.name, 0) + 1
            continue
        current = Requirement(stripped.removesuffix("\\").strip())
        specs = list(current.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: {stripped}"
        name = canonicalize_name(current.name)
        assert name not in pins or pins[name].marker != current.marker, f"twice: {name}"
        pins.setdefault(name, current)
    assert pins, f"{path.name} names no package"
    unhashed = [p.name for p in pins.values() if not hashed.get(p.name)]
    assert unhashed == [], f"{path.name}: pins without hashes: {unhashed}"
    return pins


def version(requirement: Requirement) -> str:
    return next(iter(requirement.specifier)).version


def declared() -> tuple[list[Requirement], list[Requirement]]:
    """pyproject's dependencies: the app's, and those of every extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    app = [Requirement(r) for r in project["dependencies"]]
    extras = [Requirement(r) for group in project["optional-dependencies"].values() for r in group]
    return app, extras


def test_every_dependency_in_pyproject_is_pinned_in_the_lock_within_its_range() -> None:
    app, extras = declared()
    dev, app_lock = locked(DEV_LOCK), locked(APP_LOCK)
    for lock, wanted in ((dev, app + extras), (app_lock, app)):
        for requirement in wanted:
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{requirement} is not in the lock: run `make lock`"
            pinned = version(lock[name])
            assert requirement.specifier.contains(pinned, prereleases=True), (
                f"the lock pins {name}=={pinned}, outside pyproject's {requirement}: "
                "run `make lock`"
            )


def test_the_apps_lock_is_the_dev_locks_share() -> None:
    dev, app = locked(DEV_LOCK), locked(APP_LOCK)
    assert set(app) < set(dev)
    assert {n: version(r) for n, r in app.items()} == {n: version(dev[n]) for n in app}
    tests_only = {"pytest", "hypothesis", "mypy", "ruff", "babel", "mutmut", "pytest-xdist"}
    assert not tests_only & set(app)


def test_this_environment_holds_exactly_the_lock() -> None:
    """What `make` installed is what the lock names for this platform: no package missing,
    none at another version, none more (the equivalent of `pip freeze` equal to the lock)."""
    wanted = {
        name: version(r)
        for name, r in locked(DEV_LOCK).items()
        if r.marker is None or r.marker.evaluate()
    }
    have = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if canonicalize_name(d.metadata["Name"]) not in NOT_LOCKED
    }
    assert have == wanted
