"""`facilitator room`: which session it follows, and a clear line when there is none."""

from __future__ import annotations

import pytest

from facilitator.cli import main
from facilitator.storage.paths import DataPaths


def test_no_meeting_running_says_so_and_how_to_name_one(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["room"]) == 2
    err = capsys.readouterr().err
    assert "no meeting is running now" in err
    assert "facilitator room SESSION" in err
    assert "Traceback" not in err


def test_an_unknown_session_is_named(paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["room", "nope"]) == 2
    assert "no session `nope`; `facilitator sessions` lists them" in capsys.readouterr().err


def test_the_message_is_in_latvian_with_lang_lv(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["room", "--lang", "lv"]) == 2
    err = capsys.readouterr().err
    assert "pašlaik nenotiek neviena tikšanās" in err
    assert "facilitator room SESIJA" in err


def test_two_running_meetings_ask_which(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.storage.sessions import SessionStore

    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    store = SessionStore(paths)
    first, second = store.create(agenda), store.create(agenda)
    try:
        assert main(["room"]) == 2
        err = capsys.readouterr().err
        assert "2 meetings are running now" in err
        assert first.id in err and second.id in err
    finally:
        first.close()
        second.close()
