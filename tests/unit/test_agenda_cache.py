"""The parsed-agenda cache: reused while files are unchanged, never trusted beyond that."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from facilitator.agenda import library as library_module
from facilitator.agenda.cache import ParsedAgendaCache
from facilitator.agenda.library import AgendaLibrary
from facilitator.paths import DataPaths

BODY = "# Cached\n\n## One\nDuration: {minutes} min\n\n- A question?\n"


def write(folder: Path, minutes: int) -> Path:
    path = folder / "cached.md"
    path.write_text(BODY.format(minutes=minutes), encoding="utf-8")
    return path


def load(folder: Path, cache_file: Path) -> AgendaLibrary:
    return AgendaLibrary.load([(folder, "user")], ParsedAgendaCache(cache_file))


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = library_module.read_agenda_file

    def counting(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path)

    monkeypatch.setattr(library_module, "read_agenda_file", counting)
    return calls


def test_unchanged_files_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, 5)
    cache_file = tmp_path / "cache" / "agendas.json"
    first = load(tmp_path, cache_file)
    calls = count_parses(monkeypatch)
    second = load(tmp_path, cache_file)
    assert calls == []
    assert second.agendas == first.agendas
    assert second.agendas[0].blocks[0].prompts == ("A question?",)


def test_a_changed_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 5)
    cache_file = tmp_path / "agendas.json"
    load(tmp_path, cache_file)
    write(tmp_path, 50)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    calls = count_parses(monkeypatch)
    library = load(tmp_path, cache_file)
    assert calls == [path]
    assert library.agendas[0].blocks[0].duration.max_s == 3000


def test_invalid_files_keep_their_problems_through_the_cache(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("# Bad\n\n## One\nDuration: soon\n", encoding="utf-8")
    cache_file = tmp_path / "agendas.json"
    first = load(tmp_path, cache_file).files[0]
    second = load(tmp_path, cache_file).files[0]
    assert not second.valid
    assert second.problems == first.problems


def test_a_damaged_or_unwritable_cache_only_costs_a_parse(tmp_path: Path) -> None:
    write(tmp_path, 5)
    cache_file = tmp_path / "agendas.json"
    cache_file.write_text("{broken", encoding="utf-8")
    assert load(tmp_path, cache_file).ids == ["cached"]
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert load(tmp_path, blocked / "agendas.json").ids == ["cached"]


def test_a_malformed_entry_in_a_valid_cache_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, 5)
    cache_file = tmp_path / "agendas.json"
    load(tmp_path, cache_file)
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    for key in data["files"]:
        data["files"][key] = "x"
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert load(tmp_path, cache_file).ids == ["cached"]


def test_from_cache_only_when_nothing_needs_parsing(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.ensure_writable()
    assert AgendaLibrary.from_cache(paths) is None  # first start: nothing cached
    discovered = AgendaLibrary.discover(paths)
    cached = AgendaLibrary.from_cache(paths)
    assert cached is not None and cached.ids == discovered.ids
    (paths.agendas / "new.md").write_text("# New\n\n## A\nDuration: 5 min\n", encoding="utf-8")
    assert AgendaLibrary.from_cache(paths) is None  # a new file must be parsed first
