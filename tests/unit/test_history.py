"""The history of past sessions: rows kept fresh from the files, filters, the cache."""

from __future__ import annotations

import json

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.history import HistoryFilter, SessionHistory, parse_filter
from facilitator.programme.series import SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_series import VISIT

DAY = 24 * 3600


def fill(paths: DataPaths, clock: FakeClock) -> tuple[SessionStore, str, list[str]]:
    store = SessionStore(paths, clock)
    series = SeriesStore(paths, store, clock)
    cesis = series.create("IncluCities Cēsis", SeriesKind.VISITS, mentee_city="Cēsis")
    ids = []
    first = Meeting(series.start_session(cesis, VISIT, MeetingDetails(place="Cēsis")), clock)
    first.capture("+ Map the migrant organisations")
    first.capture("! Meet every second Tuesday")
    first.capture("~ The mayor's office resists")
    ids.append(first.session.id)
    first.close()
    clock.advance(30 * DAY)
    lone = Meeting(store.create(VISIT, MeetingDetails(title="Supervision")), clock)
    lone.capture("Burnout is a risk for mentors")
    ids.append(lone.session.id)
    lone.close()
    clock.advance(30 * DAY)
    second = Meeting(series.start_session(cesis, VISIT), clock)
    second.capture("Fuenlabrada's one-stop desk has two staff")
    ids.append(second.session.id)
    second.close()
    return store, cesis.id, ids


def test_rows_filter_by_words_series_and_dates(paths: DataPaths, clock: FakeClock) -> None:
    store, series_id, (first, lone, second) = fill(paths, clock)
    history = SessionHistory(paths, store)
    rows = history.refresh()
    assert [r.id for r in rows] == [second, lone, first]  # newest first
    assert (rows[2].entries, rows[2].actions, rows[2].decisions) == (3, 1, 1)
    assert (rows[0].series_number, rows[0].entries) == (2, 2)  # one carried over

    def ids(wanted: HistoryFilter) -> list[str]:
        return [r.id for r in history.search(wanted)]

    assert ids(HistoryFilter("migrant")) == [second, first]  # carried into visit 2
    assert ids(HistoryFilter("BURNOUT mentors")) == [lone]
    assert ids(HistoryFilter("burnout tuesday")) == []
    assert ids(HistoryFilter("mayor")) == []  # confidential entries are not searched
    assert ids(HistoryFilter(series_id=series_id)) == [second, first]
    assert ids(HistoryFilter(since="2026-12-01", until="2027-01-10")) == [lone]
    assert ids(HistoryFilter("cēsis")) == [second, first]  # a place, a mentee city


def test_the_typed_filter_line(paths: DataPaths) -> None:
    series = [("abc123", "IncluCities Cēsis")]
    assert parse_filter('series:"inclucities cēsis" from:2026-11-01 desk', series) == (
        HistoryFilter("desk", "abc123", "2026-11-01", "")
    )
    assert parse_filter("to:2027-01-31 series:IncluCities_Cēsis", series) == HistoryFilter(
        "", "abc123", "", "2027-01-31"
    )
    with pytest.raises(ValueError, match="no series `nosuch`"):
        parse_filter("series:nosuch", series)
    with pytest.raises(ValueError, match=r"`31\.13\.2026` is not a date"):
        parse_filter("from:31.13.2026", series)
    # Dates as the Latvians write them, and the keys in Latvian, whatever the UI language.
    assert parse_filter("no:1.11.2026. līdz:31.12.2026 sērija:inclucities_cēsis", series) == (
        HistoryFilter("", "abc123", "2026-11-01", "2026-12-31")
    )


def test_search_finds_latvian_words_in_any_case_and_without_marks(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-lv")
    assert agenda is not None
    meeting = Meeting(store.create(agenda, MeetingDetails(place="Rīga")), clock)
    meeting.capture("ŠĶŪNIS JĀREMONTĒ līdz ziemai")
    meeting.close()
    history = SessionHistory(paths, store)
    history.refresh()

    def found(words: str) -> bool:
        return bool(history.search(HistoryFilter(words)))

    assert found("šķūnis jāremontē") and found("Šķūnis") and found("skunis jaremonte")
    assert found("RIGA") and found("rīga") and found("ZIEMAI")
    assert not found("rīgā")  # a word typed with marks finds only those marks
    assert not found("šķūņis")


def test_the_cache_follows_the_files(paths: DataPaths, clock: FakeClock) -> None:
    store, _, (first, lone, _second) = fill(paths, clock)
    SessionHistory(paths, store).refresh()
    cache = json.loads((paths.root / "cache" / "history.json").read_text(encoding="utf-8"))
    assert len(cache["files"]) == 3

    meeting = Meeting(store.open(lone, write=True), clock)
    meeting.capture("Supervision every month")
    meeting.close()
    paths.session_file(first).unlink()
    rows = SessionHistory(paths, store).refresh()
    assert first not in [r.id for r in rows]
    assert next(r for r in rows if r.id == lone).entries == 2

    (paths.root / "cache" / "history.json").write_text("{damaged", encoding="utf-8")
    assert len(SessionHistory(paths, store).refresh()) == 2


def test_a_series_and_its_cities_are_found_typed_without_marks(
    paths: DataPaths, clock: FakeClock
) -> None:
    store, series_id, (first, _lone, second) = fill(paths, clock)
    history = SessionHistory(paths, store)
    history.refresh()
    names = [(series_id, "IncluCities Cēsis")]

    def ids(typed: str) -> list[str]:
        return [r.id for r in history.search(parse_filter(typed, names))]

    # `series:` as a search word finds it: with or without the Latvian marks.
    assert ids("series:inclucities_cesis") == [second, first]
    assert ids("serija:inclucities_cēsis") == [second, first]  # the Latvian key, unmarked
    # The series' name and the mentee city are searched like a title.
    assert ids("inclucities") == [second, first]
    assert ids("cesis") == [second, first]  # visit 2's mentee city, visit 1's place too
    assert ids("supervision inclucities") == []


def test_the_session_list_reads_the_rows_without_their_texts(
    paths: DataPaths, clock: FakeClock
) -> None:
    store, _series, (first, lone, second) = fill(paths, clock)
    history = SessionHistory(paths, store)
    rows = history.refresh(texts=False)
    assert [row.id for row in rows] == [second, lone, first]
    assert {row.text for row in rows} == {""}  # the texts were neither read nor kept
    assert not history.text_file.exists()
    assert history.search(parse_filter("burnout")) == []

    # The texts are read when a search needs them, and the rows still match the files.
    rows = history.refresh()
    assert [row.id for row in history.search(parse_filter("burnout"))] == [lone]
    assert history.text_file.exists()
    rows_cache = json.loads(history.cache_file.read_text(encoding="utf-8"))
    assert "Burnout" not in json.dumps(rows_cache, ensure_ascii=False)

    # A session changed after a list without texts is searched with its new words.
    meeting = Meeting(store.open(lone, write=True), clock)
    meeting.capture("Peer support twice a month")
    meeting.close()
    history.refresh(texts=False)
    history.refresh()
    assert [row.id for row in history.search(parse_filter("peer support"))] == [lone]


def test_rows_say_whether_a_meeting_finished_or_stopped_while_running(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    finished = Meeting(store.create(VISIT, MeetingDetails(title="Done")), clock)
    finished.start()
    finished.finish()
    finished.close()
    running = Meeting(store.create(VISIT, MeetingDetails(title="Cut off")), clock)
    running.start()
    running.capture("typed before the battery died")
    running.session.close()  # the app stopped with the clock running, nothing left on purpose
    waiting = Meeting(store.create(VISIT, MeetingDetails(title="Not started")), clock)
    waiting.close()
    rows = {row.title: row for row in SessionHistory(paths, store).refresh(texts=False)}
    assert (rows["Done"].finished, rows["Done"].interrupted) == (True, False)
    assert (rows["Cut off"].finished, rows["Cut off"].interrupted) == (False, True)
    assert (rows["Not started"].finished, rows["Not started"].interrupted) == (False, False)
    assert rows["Cut off"].entries == 1
