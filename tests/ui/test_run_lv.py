"""The run screen and its dialogs in Latvian, and a switch of language in the middle of a
meeting: every word from the catalogue, nothing of the meeting lost."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from textual.widgets import Input

from facilitator.agenda.library import AgendaLibrary
from facilitator.agenda.model import Agenda
from facilitator.app import FacilitatorApp, StartRequest, make_app
from facilitator.i18n import LOCALE_DIR
from facilitator.screens.adjust import AdjustAgendaScreen
from facilitator.screens.confirm import ConfirmDialog
from facilitator.screens.help import HelpScreen
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.widgets.capture import CaptureLine
from facilitator.widgets.plan import ActionPlanTable
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until

WORD = re.compile(r"[^\W\d_]+")
SIZES = [(60, 20), (100, 30)]


def agenda(paths: DataPaths, agenda_id: str) -> Agenda:
    found = AgendaLibrary.discover(paths).find(agenda_id)
    assert found is not None
    return found


def latvian_app(
    paths: DataPaths, clock: FakeClock, agenda_id: str = "first-session-lv", language: str = "lv"
) -> FacilitatorApp:
    return make_app(
        paths, now=clock, start=StartRequest(agenda(paths, agenda_id)), language=language
    )


def words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


@cache
def english_only_words() -> frozenset[str]:
    """Words of the catalogue's English texts that no Latvian text or key name has: any of
    them on a Latvian screen is English left over, unless the meeting's own data has it."""
    with (LOCALE_DIR / "lv" / "LC_MESSAGES" / "facilitator.po").open("rb") as handle:
        catalog = read_po(handle)
    english: set[str] = set()
    latvian: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        english |= words("\n".join(ids))
        latvian |= words("\n".join(s for s in strings if s))
    keys = {"ctrl", "enter", "esc", "tab", "min", "pgup", "pgdn", "palette"}
    return frozenset(w for w in english - latvian - keys if len(w) > 2)


def meeting_words(app: FacilitatorApp) -> set[str]:
    """The running meeting's own words: its agenda (in whatever language it is written)
    and what was typed into it. Only these may be English on a Latvian screen."""
    runs = [s for s in app.screen_stack if isinstance(s, RunScreen)]
    if not runs:
        return set()
    meeting = runs[0].meeting
    agenda = meeting.session.info.agenda
    texts = [agenda.title, agenda.description, agenda.meeting_kind]
    for block in agenda.blocks:
        texts += [block.title, block.description, *block.prompts]
        texts += [group.title for group in block.groups]
    for entry in meeting.entries():
        texts.append(entry.text)
        if entry.action is not None:
            action = entry.action
            texts += [action.lead, action.result, action.resources, action.measure]
    return words("\n".join(texts))


def english_left(app: FacilitatorApp) -> list[str]:
    shown = screen_text(app)
    return sorted(words(shown) & english_only_words() - meeting_words(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_run_screen_speaks_latvian(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = latvian_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Gatavs: 1/")
        assert "nav sākts" in screen_text(app)
        assert english_left(app) == []
        await pilot.press("ctrl+n")
        await wait_for_text(pilot, "atlicis")
        await pilot.press(*"Bibliotēka vēlas lasītavas stūrīti", "enter")
        await wait_for_text(pilot, "Piezīme saglabāta 1. daļā.")
        await pilot.press(*"! Tiekamies otrdienās", "enter")
        await wait_for_text(pilot, "Lēmums saglabāts 1. daļā.")
        await pilot.press(*"+ Iekārtot stūrīti @Ilze 15.12.2026", "enter")
        shown = await wait_for_text(pilot, "Darbība saglabāta 1. daļā.")
        assert "15.12.2026." in shown  # the deadline as Latvian writes a date
        assert english_left(app) == []


async def test_overtime_drift_and_pause_in_latvian(paths: DataPaths, clock: FakeClock) -> None:
    app = latvian_app(paths, clock, "getting-to-know-lv")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Gatavs: 1/")
        await pilot.press("ctrl+n")
        clock.advance(360 + 150)
        shown = await wait_for_text(pilot, "LAIKS PĀRSNIEGTS +02:30")
        assert "atpaliek 3 min · beigas 14:33" in shown
        await pilot.press("f5")
        await wait_for_text(pilot, "pievienotas 1 min. Ctrl+Z to atsauc.")
        await pilot.press("ctrl+t")
        await wait_for_text(pilot, "PAUZE · LAIKS PĀRSNIEGTS")
        assert english_left(app) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "finished 25 min early, at 14:05"),
        ("lv", "beidzās 14:05, 25 min ātrāk"),
    ],
)
async def test_a_meeting_that_finished_early_says_so(
    paths: DataPaths, clock: FakeClock, language: str, expected: str
) -> None:
    app = latvian_app(paths, clock, "getting-to-know-lv", language)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N")
        await pilot.press("ctrl+n")
        clock.advance(5 * 60)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_for_text(pilot, expected)
        assert ("meeting finished" if language == "en" else "tikšanās beigusies") in screen_text(
            app
        )


async def test_a_wrong_line_keeps_its_text_and_says_why_in_latvian(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = latvian_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Gatavs: 1/")
        await pilot.press("ctrl+n")
        await pilot.press(*"+ Nokrāsot sienas 31.02.2027", "enter")
        await wait_for_text(pilot, "Datums `31.02.2027` neeksistē. Jūsu teksts joprojām ir rindā.")
        assert app.screen.query_one(CaptureLine).input.value == "+ Nokrāsot sienas 31.02.2027"
        for _ in range(len("+ Nokrāsot sienas 31.02.2027")):
            await pilot.press("backspace")
        await pilot.press(*"=1 8", "enter")
        await wait_for_text(pilot, "Šajā daļā nav vērtēšanas jautājumu (1-10).")


async def test_ratings_have_a_decimal_comma_in_latvian(paths: DataPaths, clock: FakeClock) -> None:
    app = latvian_app(paths, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Gatavs: 1/")
        await pilot.press("ctrl+n", "ctrl+g")
        await wait_for_text(pilot, "Pāriet uz daļu (1-8):")
        await pilot.press("8", "enter")
        await wait_for_text(pilot, "vērtējumu vēl nav: =2 8 7 …")
        await pilot.press(*"=1 8 7 Anna 10", "enter")
        shown = await wait_for_text(pilot, "vidēji 8,3")
        assert "vērtējumiem" in shown  # "no 3 vērtējumiem", wrapped where it fits
        assert "★ Vērtējums 1: 8, 7, Anna 10" in shown
        await pilot.press(*"=2 8 11", "enter")
        await wait_for_text(pilot, "`11` nav vērtējums: izmantojiet veselus skaitļus no 1 līdz 10.")


async def test_switching_the_language_keeps_the_meeting_and_the_typed_line(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = latvian_app(paths, clock, "action-planning-workshop-en", language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        await pilot.press("ctrl+n")
        await pilot.press(*"+ Open a reading corner @Ilze 15.12.2026", "enter")
        await wait_for_text(pilot, "Saved action in block 1.")
        clock.advance(90)
        await pilot.press(*"half a line", "left", "left")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        line = screen.query_one(CaptureLine).input
        cursor = line.cursor_position
        await app.switch_language("lv")
        shown = await wait_for_text(pilot, "Palīdzība")  # the footer, redrawn last
        assert app.screen is screen and screen.meeting.clock.running
        assert line.value == "half a line" and line.cursor_position == cursor and line.has_focus
        assert "apsteidz" in shown or "laikā" in shown
        assert "→ Darbība: Open a reading corner" in shown and "15.12.2026.)" in shown
        assert english_left(app) == []
        await app.switch_language("en")
        await wait_for_text(pilot, "f1 Help")  # the footer, redrawn last
        shown = await wait_for_text(pilot, "→ Action: Open a reading corner")
        assert "(Ilze, 15 Dec" in shown  # the date as English writes it (wrapped)
        assert line.value == "half a line"


async def test_switching_inside_the_action_plan_keeps_the_cell(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = latvian_app(paths, clock, "action-planning-workshop-en", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        await pilot.press("ctrl+n", "ctrl+g")
        await wait_for_text(pilot, "Go to block")
        await pilot.press("2", "enter")
        await wait_for_text(pilot, "2/")
        await pilot.press(*"+ Open a reading corner @Ilze", "enter")
        await pilot.press(*"+ Ask the school", "enter")
        await wait_for_text(pilot, "Deadline")
        await pilot.press("up", "right", "right")
        table = app.screen.query_one(ActionPlanTable)
        assert table.has_focus
        where = table.cursor_coordinate
        await app.switch_language("lv")
        await wait_for_text(pilot, "Aizpildīt")  # the footer, redrawn last
        shown = await wait_for_text(pilot, "Termiņš")
        assert "Kurš vada" in shown and "atvērta" in shown
        assert table.has_focus and table.cursor_coordinate == where
        assert english_left(app) == []


@pytest.mark.parametrize("size", SIZES)
async def test_help_in_latvian_and_after_a_switch(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = latvian_app(paths, clock, language="en")
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await wait_for_text(pilot, "Start the first")
        await app.switch_language("lv")
        await wait_for_text(pilot, "Sākt pirmo")
        assert english_left(app) == []


async def test_a_question_follows_the_language_and_keeps_its_answer(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = latvian_app(paths, clock, language="en")
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        await pilot.press("ctrl+n", "ctrl+f")
        await wait_for_text(pilot, "Finish the meeting?")
        await app.switch_language("lv")
        shown = await wait_for_text(pilot, "Vai beigt tikšanos?")
        assert "Beigt (y)" in shown and "Turpināt (n)" in shown
        await pilot.press("escape")
        await pilot.press("ctrl+g")
        await wait_for_text(pilot, "Pāriet uz daļu (1-8):")
        await pilot.press("3")
        await app.switch_language("en")
        await wait_for_text(pilot, "Go to block (1-8):")
        assert app.screen.query_one(Input).value == "3"


async def test_the_block_adjuster_in_latvian(paths: DataPaths, clock: FakeClock) -> None:
    app = latvian_app(paths, clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        adjust = AdjustAgendaScreen(agenda(paths, "first-session-lv"))
        app.push_screen(adjust)
        await wait_for_text(pilot, "8 blocks")
        await pilot.press("a")
        await pilot.press(*"Kafija")
        await app.switch_language("lv")
        await wait_for_text(pilot, "Paturēt izmaiņas")  # the footer, redrawn last
        shown = await wait_for_text(pilot, "8 daļas")
        assert "izmaiņas tikai šai tikšanās reizei" in shown
        assert "Ierakstiet nosaukumu" in shown
        assert adjust.query_one("#new-title", Input).value == "Kafija"
        assert english_left(app) == []
