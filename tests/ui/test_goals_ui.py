"""A goal and a question set in a series' first session come back in the second
session's review block, where `s` reviews them (a goal partly achieved with a progress
note, the question answered), at a projector's sizes, in English and Latvian."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import FacilitatorApp, StartRequest, make_app
from facilitator.meeting.session import EntryKind, GoalStatus
from facilitator.programme.series import SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.widgets.entry_list import EntryList
from tests.helpers import FakeClock, flat, screen_text, wait_until

WORDS = {
    "en": {
        "ready": "Ctrl+N starts",
        "go_to": "Go to block (1-8):",
        "goal_form": "Goal form",
        "saved_goal": "Saved goal in block 7.",
        "saved_question": "Saved question in block 7.",
        "saved_note": "Saved note in block 7.",
        "not_a_status": "s sets the status of a goal, a question or an action; this entry is "
        "a note.",
        "review": "Review of open actions",
        "answered": "The question is answered",
        "changed": "Changed.",
        "partly": "The goal: partly achieved.",
        "shown_goal": "partly achieved, 30 Jun 2027",
        "shown_note": "note: co-chaired two of four",
        "shown_answer": "answered: The director",
        "minutes": "**Goal:** Lead the team meeting (from session 1): partly achieved; "
        "progress note: co-chaired two of four",
    },
    "lv": {
        "ready": "Ctrl+N sāk",
        "go_to": "Pāriet uz daļu (1-8):",
        "goal_form": "Mērķa veidlapa",
        "saved_goal": "Mērķis saglabāts 7. daļā.",
        "saved_question": "Jautājums saglabāts 7. daļā.",
        "saved_note": "Piezīme saglabāta 7. daļā.",
        "not_a_status": "s nosaka mērķa, jautājuma vai darbības statusu; šis ieraksts ir piezīme.",
        "review": "Atvērto darbību pārskats",
        "answered": "Jautājums ir atbildēts",
        "changed": "Izmainīts.",
        "partly": "Mērķis: daļēji sasniegts.",
        "shown_goal": "daļēji sasniegts, 30.06.2027.",
        "shown_note": "piezīme: co-chaired two of four",
        "shown_answer": "atbildēts: The director",
        "minutes": "**Mērķis:** Lead the team meeting (no 1. tikšanās): daļēji sasniegts; "
        "piezīme par virzību: co-chaired two of four",
    },
}


def shown(app: FacilitatorApp) -> str:
    """The whole screen's words on one line (the message line among them)."""
    return flat(screen_text(app))


def entries_text(app: FacilitatorApp) -> str:
    """The words the entries' list shows, cut out of the screen by its place on it, its
    wrapping undone."""
    region = app.screen.query_one(EntryList).region
    rows = screen_text(app).split("\n")[region.y : region.y + region.height]
    return flat("\n".join(row[region.x : region.x + region.width] for row in rows))


async def say(pilot: object, app: FacilitatorApp, text: str) -> None:
    await wait_until(pilot, lambda: text in shown(app), repr(text))  # type: ignore[arg-type]


async def focus_on(pilot: object, app: FacilitatorApp, field: str) -> None:
    """Tab through the entry form until `field` has the focus (Textual moves the focus on
    the next turn of the loop: each Tab is waited for)."""
    for _ in range(12):
        focused = app.screen.focused
        if isinstance(focused, Input) and focused.id == field:
            return
        await pilot.press("tab")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError(f"the focus never reached #{field}")


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_a_goal_and_a_question_come_back_and_are_reviewed_with_s(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    w = WORDS[language]
    agenda = AgendaLibrary.discover(paths).find(f"first-session-{language}")
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    pair = series.create("Anna", SeriesKind.MENTORING, mentee="Anna", language=language)
    first = series.start_session(pair, agenda)
    first.close()

    # Session 1: the goal and a question typed in the goal form; s on a note says why not.
    app = make_app(
        paths, now=clock, start=StartRequest(agenda, session_id=first.id), language=language
    )
    async with app.run_test(size=size) as pilot:
        await say(pilot, app, w["ready"])
        await pilot.press("ctrl+n", "ctrl+g")
        await say(pilot, app, w["go_to"])
        await pilot.press("7", "enter")
        await say(pilot, app, w["goal_form"])
        await pilot.press(*"* Lead the team meeting 30.06.2027", "enter")
        await say(pilot, app, w["saved_goal"])
        await pilot.press(*"? Who approves the budget", "enter")
        await say(pilot, app, w["saved_question"])
        await pilot.press(*"Anna likes a clear structure", "enter")
        await say(pilot, app, w["saved_note"])
        await pilot.press("up")
        await wait_until(pilot, lambda: isinstance(app.focused, EntryList), "the list's focus")
        await pilot.press("s")
        await say(pilot, app, w["not_a_status"])
        screen = app.screen
        assert isinstance(screen, RunScreen)
        note = screen.meeting.entries(6)[-1]
        assert note.kind is EntryKind.NOTE and note.history == []  # nothing changed

    # Session 2: both come back in the review block.
    clock.advance(14 * 24 * 3600)
    second = series.start_session(pair, agenda)
    second.close()
    app = make_app(
        paths, now=clock, start=StartRequest(agenda, session_id=second.id), language=language
    )
    async with app.run_test(size=size) as pilot:
        await say(pilot, app, w["review"])
        await pilot.press("ctrl+n")
        # The newest carried entries show (at 60x20 the list has room for two or three).
        await wait_until(
            pilot,
            lambda: "Who approves the budget" in entries_text(app),
            "the question in the review block",
        )
        # The question, the newest row: answered, and its answer typed in the form.
        await pilot.press("up")
        await wait_until(pilot, lambda: isinstance(app.focused, EntryList), "the list's focus")
        await pilot.press("s")
        await say(pilot, app, w["answered"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query("#answer")), "the entry form")
        await focus_on(pilot, app, "answer")
        await pilot.press(*"The director", "ctrl+s")
        await say(pilot, app, w["changed"])
        await wait_until(pilot, lambda: w["shown_answer"] in entries_text(app), "the answer")

        # The goal, one row up: s twice is "partly achieved", then its progress note.
        await wait_until(pilot, lambda: isinstance(app.focused, EntryList), "back in the list")
        await pilot.press("up")
        await wait_until(
            pilot, lambda: "Lead the team meeting" in entries_text(app), "the goal in the list"
        )
        await pilot.press("s", "s")
        await say(pilot, app, w["partly"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query("#goal-note")), "the goal form")
        await focus_on(pilot, app, "goal-note")
        await pilot.press(*"co-chaired two of four", "ctrl+s")
        await say(pilot, app, w["changed"])
        await wait_until(
            pilot,
            lambda: w["shown_goal"] in entries_text(app) and w["shown_note"] in entries_text(app),
            "the goal's status and note in the list",
        )
        screen = app.screen
        assert isinstance(screen, RunScreen)
        meeting = screen.meeting
        goal = next(e for e in meeting.entries(0) if e.kind is EntryKind.GOAL)
        question = next(e for e in meeting.entries(0) if e.kind is EntryKind.QUESTION)
        assert goal.goal is not None and goal.goal.status is GoalStatus.PARTLY
        assert goal.goal.note == "co-chaired two of four"
        assert question.question is not None and question.question.answered
        assert question.question.answer == "The director"
        assert f"- {w['minutes']}\n" in meeting.writer().minutes()
