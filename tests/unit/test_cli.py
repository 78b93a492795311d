"""The command line: clear messages and exit status 2 for mistakes, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.storage.settings import Settings
from tests.helpers import FakeClock


def run_cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """The real program, as a user starts it."""
    env = {**os.environ, "FACILITATOR_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_version_and_help(tmp_path: Path) -> None:
    version = run_cli("--version", data=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith("facilitator 0.")
    helped = run_cli("--help", data=tmp_path)
    for command in ("run", "agendas", "sessions", "export", "demo", "--data-dir"):
        assert command in helped.stdout


def test_unknown_agenda_lists_the_available_ones(tmp_path: Path) -> None:
    result = run_cli("run", "no-such-agenda", data=tmp_path)
    assert result.returncode == 2
    assert "unknown agenda `no-such-agenda`" in result.stderr
    assert "getting-to-know-en" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unwritable_data_dir_names_the_path_and_why(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli("--data-dir", str(blocker / "data"), "run", "demo-en", data=tmp_path)
    assert result.returncode == 2
    assert f"cannot use data folder {blocker / 'data'}: Not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_session_for_export_says_so(tmp_path: Path) -> None:
    result = run_cli("export", "20990101-nothing", data=tmp_path)
    assert result.returncode == 2
    assert "no session `20990101-nothing`" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_writes_files_and_prints_their_paths(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    meeting = Meeting(
        SessionStore(paths, clock).create(agenda, MeetingDetails("CLI export")), clock
    )
    meeting.start()
    meeting.capture("Anna values honesty")
    meeting.finish()
    meeting.close()
    out = paths.root / "out"
    assert main(["--data-dir", str(paths.root), "export", "2026", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [
        str(out / "2026-11-23-cli-export-minutes.md"),
        str(out / "2026-11-23-cli-export-action-plan.md"),
    ]
    assert "Anna values honesty" in Path(printed[0]).read_text(encoding="utf-8")


def test_export_writes_the_next_meeting_as_a_calendar_file(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    import icalendar

    from facilitator.meeting.session import NextMeeting

    agenda = AgendaLibrary.discover(paths).find("getting-to-know-lv")
    assert agenda is not None
    meeting = Meeting(
        SessionStore(paths, clock).create(agenda, MeetingDetails("Vizīte Cēsīs")), clock
    )
    meeting.start()
    meeting.finish()
    meeting.set_next_meeting(
        NextMeeting("2027-02-09", "14:00", "", "Valmieras pils, zāle", "Izlasīt plānu; ņemt ķēdi")
    )
    meeting.close()
    out = paths.root / "out"
    assert main(["--data-dir", str(paths.root), "export", "2026", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[-1] == str(out / "2026-11-23-vizite-cesis-next-meeting.ics")
    (event,) = icalendar.Calendar.from_ical(Path(printed[-1]).read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Nākamā tikšanās: Vizīte Cēsīs"
    assert str(event["location"]) == "Valmieras pils, zāle"
    assert "Jāsagatavo: Izlasīt plānu; ņemt ķēdi" in str(event["description"])
    assert event.decoded("dtstart").isoformat() == "2027-02-09T14:00:00"
    assert event.decoded("dtend").isoformat() == "2027-02-09T14:30:00"  # the agenda's 30 min


def test_sessions_and_agendas_listings(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions"]) == 0
    assert "No sessions yet" in capsys.readouterr().out
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    SessionStore(paths, clock).create(agenda, MeetingDetails("Listed meeting", "Valmiera")).close()
    assert main(["sessions"]) == 0
    listed = capsys.readouterr().out
    assert "20261123-1400-demo-en" in listed and "Listed meeting, Valmiera" in listed
    assert main(["agendas"]) == 0
    listed = capsys.readouterr().out
    assert "getting-to-know-lv" in listed
    assert f"Your own agendas go in {paths.agendas}" in listed


def test_agendas_check_reports_path_line_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# Bad\n\n## One\nDuration: 0 min\n", encoding="utf-8")
    assert main(["agendas", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:4: block `One`: the duration `0 min` must be longer than zero" in out
    assert main(["agendas", "check"]) == 0


def test_a_broken_agenda_file_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "mine.md"
    bad.write_text("# Mine\n\n## One\nDuration: soon\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "d"), "run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4: block `One`: cannot read the duration `soon`" in err


def test_agendas_show_gives_groups_and_facilitator_notes(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agendas", "show", "getting-to-know-en"]) == 0
    shown = capsys.readouterr().out
    assert "1. Introductions and values (6 min, talk)" in shown
    assert "   - Which three words describe you best?" in shown
    assert "   > Both people answer each question in turn." in shown
    assert main(["agendas", "show", "first-session-en"]) == 0
    assert "   Strengths:" in capsys.readouterr().out


def test_export_formats_by_flag_or_as_last_picked(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda, MeetingDetails("Formats")), clock)
    meeting.start()
    meeting.capture("+ Book the hall @Anna")
    meeting.finish()
    meeting.close()
    data = ["--data-dir", str(paths.root)]

    def export(*extra: str) -> list[str]:
        assert main([*data, "export", "2026", "--out", str(paths.root / "out"), *extra]) == 0
        return [Path(p).suffix for p in capsys.readouterr().out.split()]

    assert export("--format", "docx,html") == [".html", ".docx", ".html", ".docx"]
    Settings(export_formats=["docx"]).save(paths.settings)  # picked at the app's last export
    assert export() == [".md", ".docx", ".md", ".docx"]
    assert main([*data, "export", "2026", "--format", "pdf"]) == 2
    assert "unknown format `pdf`; the formats are md, html, docx" in capsys.readouterr().err


def test_agendas_are_listed_under_their_programme(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    (paths.agendas / "mine.md").write_text("# Mine\n\n## One\nDuration: 5 min\n", encoding="utf-8")
    (paths.agendas / "bad.md").write_text("# Bad\n", encoding="utf-8")
    assert main(["agendas"]) == 0
    lines = capsys.readouterr().out.splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    programmes = headings[: headings.index("Other") + 1]
    assert programmes[-1] == "Other" and "IncluCities" in programmes
    # The programmes with English agendas first (the UI speaks English), then the others.
    assert programmes[:-1] == [
        "Digital Academy",
        "EM2 community learning pact",
        "IncluCities",
        "Metodes.lv",
        "Skola – kopienā",
        "Digitālā akadēmija",
        "EM2 kopienas mācību pakts",
    ]
    other = lines[lines.index("Other") + 1 :]
    assert any(line.startswith("  mine ") for line in other)
    assert any(line.startswith("(invalid)") and "bad.md" in line for line in lines)
    first = lines.index("IncluCities")
    assert lines[first + 1].startswith("  ")
