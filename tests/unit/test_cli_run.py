"""`facilitator run` and `facilitator demo`: what the command line hands the app (the app
itself stands in for a double here; tests/e2e runs the real one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import facilitator.app
from facilitator.agenda.model import BlockKind
from facilitator.cli import main
from facilitator.meeting.live import Meeting
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_series import VISIT, new_series


@dataclass
class AppDouble:
    """Records what `make_app` was given; `run` returns at once."""

    paths: DataPaths
    options: dict[str, Any]
    exported: list[Path] = field(default_factory=list)
    return_code: int | None = None
    ran: bool = False

    def run(self) -> None:
        self.ran = True


@pytest.fixture
def apps(monkeypatch: pytest.MonkeyPatch) -> list[AppDouble]:
    made: list[AppDouble] = []

    def make_app(paths: DataPaths, **options: Any) -> AppDouble:
        made.append(AppDouble(paths, options, exported=[paths.exports / "minutes.md"]))
        return made[-1]

    monkeypatch.setattr(facilitator.app, "make_app", make_app)
    return made


def test_run_hands_the_app_the_agenda_and_the_details(
    paths: DataPaths, apps: list[AppDouble], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "getting-to-know-en", "--title", "Kick-off", "--participants", "Anna (mentor)"]
    assert main(argv) == 0
    [app] = apps
    assert app.ran and app.paths == paths
    start = app.options["start"]
    assert start.agenda.id == "getting-to-know-en" and start.session_id == ""
    assert start.details.title == "Kick-off"
    assert [p.name for p in start.details.participants] == ["Anna"]
    assert list(paths.sessions.glob("*.json")) == []  # the app creates it
    # The files exported in the app are printed when it closes.
    assert capsys.readouterr().out == f"{paths.exports / 'minutes.md'}\n"


def test_run_in_a_series_creates_the_session_with_its_review_block_and_tells_of_recoveries(
    paths: DataPaths, clock: FakeClock, apps: list[AppDouble], capsys: pytest.CaptureFixture[str]
) -> None:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    series = new_series(store)
    first = Meeting(store.start_session(series, VISIT), clock)
    first.capture("+ Map the migrant organisations @Ilze")
    first.close()
    series.name = "Cēsis and Valmiera"
    store.save(series)  # the file before this write is the last good copy
    paths.series_file(series.id).write_bytes(b'{"series": {"1": {"id": "x", "na')

    assert main(["run", "getting-to-know-en", "--series", series.id]) == 0
    [app] = apps
    start = app.options["start"]
    session = SessionStore(paths, clock).open(start.session_id, write=True)  # lock released
    assert (session.info.series_id, session.info.series_number) == (series.id, 2)
    assert session.info.agenda.blocks[0].kind is BlockKind.REVIEW
    assert [e.text for e in session.entries()] == ["Map the migrant organisations"]
    session.close()
    err = capsys.readouterr().err
    assert err.count("was damaged") == 1 and f"facilitator: The series file {series.id}" in err


def test_run_in_an_unknown_series_is_one_line_and_exit_2(
    paths: DataPaths, apps: list[AppDouble], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "getting-to-know-en", "--series", "nosuch"]) == 2
    assert apps == []
    assert capsys.readouterr().err == (
        "facilitator: no series `nosuch`; `facilitator series list` lists them\n"
    )


def test_demo_runs_the_demo_agenda_of_the_language(paths: DataPaths, apps: list[AppDouble]) -> None:
    assert main(["--lang", "lv", "demo"]) == 0
    [app] = apps
    assert app.options["start"].agenda.id == "demo-lv"
    assert app.options["language"] == "lv"
