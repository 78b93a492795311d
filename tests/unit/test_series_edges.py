"""Series files read back, the review block, carried-over actions and the messages a
facilitator gets: the edges the mutation tester found untested (see tools/mutants.md)."""

from __future__ import annotations

import pytest

from facilitator.agenda.model import BlockKind, Duration
from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import (
    ActionFields,
    Entry,
    EntryKind,
    Origin,
    SeriesKind,
    SessionInfo,
)
from facilitator.programme.series import (
    PlanItem,
    Series,
    carried_entry,
    origin_of,
    review_block,
    with_review_block,
)
from facilitator.programme.series_store import SeriesLocked, SeriesNotFound, SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

VISIT_LV, _ = parse_agenda(
    "---\nlanguage: lv\n---\n\n# Mentoringa vizīte\n\n## Situācija\nIlgums: 30 min\n",
    "vizite.md",
)


def test_a_series_reads_back_every_detail_it_was_saved_with() -> None:
    series = Series(
        id="s-1",
        name="Semester with Kārlis",
        kind=SeriesKind.PROGRAMME,
        created_at=1795435200.5,
        mentee="Kārlis",
        mentor="Anna",
        mentee_city="Cēsis",
        mentor_city="Tartu",
        participants=[Participant("Ilze", "coordinator", False)],
        language="lv",
    )
    assert Series.from_dict(series.to_dict()) == series


def test_a_series_file_with_only_the_essentials_reads_with_defaults() -> None:
    series = Series.from_dict(
        {"id": "s-2", "name": "Cēsis", "created_at": 0, "participants": [{"name": "Ilze"}]}
    )
    assert series == Series(
        id="s-2",
        name="Cēsis",
        kind=SeriesKind.MENTORING,
        created_at=0.0,
        participants=[Participant("Ilze", "", True)],
        language="en",
    )
    assert (series.mentee, series.mentor, series.mentee_city, series.mentor_city) == (
        "",
        "",
        "",
        "",
    )


def test_the_review_block_is_ten_minutes_in_the_agendas_language() -> None:
    block = review_block("en")
    assert block.title == "Review of open actions"
    assert block.kind is BlockKind.REVIEW
    assert block.duration == Duration(600, 600)
    assert block.description == (
        "The actions, goals and questions still open from earlier meetings of the series: "
        "done, still open (with a new deadline) or dropped? Goals achieved or partly? "
        "Questions answered?"
    )
    added = with_review_block(VISIT_LV).blocks[0]
    assert added.title == "Atvērto darbību pārskats"
    assert added.description and added.description != block.description


def test_an_action_begins_in_its_own_session_unless_carried() -> None:
    info = SessionInfo(
        id="v3", title="Visit 3", agenda=VISIT_LV, created_at=0.0, language="lv", series_number=3
    )
    entry = Entry("a7", EntryKind.ACTION, "Open the desk", 0, "Situācija", 0.0, 0.0)
    assert origin_of(entry, info) == Origin(3, "v3", "a7")


def test_a_carried_action_starts_afresh_in_the_review_block() -> None:
    agenda = with_review_block(VISIT_LV)
    old = Entry(
        "a7",
        EntryKind.ACTION,
        "Open the desk",
        block_index=1,
        block_title="Situācija",
        created_at=0.0,
        meeting_s=1800.0,
        action=ActionFields(lead="Ilze"),
        history=[{"at": 5.0, "session": "v1", "before": {"text": "Open a desk"}}],
    )
    origin = Origin(1, "v1", "a7")
    carried = carried_entry(PlanItem(old, origin, 2), agenda, "v3", 99.0)
    assert (carried.block_index, carried.block_title) == (0, "Atvērto darbību pārskats")
    assert carried.meeting_s == 0.0
    assert carried.origin == origin
    assert carried.history == [
        {"at": 5.0, "session": "v1", "before": {"text": "Open a desk"}},
        {"at": 99.0, "session": "v3", "carried_from": 2, "before": {}},
    ]


def test_a_series_in_use_says_by_whom() -> None:
    locked = SeriesLocked("Cēsis", "process 42 on lab-pc")
    assert str(locked) == (
        "the series `Cēsis` is in use by process 42 on lab-pc, which is adding a session "
        "to it or saving it; try again in a moment"
    )
    assert locked.holder == "process 42 on lab-pc"


def test_finding_a_series_says_what_went_wrong(paths: DataPaths, clock: FakeClock) -> None:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    first = store.create("Cēsis", SeriesKind.VISITS)
    second = store.create("Valmiera", SeriesKind.VISITS)
    with pytest.raises(SeriesNotFound) as raised:
        store.find("Riga")
    assert str(raised.value) == "no series `Riga`; `facilitator series list` lists them"
    # A rename may give two series one name; an id tells them apart.
    second.name = "Cēsis"
    store.save(second)
    with pytest.raises(SeriesNotFound) as raised:
        store.find("cēsis")
    message = str(raised.value)
    assert message.startswith("2 series are named `cēsis`; use an id: ")
    assert sorted(message.split(": ")[-1].split(", ")) == sorted([first.id, second.id])
    assert store.find(second.id) == second


def test_a_series_without_sessions_names_itself(paths: DataPaths, clock: FakeClock) -> None:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    series = store.create("Semester with Kārlis", SeriesKind.MENTORING)
    with pytest.raises(Exception) as raised:
        store.plan(series)
    assert str(raised.value) == "the series `Semester with Kārlis` has no sessions yet"
