"""Remembered preferences: defaults for anything missing or damaged, never a crash."""

from __future__ import annotations

from pathlib import Path

from facilitator.storage.settings import Settings


def test_defaults_round_trip_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert Settings.load(path) == Settings()
    Settings(theme="facilitator-light", warning_s=120, bell=False).save(path)
    assert Settings.load(path) == Settings("facilitator-light", 120, False)
    path.write_text('{"theme": "pink", "warning_s": "soon", "bell": 3}', encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text("{damaged", encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_saving_into_an_unwritable_place_reports_false(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert Settings().save(blocker / "settings.json") is False
