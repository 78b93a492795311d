"""`make mutants` mutates the files its configuration names and runs the tests it names:
after a move, a stale path would make mutmut mutate nothing or run no test, silently."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]


def test_every_file_to_mutate_exists() -> None:
    for pattern in CONFIG["only_mutate"]:
        assert list(ROOT.glob(pattern)), f"only_mutate: {pattern} matches no file"


def test_every_selected_test_file_exists() -> None:
    for name in CONFIG["pytest_add_cli_args_test_selection"]:
        assert (ROOT / name).is_file(), f"pytest_add_cli_args_test_selection: no {name}"
