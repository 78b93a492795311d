"""Remembered preferences: defaults for anything missing or damaged, never a crash."""

from __future__ import annotations

import json
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


def test_the_keymap_keeps_keys_and_reports_what_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    Settings(keymap={"next-block": "pagedown"}).save(path)
    loaded = Settings.load(path)
    assert loaded.keymap == {"next-block": "pagedown"} and loaded.problems == []
    path.write_text(
        '{"bell": false, "keymap": {"next-block": " right ", "skip": 7, "pause": "", "x": null}}',
        encoding="utf-8",
    )
    loaded = Settings.load(path)
    assert loaded.keymap == {"next-block": "right"}
    assert loaded.bell is False  # the rest of the file still counts
    assert [p.id for p in loaded.problems] == ["skip", "pause", "x"]
    assert loaded.problems[0].describe(path) == (
        f'{path}: `keymap` gives "skip" no key (a text such as "pagedown" is needed); '
        "it is left out."
    )
    path.write_text('{"keymap": ["pagedown"]}', encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded.keymap == {}
    assert loaded.problems[0].describe(path) == (
        f'{path}: `keymap` should map key ids to keys, as in {{"next-block": "pagedown"}}; '
        "it is left out."
    )
    loaded.save(path)
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {
        "theme",
        "warning_s",
        "bell",
        "language",
        "export_formats",
        "keymap",
    }
