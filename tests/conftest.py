"""Shared fixtures: a fake clock, a data folder on disk, a fixed time zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.i18n import set_language
from facilitator.storage.paths import DataPaths
from tests.helpers import RIGA_TZ, FakeClock


@pytest.fixture(autouse=True)
def riga_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times in files and on screen are local: pin the zone so tests mean the same anywhere."""
    monkeypatch.setenv("TZ", RIGA_TZ)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's locale does not choose the language of a test: English, unless the
    test asks for another (`--lang`, a saved preference, or its own locale variables)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at 14:00 on 23 Nov 2026, Riga time."""
    return FakeClock()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A fresh data folder, also set as the environment's default."""
    root = tmp_path / "data"
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(root))
    data = DataPaths(root)
    data.ensure_writable()
    return data
