"""`facilitator report`: hours per mentor, pupil and month and the open actions, over a
data folder or any folder of session files, read and never written; what it cannot read
it lists, and refuses nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import SeriesKind
from facilitator.programme.pupil_records import confirm_hours
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_series import VISIT
from tests.unit.test_time_sheet import meet, pupil_month


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_hours_per_mentor_pupil_and_month_in_latvian_order_and_as_csv(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    month = pupil_month(paths, clock, "lv")  # Jānis Čakste: Nov 1 h + one unconfirmed, Dec 1 h
    for name in ("Zane", "Šarlote", "Čaba", "Cilda", "Sandis"):
        series = month.store.create(
            f"{name} 2026/27 I", SeriesKind.PUPIL, mentee=name, mentor="Dace Ozola"
        )
        done = meet(
            month.store, series, clock, "school-mentoring-meeting-lv", "2026-11-10", "T", 80
        )
        confirm_hours(month.store.sessions, done, 2)
    visits = month.store.create("IncluCities Cēsis", SeriesKind.VISITS, mentor="Ēriks")
    visit = Meeting(month.store.start_session(visits, VISIT), clock)
    visit.capture("+ Map the migrant organisations @Ilze 15.12.2026")
    visit.capture("~+ A confidential action")
    visit.close()
    (paths.sessions / "broken.json").write_text("{not json", encoding="utf-8")
    before = snapshot(paths.root)

    assert main(["report", "--lang", "lv"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["Mentors", "Skolēns", "Mēnesis"]
    pupils = [re.split(r"\s{2,}", line)[1] for line in lines[1:9]]
    # Latvian order: Č after C, Š after S (an English sort would put Čaba before Cilda).
    assert pupils == [
        "Cilda",
        "Čaba",
        "Jānis Čakste",
        "Jānis Čakste",
        "Sandis",
        "Šarlote",
        "Zane",
        "–",
    ]
    assert "Map the migrant organisations (Ilze, 15.12.2026.)" in captured.out
    assert "confidential" not in captured.out
    assert "broken.json" in captured.err
    assert snapshot(paths.root) == before  # read only: nothing written, moved or locked

    assert main(["report", str(paths.root), "--csv", "--lang", "en"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == [
        "Mentor",
        "Pupil",
        "Month",
        "Meetings",
        "Minutes",
        "Academic hours",
        "Not confirmed",
        "Open actions",
    ]
    janis = [r for r in rows if r[1] == "Jānis Čakste"]
    assert janis == [
        ["Dace Ozola", "Jānis Čakste", "2026-11", "2", "117", "1", "1", "0"],
        ["Dace Ozola", "Jānis Čakste", "2026-12", "1", "40", "1", "0", "0"],
    ]
    assert [r[0] for r in rows[1:]][-1] == "Ēriks"  # Ē after D
    assert rows[-1][-1] == "1"  # the open action, the confidential one left out


def test_a_folder_of_session_files_alone_and_an_empty_one(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pupil_month(paths, clock, "en")
    assert main(["report", str(paths.sessions), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    # Without the series files, the parties come from the sessions' participants.
    assert "Dace Ozola" in out and "Jānis Čakste" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(empty), "--lang", "en"]) == 0
    assert f"No sessions in {empty}." in capsys.readouterr().out


def test_nothing_stops_the_report(paths: DataPaths, clock: FakeClock) -> None:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    store.create("Jānis", SeriesKind.PUPIL, mentee="Jānis", mentor="Dace")
    (paths.series / "x.json").write_bytes(b"\xff\xfe")
    (paths.sessions / "y.json").write_text('{"meta": {"1": {"schema": 99}}}', encoding="utf-8")
    from facilitator.programme.report import read_report

    report = read_report(paths.root, clock, "en")
    assert sorted(p.name for p, _reason in report.unreadable) == ["x.json", "y.json"]
    assert report.rows == [] and report.sessions == 0
