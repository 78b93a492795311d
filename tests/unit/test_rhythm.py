"""A series' rhythm proposes the next date; its programme names the plans' scheme."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.documents.series_plan import SeriesPlanWriter
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails, NextMeeting
from facilitator.programme.rhythm import Rhythm, RhythmError, next_date, read_rhythm
from facilitator.programme.series import Series, SeriesKind, next_after, proposed_date
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_cli import run_cli

TUESDAY = date(2027, 1, 12)


@pytest.mark.parametrize(
    ("text", "rhythm", "after"),
    [
        ("weekly", Rhythm(1, "week"), date(2027, 1, 19)),
        ("every 2 weeks", Rhythm(2, "week"), date(2027, 1, 26)),
        ("every second Tuesday", Rhythm(2, "week", 1), date(2027, 1, 26)),
        ("katru otro otrdienu", Rhythm(2, "week", 1), date(2027, 1, 26)),
        ("ik pēc 3 nedēļām", Rhythm(3, "week"), date(2027, 2, 2)),
        ("every Thursday", Rhythm(1, "week", 3), date(2027, 1, 21)),
        ("monthly", Rhythm(1, "month"), date(2027, 2, 12)),
        ("reizi mēnesī", Rhythm(1, "month"), date(2027, 2, 12)),
        ("every 3 months", Rhythm(3, "month"), date(2027, 4, 12)),
        ("the first Monday of the month", Rhythm(1, "month", 0, 1), date(2027, 2, 1)),
        ("the second Tuesday of the month", Rhythm(1, "month", 1, 2), date(2027, 2, 9)),
        ("mēneša pēdējā piektdienā", Rhythm(1, "month", 4, -1), date(2027, 1, 29)),
    ],
)
def test_a_rhythm_in_words_proposes_the_next_date(text: str, rhythm: Rhythm, after: date) -> None:
    assert read_rhythm(text) == rhythm
    assert next_date(rhythm, TUESDAY) == after


def test_dates_that_do_not_exist_and_missed_meetings() -> None:
    assert next_date(Rhythm(1, "month"), date(2027, 1, 31)) == date(2027, 2, 28)
    # A Tuesday meeting moved to Wednesday once: the rhythm goes back to Tuesdays.
    assert next_date(Rhythm(2, "week", 1), date(2027, 1, 13)) == date(2027, 1, 26)
    # Meetings missed in between are stepped over: the first date not before today.
    assert next_date(Rhythm(1, "week"), TUESDAY, date(2027, 3, 1)) == date(2027, 3, 2)
    assert read_rhythm("  ") is None


@pytest.mark.parametrize("text", ["second", "every banana", "last Tuesday", "every 20 weeks"])
def test_words_that_name_no_rhythm_say_how_to_write_one(text: str) -> None:
    with pytest.raises(RhythmError, match="every second Tuesday"):
        read_rhythm(text)


def series_with(paths: DataPaths, clock: FakeClock, rhythm: str) -> tuple[SeriesStore, Series]:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    return store, store.create(
        "Ilze and Jānis",
        SeriesKind.MENTORING,
        mentee="Jānis",
        scheme="Digitālā akadēmija 2026",
        rhythm=rhythm,
    )


def test_the_next_session_is_proposed_by_the_rhythm_or_the_agreed_date(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    store, series = series_with(paths, clock, "every second Tuesday")
    first = Meeting(store.start_session(series, agenda), clock)  # Monday 23 Nov 2026
    assert next_after(series, first.session.info) == "2026-12-08"
    first.close()
    today = date(2026, 11, 23)
    assert proposed_date(series, store.history(series)[0], today) == "2026-12-08"
    assert proposed_date(series, store.history(series)[0], date(2026, 12, 20)) == "2026-12-22"
    second = Meeting(store.start_session(series, agenda), clock)
    second.set_next_meeting(NextMeeting("2027-01-05", "10:00"))
    second.close()
    assert proposed_date(series, store.history(series)[0], today) == "2027-01-05"
    assert proposed_date(Series("x", "none", SeriesKind.MENTORING, 0.0), [], today) == ""


def test_the_series_programme_heads_its_plans_unless_a_session_typed_its_own(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    store, series = series_with(paths, clock, "")
    first = Meeting(store.start_session(series, agenda), clock)
    assert first.session.info.scheme == "Digitālā akadēmija 2026"
    first.capture("+ Draft the talk @Jānis")
    first.close()
    own = Meeting(store.start_session(series, agenda, MeetingDetails(scheme="Pilot")), clock)
    assert own.session.info.scheme == "Pilot"
    plan = own.writer().action_plan()
    own.close()
    assert "- **Mentoring scheme:** Pilot" in plan
    series_plan = SeriesPlanWriter.of(store, series).action_plan()
    assert "- **Mentoring scheme:** Digitālā akadēmija 2026" in series_plan
    # A series file written before programmes and rhythms opens with neither.
    data = series.to_dict()
    del data["scheme"], data["rhythm"]
    older = Series.from_dict(json.loads(json.dumps(data)))
    assert (older.scheme, older.rhythm, older.programme) == ("", "", "Ilze and Jānis")


def test_the_cli_sets_a_programme_and_a_rhythm(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    new = ["series", "new", "Visits to Cēsis", "--programme", "IncluCities", "--rhythm", "monthly"]
    assert main(new) == 0
    assert main(["series", "show", "visits to cēsis"]) == 0
    shown = capsys.readouterr().out
    assert "Programme: IncluCities" in shown and "Rhythm: monthly" in shown
    assert main(["series", "set", "Visits to Cēsis", "--rhythm", "every second Tuesday"]) == 0
    shown = capsys.readouterr().out
    assert "Rhythm: every second Tuesday" in shown and "Programme: IncluCities" in shown


def test_a_wrong_rhythm_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("series", "new", "Pairs", "--rhythm", "sometimes", data=tmp_path)
    assert result.returncode == 2
    assert "`sometimes` is not a rhythm" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("series", "set", "Nothing", "--rhythm", "weekly", data=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run_cli("--lang", "lv", "series", "new", "Pāri", "--rhythm", "dažreiz", data=tmp_path)
    assert result.returncode == 2 and "nav ritms" in result.stderr
