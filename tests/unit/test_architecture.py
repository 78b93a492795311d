"""What ships is complete: the agendas load in both languages with the programmes' timings,
and the wheel carries them and the catalogue. (The layers: tests/unit/test_layers.py.)"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from facilitator.agenda.library import DEMO_KINDS, AgendaLibrary
from facilitator.agenda.model import Agenda, BlockKind, Duration
from facilitator.agenda.parse import parse_agenda
from facilitator.storage.paths import shipped_agendas_dir

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_agendas_all_load_in_both_languages() -> None:
    library = AgendaLibrary.load([(shipped_agendas_dir(), "shipped")])
    assert [f.path.name for f in library.files if not f.valid] == []
    by_id = {a.id: a for a in library.agendas}
    for base in {i.rsplit("-", 1)[0] for i in by_id}:
        en, lv = by_id[f"{base}-en"], by_id[f"{base}-lv"]
        assert (en.language, lv.language) == ("en", "lv")
        assert [b.duration for b in en.blocks] == [b.duration for b in lv.blocks]
        assert [b.kind for b in en.blocks] == [b.kind for b in lv.blocks]


def test_getting_to_know_is_five_blocks_of_six_minutes() -> None:
    library = AgendaLibrary.load([(shipped_agendas_dir(), "shipped")])
    for agenda_id in ("getting-to-know-en", "getting-to-know-lv"):
        agenda = library.find(agenda_id)
        assert agenda is not None
        assert [b.duration for b in agenda.blocks] == [Duration(360, 360)] * 5
        assert all(len(b.prompts) == 3 for b in agenda.blocks)
        assert agenda.total == Duration(1800, 1800)


def test_the_wheel_carries_the_shipped_agendas_and_the_catalogue(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("facilitator-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for agenda in shipped_agendas_dir().glob("*.md"):
        assert f"facilitator/_agendas/{agenda.name}" in names
    assert "facilitator/styles/app.tcss" in names
    # The Latvian words: the compiled catalogue the app reads (and its source).
    assert "facilitator/locale/lv/LC_MESSAGES/facilitator.mo" in names
    assert "facilitator/locale/lv/LC_MESSAGES/facilitator.po" in names


def test_the_example_in_the_agenda_guide_is_a_valid_agenda() -> None:
    guide = (ROOT / "agendas" / "README.md").read_text(encoding="utf-8")
    example = guide.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    agenda, warnings = parse_agenda(example, "README example")
    assert warnings == []
    assert [b.duration for b in agenda.blocks] == [
        Duration(600, 900),
        Duration(3600, 3600),
        Duration(900, 900),
    ]
    assert agenda.blocks[0].notes.startswith("Ask each member")


def shipped(agenda_id: str) -> Agenda:
    agenda = AgendaLibrary.load([(shipped_agendas_dir(), "shipped")]).find(agenda_id)
    assert agenda is not None, agenda_id
    return agenda


@pytest.mark.parametrize("language", ["en", "lv"])
def test_timings_named_in_the_programmes_hold_exactly(language: str) -> None:
    closing = shipped(f"closing-session-{language}")
    minutes = [(b.duration.min_s // 60, b.duration.max_s // 60) for b in closing.blocks]
    assert minutes == [(10, 15), (20, 25), (15, 20), (10, 15), (10, 10)]
    assert closing.total == Duration(65 * 60, 85 * 60)
    supervision = shipped(f"group-supervision-{language}")
    assert supervision.total == Duration(180 * 60, 180 * 60)
    assert BlockKind.BREAK in [b.kind for b in supervision.blocks]
    school = shipped(f"school-mentoring-meeting-{language}")
    assert school.total.max_s % (40 * 60) == 0  # whole academic hours
    assert len(shipped(f"pair-forming-{language}").blocks) == 8
    reflection = shipped(f"first-session-{language}").blocks[-1]
    assert reflection.kind is BlockKind.REFLECTION
    assert len(reflection.groups) == 3 and len(reflection.groups[0].prompts) == 3
    for visit in ("visit-1-situation", "visit-2-inspiration", "visit-3-consolidation"):
        kinds = [b.kind for b in shipped(f"{visit}-{language}").blocks]
        assert BlockKind.ACTION_PLANNING in kinds, visit


def test_every_shipped_agenda_loads_without_warnings() -> None:
    library = AgendaLibrary.load([(shipped_agendas_dir(), "shipped")])
    assert [str(p) for f in library.files for p in f.problems] == []
    assert len(library.agendas) >= 20


def test_every_shipped_meeting_names_its_programme() -> None:
    library = AgendaLibrary.load([(shipped_agendas_dir(), "shipped")])
    meetings = [a for a in library.agendas if a.meeting_kind not in DEMO_KINDS]
    assert [a.id for a in meetings if not a.programme] == []
    assert len(meetings) == len(library.agendas) - 2  # only the two demos name none
    programmes = {a.programme for a in meetings}
    assert {"IncluCities", "Metodes.lv", "Skola – kopienā", "Digital Academy"} <= programmes


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_meetings_added_for_issue_20_keep_the_seeds_shape(language: str) -> None:
    regular = shipped(f"regular-session-{language}")
    assert regular.total == Duration(60 * 60, 90 * 60)  # 60-90 min, one or two a month
    reflection = next(b for b in regular.blocks if b.kind is BlockKind.REFLECTION)
    assert len(reflection.rating_questions) == 3
    interview = shipped(f"orientation-interview-{language}")
    assert interview.total == Duration(60 * 60, 120 * 60)  # one to two hours a person
    goals = shipped(f"goal-setting-{language}")
    assert [g.title for g in goals.blocks[3].groups] == [
        ["Goal", "Reality", "Options", "Will"],
        ["Mērķis", "Realitāte", "Iespējas", "Rīcība"],
    ][language == "lv"]
    for agenda_id in ("final-action-plan-presentation", "company-visit", "info-day"):
        kinds = [b.kind for b in shipped(f"{agenda_id}-{language}").blocks]
        assert BlockKind.ACTION_PLANNING in kinds, agenda_id
    assert BlockKind.PRESENTATION in [
        b.kind for b in shipped(f"final-action-plan-presentation-{language}").blocks
    ]
    assert BlockKind.VISIT in [b.kind for b in shipped(f"company-visit-{language}").blocks]
    for agenda_id in ("needs-analysis", "mentoring-training", "company-visit"):
        assert shipped(f"{agenda_id}-{language}").total.max_s > 120 * 60
        assert BlockKind.BREAK in [b.kind for b in shipped(f"{agenda_id}-{language}").blocks]
    # Where the seed gives no timing, the agenda says so to the facilitator.
    for agenda_id in ("needs-analysis", "intervision", "moving-on", "company-engagement"):
        first = shipped(f"{agenda_id}-{language}").blocks[0]
        assert ("no timing" if language == "en" else "nav noteikts") in first.notes, agenda_id
