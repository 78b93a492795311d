"""Goals and open questions carried across a series, and what each session's review
changed, as the minutes and the series' plan say it (Markdown read back with
markdown-it-py, Word with python-docx), in English and Latvian."""

from __future__ import annotations

import io

import docx
import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.agenda.problems import AgendaError
from facilitator.documents import word
from facilitator.documents.series_plan import SeriesPlanWriter
from facilitator.meeting.capture import CaptureError, parse_capture
from facilitator.meeting.followup import changes_in, status_steps
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    EntryKind,
    GoalStatus,
    MeetingDetails,
)
from facilitator.programme.series import Series, SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_document_formats import word_reading
from tests.unit.test_export import cell_texts, section

DAY = 24 * 3600

SESSION, _ = parse_agenda(
    "# Mentoring session\n\n## Talk\nDuration: 30 min\n\n"
    "## Goal form\nDuration: 15 min\nKind: action-planning\nRecord: goals\n",
    "session.md",
)
CLOSING, _ = parse_agenda(
    "# Closing session\n\n## Warm-up\nDuration: 10 min\n\n"
    "## Assessing achievements\nDuration: 20-25 min\nKind: review\nRecord: goals\n",
    "closing.md",
)


def stores(paths: DataPaths, clock: FakeClock) -> SeriesStore:
    return SeriesStore(paths, SessionStore(paths, clock), clock)


def first_session(series: SeriesStore, pair: Series, clock: FakeClock, language: str = "en") -> str:
    """Session 1: a goal, a question and two actions typed in the goal form; its id."""
    meeting = Meeting(series.start_session(pair, SESSION, MeetingDetails(language=language)), clock)
    meeting.start()
    meeting.next()
    meeting.capture("* Lead the team meeting 30.06.2027")
    meeting.capture("? Who approves the training budget")
    meeting.capture("+ Map the stakeholders @Ilze 31.01.2027")
    meeting.capture("+ Ask HR about courses @Anna")
    meeting.finish()
    meeting.close()
    return meeting.session.id


def by_text(meeting: Meeting, text: str) -> str:
    return next(e.id for e in meeting.entries() if e.text == text)


def test_a_goal_is_typed_with_a_star_and_its_deadline() -> None:
    captured = parse_capture("* Lead the team meeting 30.06.2027")
    assert captured.kind is EntryKind.GOAL and captured.text == "Lead the team meeting"
    assert captured.goal is not None and captured.goal.deadline == "2027-06-30"
    assert captured.goal.status is GoalStatus.OPEN
    with pytest.raises(CaptureError, match="the goal has no text"):
        parse_capture("* 30.06.2027")


def test_goals_and_questions_come_back_until_settled(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    pair = series.create("Anna and Jānis", SeriesKind.MENTORING, mentee="Anna", mentor="Jānis")
    first_session(series, pair, clock)

    clock.advance(30 * DAY)
    second = Meeting(series.start_session(pair, SESSION), clock)
    review = second.entries(0)  # the review block added at the start
    assert second.blocks[0].title == "Review of open actions"
    assert [(e.kind, e.text) for e in review] == [
        (EntryKind.ACTION, "Map the stakeholders"),
        (EntryKind.ACTION, "Ask HR about courses"),
        (EntryKind.GOAL, "Lead the team meeting"),
        (EntryKind.QUESTION, "Who approves the training budget"),
    ]
    assert all(e.origin is not None and e.origin.session_number == 1 for e in review)
    goal = by_text(second, "Lead the team meeting")
    second.set_goal_status(goal, GoalStatus.PARTLY, note="co-chaired two of four")
    second.answer(by_text(second, "Who approves the training budget"), True, "The director")
    second.close()

    clock.advance(30 * DAY)
    third = Meeting(series.start_session(pair, SESSION), clock)
    kinds = [e.kind for e in third.entries(0)]
    assert kinds == [EntryKind.ACTION, EntryKind.ACTION, EntryKind.GOAL]  # question answered
    carried = third.entry(goal)
    assert carried.goal is not None and carried.goal.status is GoalStatus.PARTLY
    assert carried.goal.note == "co-chaired two of four"
    third.set_goal_status(goal, GoalStatus.ACHIEVED)
    third.close()

    clock.advance(30 * DAY)
    fourth = Meeting(series.start_session(pair, SESSION), clock)
    assert [e.kind for e in fourth.entries(0)] == [EntryKind.ACTION, EntryKind.ACTION]
    fourth.close()

    # The closing session's assessment receives every goal, achieved ones too, in its
    # own block: "Assessing achievements", not the first.
    clock.advance(30 * DAY)
    closing = Meeting(series.start_session(pair, CLOSING), clock)
    assert [e.text for e in closing.entries(1) if e.kind is EntryKind.GOAL] == [
        "Lead the team meeting"
    ]
    assessed = closing.entry(goal)
    assert [s.status for s in status_steps(assessed)] == ["partly", "achieved"]
    closing.close()


def test_each_sessions_last_status_is_a_step_and_an_undo_is_none(
    paths: DataPaths, clock: FakeClock
) -> None:
    series = stores(paths, clock)
    pair = series.create("Anna and Jānis", SeriesKind.MENTORING, mentee="Anna")
    first_session(series, pair, clock)
    clock.advance(DAY)
    second = Meeting(series.start_session(pair, SESSION), clock)
    goal = by_text(second, "Lead the team meeting")
    second.set_goal_status(goal, GoalStatus.ACHIEVED)
    clock.advance(60)
    second.set_goal_status(goal, GoalStatus.CONTINUE)
    at_continue = clock()
    second_id = second.session.id
    second.close()
    clock.advance(DAY)
    third = Meeting(series.start_session(pair, SESSION), clock)
    third.set_goal_status(goal, GoalStatus.DROPPED)
    third.undo()  # taken back: the goal stays "to continue"
    steps = status_steps(third.entry(goal))
    assert [(s.status, s.session, s.at) for s in steps] == [("continue", second_id, at_continue)]
    assert changes_in(third.entry(goal), third.session.id) == []
    third.close()


def review_second_session(paths: DataPaths, clock: FakeClock, language: str) -> Meeting:
    """A visits series: visit 1 sets a goal, a question and two actions; visit 2 moves a
    deadline, changes a lead, closes an action, reviews the goal and answers the question."""
    series = stores(paths, clock)
    cesis = series.create("IncluCities Cēsis", SeriesKind.VISITS, mentee_city="Cēsis")
    first_session(series, cesis, clock, language)
    clock.advance(30 * DAY)
    visit2 = Meeting(series.start_session(cesis, SESSION, MeetingDetails(language=language)), clock)
    visit2.start()
    stakeholders = by_text(visit2, "Map the stakeholders")
    visit2.review(stakeholders, ActionStatus.OPEN, deadline="28.02.2027", note="half of them")
    fields = visit2.entry(stakeholders).action
    assert fields is not None
    visit2.set_action(
        stakeholders,
        "Map the stakeholders",
        ActionFields(deadline="28.02.2027", lead="Marta", measure="a map", note=fields.note),
    )
    visit2.review(by_text(visit2, "Ask HR about courses"), ActionStatus.DONE)
    goal = by_text(visit2, "Lead the team meeting")
    visit2.set_goal_status(goal, GoalStatus.PARTLY, note="co-chaired two of four")
    visit2.answer(by_text(visit2, "Who approves the training budget"), True, "The director")
    visit2.next()
    visit2.capture("+ Book the hall @Ilze 10.03.2027 ")  # this visit's own: lacks a measure
    visit2.finish()
    return visit2


WORDS = {
    "en": {
        "followed": "## Followed up from earlier sessions",
        "goals": "## Goals",
        "moved": "**Action:** Map the stakeholders (from visit 1): deadline moved 31 Jan 2027 "
        "→ 28 Feb 2027; lead changed Ilze → Marta; progress note: half of them",
        "closed": "**Action:** Ask HR about courses (from visit 1): closed as done",
        "goal": "**Goal:** Lead the team meeting (from visit 1): partly achieved; progress "
        "note: co-chaired two of four",
        "answered": "**Open question:** Who approves the training budget (from visit 1): "
        "answered: The director",
        "from": "from visit 1",
        "partly": "partly achieved",
        "block": "Block",
        "actions": "## Action items",
        "gaps": "### Still to agree",
        "questions": "## Open questions",
    },
    "lv": {
        "followed": "## Pārskatīts no iepriekšējām tikšanām",
        "goals": "## Mērķi",
        "moved": "**Darbība:** Map the stakeholders (no 1. vizītes): termiņš pārcelts "
        "31.01.2027. → 28.02.2027.; vadītājs mainīts Ilze → Marta; "
        "piezīme par virzību: half of them",
        "closed": "**Darbība:** Ask HR about courses (no 1. vizītes): slēgta kā izpildīta",
        "goal": "**Mērķis:** Lead the team meeting (no 1. vizītes): daļēji sasniegts; "
        "piezīme par virzību: co-chaired two of four",
        "answered": "**Atklāts jautājums:** Who approves the training budget (no 1. vizītes): "
        "atbildēts: The director",
        "from": "no 1. vizītes",
        "partly": "daļēji sasniegts",
        "block": "Daļa",
        "actions": "## Darbības",
        "gaps": "### Vēl jāvienojas",
        "questions": "## Atklātie jautājumi",
    },
}


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_minutes_say_what_the_review_changed(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    w = WORDS[language]
    visit2 = review_second_session(paths, clock, language)
    minutes = visit2.writer().minutes()
    followed = section(minutes, w["followed"])
    for said in ("moved", "closed", "goal", "answered"):
        assert f"- {w[said]}\n" in followed, said
    assert "Book the hall" not in followed  # typed in this visit, not followed up

    # The action table says where a carried action came from, not "block 1".
    rows = cell_texts(section(minutes, w["actions"]))
    header = rows[0]
    block = header.index(w["block"])
    assert [(r[1], r[block]) for r in rows[1:]] == [
        ("Map the stakeholders", w["from"]),
        ("Ask HR about courses", w["from"]),
        ("Book the hall", "2"),
    ]

    goals = cell_texts(section(minutes, w["goals"]))
    assert len(goals) == 2 and goals[1][1] == "Lead the team meeting"
    assert goals[1][8] == w["partly"]
    assert goals[1][9].startswith(f"{w['partly']} (")  # each change and when

    questions = section(minutes, w["questions"])
    assert "Who approves the training budget" in questions and "The director" in questions

    # The draft plan's "Still to agree" lists only what is open: not the closed action.
    plan = visit2.writer().action_plan()
    gaps = plan[plan.index(w["gaps"]) :]
    assert "Ask HR" not in gaps and "Map the stakeholders" not in gaps  # closed; all agreed
    assert "3. Book the hall" in gaps
    visit2.close()


@pytest.mark.parametrize("language", ["en", "lv"])
def test_word_minutes_say_it_under_the_same_heading(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    w = WORDS[language]
    visit2 = review_second_session(paths, clock, language)
    document = visit2.writer().document()
    data = word.write(document)
    headings, tables, _everything = word_reading(data)
    titles = [text for _style, text in headings]
    assert w["followed"].removeprefix("## ") in titles
    assert w["goals"].removeprefix("## ") in titles
    # The followed-up section's lines come right after its heading, in order.
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    start = paragraphs.index(w["followed"].removeprefix("## "))
    lines = paragraphs[start + 1 : start + 5]
    assert lines == [markdown_free(w[key]) for key in ("moved", "closed", "goal", "answered")]
    goal_table = next(t for t in tables if t[1][1] == "Lead the team meeting")
    assert goal_table[1][8] == w["partly"]
    visit2.close()


def markdown_free(text: str) -> str:
    """A Markdown line of these tests as Word shows it: no `**`."""
    return text.replace("**", "")


def test_the_series_plan_has_the_goals_with_each_change_in_one_language(
    paths: DataPaths, clock: FakeClock
) -> None:
    # Visit 1 recorded in Latvian, visit 2 in English: the plan reads in English alone.
    series = stores(paths, clock)
    cesis = series.create("IncluCities Cēsis", SeriesKind.VISITS, mentee_city="Cēsis")
    first_session(series, cesis, clock, "lv")
    clock.advance(30 * DAY)
    visit2 = Meeting(series.start_session(cesis, SESSION, MeetingDetails(language="en")), clock)
    goal = by_text(visit2, "Lead the team meeting")
    visit2.set_goal_status(goal, GoalStatus.PARTLY, note="two of four")
    visit2.close()
    plan = SeriesPlanWriter.of(series, cesis).action_plan()
    goals = cell_texts(section(plan, "## Goals"))
    assert goals[0][-2:] == ["Changes", "From"]
    row = goals[1]
    assert (row[1], row[7], row[8]) == ("Lead the team meeting", "30 Jun 2027", "partly achieved")
    assert row[9].splitlines() == [
        "partly achieved (visit 2, 23 Dec 2026)",
        "progress note: two of four",
    ]
    assert row[10] == "visit 1"
    for latvian in ("Mērķi", "daļēji", "vizīte", "Darbība", "termiņš"):
        assert latvian not in plan


def test_a_status_key_on_a_note_or_a_decision_is_refused_with_its_reason(
    paths: DataPaths, clock: FakeClock
) -> None:
    series = stores(paths, clock)
    pair = series.create("Anna and Jānis", SeriesKind.MENTORING, mentee="Anna")
    meeting = Meeting(series.start_session(pair, SESSION), clock)
    note = meeting.capture("a plain note")
    with pytest.raises(CaptureError, match="only a goal has a goal's status"):
        meeting.set_goal_status(note.id, GoalStatus.ACHIEVED)
    with pytest.raises(CaptureError, match="only a question can be answered"):
        meeting.answer(note.id, True)
    assert meeting.entry(note.id).goal is None and meeting.entry(note.id).history == []
    meeting.close()


def test_record_goals_is_read_in_both_languages_and_a_wrong_part_names_it() -> None:
    lv, problems = parse_agenda(
        "# Sesija\n\n## Mērķa veidlapa\nIlgums: 15 min\nIeraksts: mērķi\n", "s.lv.md"
    )
    assert lv.blocks[0].record == "goals" and not problems
    with pytest.raises(AgendaError) as refused:
        parse_agenda("# Session\n\n## Goal form\nDuration: 15 min\nRecord: goal\n", "s.md")
    assert str(refused.value) == (
        "s.md:5: unknown record part `goal`; use one of: situation, plan, mentor-commits, "
        "pupil-commits, evaluation, closed-question, open-question, goals"
    )
