"""The parsed-agenda cache: reused while files are unchanged, never trusted beyond that."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda import library as library_module
from facilitator.agenda.cache import ParsedAgendaCache
from facilitator.agenda.library import AgendaLibrary
from facilitator.storage.paths import DataPaths

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
    # The programme survives the cache: a warm start groups the list as a cold one does.
    assert cached.programme_sections() == discovered.programme_sections()
    assert "IncluCities" in [programme for programme, _ in cached.programme_sections()]
    (paths.agendas / "new.md").write_text("# New\n\n## A\nDuration: 5 min\n", encoding="utf-8")
    assert AgendaLibrary.from_cache(paths) is None  # a new file must be parsed first


def count_whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every whole agenda rebuilt from the cache."""
    calls: list[str] = []
    real = library_module.Agenda.from_dict

    def counting(data):  # type: ignore[no-untyped-def]
        calls.append(data["id"])
        return real(data)

    monkeypatch.setattr(library_module.Agenda, "from_dict", counting)
    return calls


def test_a_warm_list_reads_summaries_and_one_agenda_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.ensure_writable()
    (paths.agendas / "other.md").write_text(BODY.format(minutes=7), encoding="utf-8")
    first = AgendaLibrary.discover(paths)
    parses = count_parses(monkeypatch)
    wholes = count_whole_reads(monkeypatch)
    cached = AgendaLibrary.from_cache(paths)
    assert cached is not None
    assert [f.summary for f in cached.files] == [f.summary for f in first.files]
    assert wholes == [] and parses == []
    other = next(f for f in cached.files if f.path.name == "other.md")
    assert other.summary is not None
    assert (other.summary.title, other.summary.block_count) == ("Cached", 1)
    assert other.summary.total.max_s == 420
    assert other.agenda == next(f.agenda for f in first.files if f.path.name == "other.md")
    assert other.agenda is not None and other.agenda.blocks[0].prompts == ("A question?",)
    assert wholes == ["other"] and parses == []  # read once, from the cache, then kept


def whole_records(cache_file: Path) -> list[dict[str, Any]]:
    whole = cache_file.with_name("agendas-whole.jsonl")
    return [json.loads(line) for line in whole.read_text(encoding="utf-8").splitlines()]


def test_a_lost_whole_agenda_is_parsed_again_and_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 5)
    cache_file = tmp_path / "cache" / "agendas.json"
    load(tmp_path, cache_file)
    cache_file.with_name("agendas-whole.jsonl").write_text("{torn", encoding="utf-8")
    calls = count_parses(monkeypatch)
    agenda = load(tmp_path, cache_file).files[0].agenda
    assert agenda is not None and agenda.blocks[0].duration.max_s == 300
    assert calls == [path]
    calls.clear()
    assert load(tmp_path, cache_file).files[0].agenda == agenda
    assert calls == []  # the whole agenda was stored again


def test_a_whole_agenda_of_another_file_or_parser_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 5)
    cache_file = tmp_path / "agendas.json"
    load(tmp_path, cache_file)
    whole = cache_file.with_name("agendas-whole.jsonl")
    for key, value in (("path", "/elsewhere/cached.md"), ("stamp", "an older parser")):
        [data] = whole_records(cache_file)
        data[key] = value
        data["agenda"]["title"] = "Wrong"
        # Same length, so that the index's offsets still find the record.
        data["agenda"]["description"] = ""
        text = json.dumps(data)
        original = whole.read_text(encoding="utf-8")
        whole.write_text(text.ljust(len(original) - 1) + "\n", encoding="utf-8")
        calls = count_parses(monkeypatch)
        agenda = load(tmp_path, cache_file).files[0].agenda
        assert agenda is not None and agenda.title == "Cached"
        assert calls == [path]
        whole.write_text(original, encoding="utf-8")


def test_a_file_changed_after_listing_is_read_as_it_is_now(tmp_path: Path) -> None:
    path = write(tmp_path, 5)
    cache_file = tmp_path / "agendas.json"
    load(tmp_path, cache_file)
    listed = load(tmp_path, cache_file).files[0]
    write(tmp_path, 50)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    agenda = listed.agenda
    assert agenda is not None and agenda.blocks[0].duration.max_s == 3000
    path.write_text("# Now broken\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 2_000_000))
    assert listed.valid and load(tmp_path, cache_file).files[0].summary is None
    assert load(tmp_path, cache_file).files[0].agenda is None


def test_whole_agendas_of_removed_files_are_removed_and_the_others_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, 5)
    (tmp_path / "gone.md").write_text(BODY.format(minutes=3), encoding="utf-8")
    cache_file = tmp_path / "cache" / "agendas.json"
    load(tmp_path, cache_file)
    assert sorted(Path(r["path"]).name for r in whole_records(cache_file)) == [
        "cached.md",
        "gone.md",
    ]
    (tmp_path / "gone.md").unlink()
    (tmp_path / "new.md").write_text(BODY.format(minutes=4), encoding="utf-8")
    calls = count_parses(monkeypatch)
    library = load(tmp_path, cache_file)
    assert calls == [tmp_path / "new.md"]
    assert sorted(f.path.name for f in library.files) == ["cached.md", "new.md"]
    assert sorted(Path(r["path"]).name for r in whole_records(cache_file)) == [
        "cached.md",
        "new.md",
    ]
    cached = load(tmp_path, cache_file).files[0]
    assert cached.agenda is not None and cached.agenda.blocks[0].duration.max_s == 300
    assert calls == [tmp_path / "new.md"]  # the kept record was read, not a parse
