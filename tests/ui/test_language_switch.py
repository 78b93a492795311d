"""The screens of the home side in Latvian, and switching the language while they are open:
everything said again in the new language, nothing typed or chosen lost."""

from __future__ import annotations

import json
import re

import pytest
from textual.widgets import Checkbox, Input, OptionList, Select

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import make_app
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import ActionFields, Entry, EntryKind, MeetingDetails
from facilitator.screens.details import DetailsDialog
from facilitator.screens.entry import EntryDialog, EntryEdit
from facilitator.screens.history import HistoryScreen
from facilitator.screens.home import HomeScreen
from facilitator.screens.review import ReviewScreen
from facilitator.screens.start import StartDialog
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.storage.settings import Settings
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.ui.test_meeting_flow import choose_agenda
from tests.unit.test_history import fill

SIZES = [(60, 20), (100, 30)]

ENGLISH = re.compile(
    r"\b(Agendas|Sessions|History|blocks?|entry|entries|sessions?|actions?|decisions?|"
    r"resume|finished|Back|Export|Cancel|Save|Title|Date|Place|Participants|read-only|"
    r"confidential|pick|press|Reading)\b"
)
"""English words any of these screens could leave behind."""


def english_left(shown: str, app: object = None) -> list[str]:
    """The English words on screen that are not the agendas' own (their titles, blocks
    and questions are data, in the agenda's language)."""
    data: set[str] = set()
    library = getattr(app, "library", None)
    if library is not None:
        for file in library.files:
            agenda = file.agenda
            if agenda is not None:
                data.update(re.findall(r"\w+", json.dumps(agenda.to_dict(), ensure_ascii=False)))
    return [word for word in ENGLISH.findall(shown) if word not in data]


def store_one_session(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda, MeetingDetails()), clock)
    meeting.capture("Anna values honesty")
    meeting.capture("+ Meet again in a month")
    meeting.close()


async def test_the_palette_switches_to_latvian_and_the_choice_is_kept(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Agendas")
        await pilot.press("ctrl+p")
        await pilot.press(*"Latv")
        await wait_for_text(pilot, "Language: Latviešu")
        await pilot.press("enter")
        shown = await wait_for_text(pilot, "izvēlieties darba kārtību, tad Enter")
        assert "Darba kārtības" in shown and "Sesijas" in shown and "Vēsture" in shown
        assert english_left(shown, app) == []
        # The palette now offers the way back, in Latvian.
        await pilot.press("ctrl+p")
        await pilot.press(*"Engl")
        await wait_for_text(pilot, "Valoda: English")
        await pilot.press("escape")
    assert Settings.load(paths.settings).language == "lv"

    again = make_app(paths, now=clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Darba kārtības")
    asked = make_app(paths, now=clock, language="en")  # --lang beats the saved choice
    async with asked.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Agendas")
    assert Settings.load(paths.settings).language == "lv"  # --lang is not saved


@pytest.mark.parametrize("size", SIZES)
async def test_home_in_latvian(paths: DataPaths, clock: FakeClock, size: tuple[int, int]) -> None:
    store_one_session(paths, clock)
    app = make_app(paths, now=clock, language="lv")
    async with app.run_test(size=size) as pilot:
        shown = await wait_for_text(pilot, "23.11.2026. 14:00 · 2 ieraksti · turpināt")
        assert "Darba kārtības" in shown and "Sesijas" in shown
        assert re.search(r"\d+ daļ(a|as|u)\b", shown)
        assert english_left(shown, app) == []


@pytest.mark.parametrize("size", SIZES)
async def test_history_and_review_in_latvian(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    fill(paths, clock)
    app = make_app(paths, now=clock, language="lv")
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Darba kārtības")
        await pilot.press("h")
        shown = await wait_for_text(pilot, "3 sesijas")
        assert "IncluCities Cēsis, 2. sesija" in shown
        assert "Vēsture" in shown and "Atpakaļ" in shown
        listing = app.screen.query_one("#history-list", OptionList)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(3)]
        assert "23.11.2026. · Mentoring visit · Cēsis · 3 ieraksti, 1 darbība, 1 lēmums" in rows[2]
        assert english_left(shown) == []
        await pilot.press(*"otrdiena")  # no such word: nothing, said in Latvian
        await wait_for_text(pilot, "Neviena sesija neatbilst")
        await pilot.press(*["backspace"] * 8, *"tuesday")
        await wait_for_text(pilot, "1 sesija")
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "tikai lasīšanai")
        # The footer's keys may come a redraw after the title on a loaded machine.
        shown = await wait_for_text(pilot, "Atpakaļ")
        assert "1 konfidenciāls ieraksts paslēpts (C to parāda)" in shown
        assert "Atpakaļ" in shown and ("Eksportēt" in shown or size[0] < 100)
        lines = shown.split("\n")  # not the minutes: they are in the session's language
        assert english_left("\n".join([*lines[:2], lines[-1]]).replace("Mentoring visit", "")) == []
        await pilot.press("c")
        await wait_for_text(pilot, "REDZAMS")


async def test_switching_keeps_the_history_filter_and_the_row(
    paths: DataPaths, clock: FakeClock
) -> None:
    fill(paths, clock)
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Agendas")
        await pilot.press("h")
        await wait_for_text(pilot, "3 sessions")
        await pilot.press(*"migrant", "left", "left")
        await wait_for_text(pilot, "2 sessions")
        await pilot.press("enter", "down")  # into the list, the second row
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        listing = screen.query_one("#history-list", OptionList)
        assert listing.highlighted == 1
        await app.switch_language("lv")
        await wait_for_text(pilot, "2 sesijas")
        shown = await wait_for_text(pilot, "esc Atpakaļ")
        assert "Vēsture" in shown and english_left(shown) == []
        typed = screen.query_one("#history-filter", Input)
        assert (typed.value, typed.cursor_position) == ("migrant", 5)
        assert listing.highlighted == 1 and listing.has_focus
        # Back on the home screen, it is redrawn in Latvian when shown again.
        await pilot.press("escape")
        await wait_for_text(pilot, "Darba kārtības")


async def test_switching_keeps_the_start_dialog_as_typed(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Open the meeting")
        await pilot.press("enter", *"31.02.2026", "enter")  # a wrong date, explained
        await wait_for_text(pilot, "not a real date")
        await pilot.press("shift+tab")
        await pilot.press("ctrl+a", "ctrl+k", *"Mana tikšanās", "left")
        dialog = app.screen
        assert isinstance(dialog, StartDialog)
        dialog.query_one("#participants", Input).value = "Anna (mentor), Jānis (mentee, absent)"
        await wait_for_text(pilot, "Jānis — mentee · absent")
        await app.switch_language("lv")
        await wait_for_text(pilot, "Atvērt tikšanos")
        shown = await wait_for_text(pilot, "Nosaukums ")
        assert "Dokumentu valoda" in shown and "Datums" in shown and "5 daļas" in shown
        assert "Jānis — mentorējamais · nepiedalījās" in shown
        assert "Datums:" in shown  # the date's problem, said again
        title = dialog.query_one("#title", Input)
        assert title.has_focus and (title.value, title.cursor_position) == ("Mana tikšanās", 12)
        assert dialog.query_one("#date", Input).value == "31.02.2026"
        assert english_left(shown.replace("Getting-to-know conversation", "")) == []


async def test_the_details_form_speaks_latvian_and_keeps_the_roles(
    paths: DataPaths, clock: FakeClock
) -> None:
    details = MeetingDetails(
        title="Vizīte",
        participants=[
            Participant("Anna", "mentor"),
            Participant("Jānis", "mentee", attended=False),
            Participant("Līga", "support-group"),
        ],
        language="en",
    )
    results: list[MeetingDetails | None] = []
    app = make_app(paths, now=clock, language="lv")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Darba kārtības")
        app.push_screen(DetailsDialog(details), results.append)
        shown = await wait_for_text(pilot, "Tikšanās dati")
        participants = app.screen.query_one("#participants", Input)
        assert participants.value == (
            "Anna (mentors), Jānis (mentorējamais, nepiedalījās), Līga (atbalsta grupas dalībnieks)"
        )
        assert "Jānis — mentorējamais · nepiedalījās" in shown
        assert app.screen.query_one("#language", Select).value == "en"
        assert "dd.mm.gggg" in shown and "Dokumentu valoda" in shown
        app.screen.query_one("#language", Select).value = "lv"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(results), "the dialog to close")
    saved = results[0]
    assert saved is not None and saved.language == "lv"
    assert saved.participants == details.participants


async def test_the_start_dialog_takes_the_agendas_language(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Iepazīšanās saruna")
        await wait_for_text(pilot, "Open the meeting")
        assert app.screen.query_one("#language", Select).value == "lv"
        await pilot.click("#go")
        await wait_for_text(pilot, "Ctrl+N")
    stored = SessionStore(paths, clock).open("2026")
    assert stored.info.language == "lv"
    stored.close()


async def test_switching_keeps_the_entry_form_as_typed(paths: DataPaths, clock: FakeClock) -> None:
    entry = Entry(
        id="e1",
        kind=EntryKind.ACTION,
        text="Map the organisations",
        block_index=0,
        block_title="Situation",
        created_at=clock(),
        meeting_s=0.0,
        action=ActionFields(lead="Ilze"),
    )
    saved: list[EntryEdit] = []

    def save(edit: EntryEdit) -> str | None:
        saved.append(edit)
        return None

    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        app.push_screen(EntryDialog(entry, save, focus="deadline"))
        await wait_for_text(pilot, "Who leads")
        await pilot.press(*"15.12.2026", "left")
        app.screen.query_one("#confidential", Checkbox).value = True
        await app.switch_language("lv")
        shown = await wait_for_text(pilot, "Kurš vada")
        assert "Termiņš" in shown and "Darbība" in shown
        label = str(app.screen.query_one("#confidential", Checkbox).label)
        assert label == "Konfidenciāls (Ctrl+L)"
        assert "1. daļas ieraksts: Situation" in shown
        deadline = app.screen.query_one("#deadline", Input)
        assert deadline.has_focus and (deadline.value, deadline.cursor_position) == (
            "15.12.2026",
            9,
        )
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(saved), "the entry saved")
        assert isinstance(app.screen, HomeScreen)
    edit = saved[0]
    assert edit.confidential and edit.kind is EntryKind.ACTION
    assert edit.action is not None and (edit.action.deadline, edit.action.lead) == (
        "15.12.2026",
        "Ilze",
    )


async def test_a_review_switched_keeps_its_document_and_confidential_choice(
    paths: DataPaths, clock: FakeClock
) -> None:
    fill(paths, clock)
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await pilot.press("h")
        await wait_for_text(pilot, "3 sessions")
        await pilot.press(*"tuesday")
        await wait_for_text(pilot, "1 session")
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "read-only")
        await pilot.press("v", "c")
        await wait_for_text(pilot, "SHOWN")
        await app.switch_language("lv")
        shown = await wait_for_text(pilot, "1 konfidenciāls ieraksts REDZAMS (C to paslēpj)")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.show_plan and review.include_confidential
        assert "23.11.2026." in shown
        await pilot.press("escape")
        await wait_for_text(pilot, "Vēsture")
        await wait_for_text(pilot, "1 sesija")
        assert screen_text(app).count("tuesday") == 1
