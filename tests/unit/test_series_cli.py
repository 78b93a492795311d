"""`facilitator series ...` and `facilitator export --series`: on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import ActionStatus, GoalStatus
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_cli import run_cli
from tests.unit.test_export import cell_texts
from tests.unit.test_series import VISIT


def test_series_new_list_show_and_export(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert (
        main(
            [
                "series",
                "new",
                "IncluCities Cēsis",
                "--kind",
                "visits",
                "--mentee-city",
                "Cēsis",
                "--mentor-city",
                "Fuenlabrada",
                "--participants",
                "Ilze (coordinator), Jānis (mentor)",
            ]
        )
        == 0
    )
    assert "Created the series `IncluCities Cēsis`" in capsys.readouterr().out

    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    cesis = series.find("inclucities cēsis")
    first = Meeting(series.start_session(cesis, VISIT), clock)
    first.capture("+ Map the migrant organisations @Ilze")
    first.capture("+ Open a one-stop info desk")
    goal = first.capture("* Two migrant organisations in the support group")
    first.capture("~* A confidential goal")
    first.close()
    second = Meeting(series.start_session(cesis, VISIT), clock)
    second.review(second.entries(0)[0].id, ActionStatus.DONE)
    second.set_goal_status(goal.id, GoalStatus.PARTLY)
    second.close()

    assert main(["series"]) == 0
    listed = capsys.readouterr().out
    assert "IncluCities Cēsis" in listed and "2 sessions" in listed
    assert "Cēsis / Fuenlabrada" in listed

    assert main(["series", "show", "INCLUCITIES CĒSIS"]) == 0
    shown = capsys.readouterr().out
    assert "Participants: Ilze (coordinator), Jānis (mentor)" in shown
    assert f"  1. 23 Nov 2026  {first.session.id}" in shown
    assert f"  2. 23 Nov 2026  {second.session.id}" in shown
    assert "Actions: 2 (1 open, 1 done, 0 dropped)" in shown
    goals = shown[shown.index("Goals:") :].splitlines()
    assert goals[1:] == [
        "  Two migrant organisations in the support group: partly achieved (set in session 1)"
    ]

    out = tmp_path / "out"
    assert main(["export", "--series", "inclucities cēsis", "--out", str(out)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == out / "2026-11-23-inclucities-cesis-action-plan-v2.md"
    plan = written.read_text(encoding="utf-8")
    actions, goals_part = plan.split("\n## Goals\n")
    assert [(r[1], r[8]) for r in cell_texts(goals_part)[1:]] == [
        ("Two migrant organisations in the support group", "partly achieved")
    ]  # the confidential goal left out
    rows = cell_texts(actions)
    assert [(r[1], r[7], r[8]) for r in rows[1:]] == [
        ("Map the migrant organisations", "done", "visit 1"),
        ("Open a one-stop info desk", "open", "visit 1"),
    ]


def test_an_unknown_series_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (
        ("series", "show", "nosuch"),
        ("export", "--series", "nosuch"),
        ("run", "getting-to-know-en", "--series", "nosuch"),
    ):
        result = run_cli(*args, data=tmp_path)
        assert result.returncode == 2, args
        assert result.stderr == (
            "facilitator: no series `nosuch`; `facilitator series list` lists them\n"
        )
        assert result.stdout == ""


def test_series_mistakes_are_clear(tmp_path: Path) -> None:
    assert run_cli("series", "new", "Semester", data=tmp_path).returncode == 0
    again = run_cli("series", "new", "semester", data=tmp_path)
    assert again.returncode == 2
    assert again.stderr == "facilitator: there is already a series named `Semester`\n"
    empty = run_cli("export", "--series", "Semester", data=tmp_path)
    assert empty.returncode == 2
    assert empty.stderr == "facilitator: the series `Semester` has no sessions yet\n"
    neither = run_cli("export", data=tmp_path)
    assert neither.returncode == 2
    assert "give a session id" in neither.stderr
    none = run_cli("series", data=tmp_path / "empty")
    assert none.returncode == 0
    assert "No series yet" in none.stdout
