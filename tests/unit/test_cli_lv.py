"""The command line in Latvian: help, listings, dates and mistakes, with `--lang lv` before or
after the command, or the language saved in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.i18n import set_language
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import (
    ROLES,
    Participant,
    canonical_role,
    format_participants,
    parse_participants,
)
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.series import SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.storage.settings import Settings
from tests.helpers import FakeClock
from tests.unit.test_cli import run_cli


def one_session(paths: DataPaths, clock: FakeClock) -> str:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-lv")
    assert agenda is not None
    meeting = Meeting(
        SessionStore(paths, clock).create(agenda, MeetingDetails(place="Valmiera")), clock
    )
    meeting.capture("Anna novērtē godīgumu")
    meeting.capture("~ Konfidenciāla piezīme")
    meeting.close()
    return meeting.session.id


def test_help_is_in_latvian_before_or_after_the_command(tmp_path: Path) -> None:
    helped = run_cli("--lang", "lv", "--help", data=tmp_path / "d")
    assert helped.returncode == 0
    assert "lietojums: facilitator" in helped.stdout
    assert "opcijas:" in helped.stdout and "parādīt šo palīdzību un iziet" in helped.stdout
    assert "sākt tikšanos pēc darba kārtības" in helped.stdout
    after = run_cli("export", "--help", "--lang", "lv", data=tmp_path / "d")
    assert "uzrakstīt visas sērijas rīcības plānu" in after.stdout
    assert "iekļaut arī konfidenciālos ierakstus" in after.stdout
    assert "show this help" not in helped.stdout + after.stdout


def test_mistakes_are_explained_in_latvian(tmp_path: Path) -> None:
    wrong = run_cli("--lang", "lv", "run", "nav-tādas", data=tmp_path / "d")
    assert wrong.returncode == 2
    assert "nezināma darba kārtība `nav-tādas`" in wrong.stderr
    assert "Pieejamās darba kārtības:" in wrong.stderr
    choice = run_cli("series", "new", "X", "--kind", "citāds", "--lang", "lv", data=tmp_path / "d")
    assert choice.returncode == 2 and "nederīga izvēle" in choice.stderr
    nothing = run_cli("--lang", "lv", "export", data=tmp_path / "d")
    assert "norādiet sesijas identifikatoru" in nothing.stderr


def test_sessions_and_export_in_latvian(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--lang", "lv", "sessions"]) == 0
    assert "vēl nav sesiju" in capsys.readouterr().out
    session_id = one_session(paths, clock)
    assert main(["sessions", "--lang", "lv"]) == 0
    listed = capsys.readouterr().out
    assert "23.11.2026. 14:00" in listed and "atvērta" in listed and "2 ieraksti" in listed
    assert main(["--lang", "lv", "export", session_id, "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "1 konfidenciāls ieraksts nav iekļauts" in err


def test_the_language_saved_in_the_app_is_used(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings.load(paths.settings)
    settings.language = "lv"
    assert settings.save(paths.settings)
    one_session(paths, clock)
    assert main(["sessions"]) == 0
    assert "23.11.2026. 14:00" in capsys.readouterr().out
    assert main(["sessions", "--lang", "en"]) == 0  # --lang beats the saved choice
    assert "23 Nov 2026 14:00" in capsys.readouterr().out


def test_series_in_latvian_sorted_as_latvian(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    for name in ("Zaļā sērija", "Čaklie", "Cēsis", "Dobele"):
        store.create(name, SeriesKind.MENTORING)
    store.create(
        "Šķēde",
        SeriesKind.VISITS,
        mentee_city="Cēsis",
        participants=[Participant("Ilze", "coordinator"), Participant("Anna", "mentor")],
    )
    assert main(["--lang", "lv", "series"]) == 0
    names = [line.split("  ")[1].strip() for line in capsys.readouterr().out.splitlines()]
    # č after c, š after s, ž after z: Latvian alphabetical order.
    assert names == ["Cēsis", "Čaklie", "Dobele", "Šķēde", "Zaļā sērija"]
    assert main(["--lang", "lv", "series", "show", "šķēde"]) == 0
    shown = capsys.readouterr().out
    assert "Apmācāmā pilsēta: Cēsis" in shown
    assert "Dalībnieki: Anna (mentors), Ilze (koordinators)" in shown
    assert "Vēl nav nevienas sesijas" in shown


@pytest.mark.parametrize("language", ["en", "lv"])
def test_participants_in_either_language_read_back_as_typed(language: str) -> None:
    set_language(language)
    people = [Participant(f"P{i}", role) for i, role in enumerate(ROLES)]
    people.append(Participant("Ola", "tulks", attended=False))
    people.append(Participant("Rūta", "mentor, coordinator"))
    text = format_participants(people)  # as the details form and the command line show them

    # The same people with the same roles (one typed in Latvian is kept as typed).
    def same(read: list[Participant]) -> list[tuple[str, list[str], bool]]:
        return [(p.name, [canonical_role(r) for r in p.role.split(", ")], p.attended) for p in read]

    assert same(parse_participants(text)) == same(people)
    if language == "lv":
        assert "Ola (tulks, nepiedalījās)" in text and "(mentorējamais)" in text
