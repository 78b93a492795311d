"""Every screen, in Latvian and in English, shows only words of its language.

The walk opens each screen and dialog as a facilitator would (home, the command palette, the
start dialog with its series picker and block adjuster, the run screen in its states with
help, the entry form, the details form, the go-to and finish questions, the next-meeting
form, the export screen with minutes, plan and QR code, the history screen and a past
session under review) and reads the screen. Every word on it must come from the catalogue
of the language shown (the Latvian translations, or the English message ids) or from the
meeting's own data (the agenda's text, names, what was typed). An English text nobody
wrapped for translation shows up on the Latvian walk as words the Latvian catalogue does
not have; a Latvian text left in the code shows up on the English walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.pilot import Pilot

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.i18n import LANGUAGE_NAMES, LOCALE_DIR, strip_marks
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import parse_participants
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.series import SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until

WORD = re.compile(r"[^\W\d_]+")
SIZE = (120, 36)

KEY_WORDS = {"ctrl", "shift", "enter", "esc", "tab", "pgup", "pgdn", "del", "ins", "space"}
"""Key names stay as the keyboard prints them, in both languages."""
ALWAYS = {"facilitator", "markdown", "qr", "swot", "smart", "md", "json", "tinydb"}
"""Names that are not words of either language."""
FILE_WORDS = {"minutes", "action", "plan", "confidential"}
"""Exported files end the same in both languages (`-minutes.md`, `-action-plan.md`), so
scripts and shared folders find them."""
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
"""English dates name the month (`23 Nov 2026`); Latvian ones never do."""


@cache
def catalogue_words(language: str) -> frozenset[str]:
    """The words of every message in `language`: the Latvian translations, or the English
    ids (singular and plural)."""
    path = LOCALE_DIR / "lv" / "LC_MESSAGES" / "facilitator.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    texts: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        if language == "en":
            texts += [message.id] if isinstance(message.id, str) else list(message.id)
        else:
            string = message.string
            texts += [string] if isinstance(string, str) else [s for s in string if s]
    return frozenset(words("\n".join(texts)))


@cache
def english_phrases() -> tuple[str, ...]:
    """The catalogue's English sentences as they would show, cut at their placeholders:
    each piece of three words or more whose Latvian text differs. One of them on a Latvian
    screen is a text shown without its translation."""
    path = LOCALE_DIR / "lv" / "LC_MESSAGES" / "facilitator.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    found: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        latvian = " ".join(s for s in strings if s)
        for english in ids:
            for piece in re.split(r"\{[^{}]*\}|\n", english):
                piece = " ".join(piece.split()).strip(" .,:;·")
                if len(WORD.findall(piece)) >= 3 and piece not in latvian:
                    found.add(piece)
    return tuple(sorted(found, key=len, reverse=True))


def english_shown(shown: str, data: str) -> list[str]:
    """The catalogue's English sentences on a screen that should be Latvian (the meeting's
    own data aside)."""
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    return [
        f"English {phrase!r} in: {line}"
        for line in lines
        for phrase in english_phrases()
        if phrase in line and phrase not in data
    ]


def words(text: str) -> Iterable[str]:
    return (w.casefold() for w in WORD.findall(text))


def foreign_words(shown: str, language: str, data: frozenset[str]) -> list[str]:
    """The words on the screen that are neither the catalogue's in `language` nor data."""
    known = catalogue_words(language) | data | KEY_WORDS | ALWAYS | FILE_WORDS
    if language == "en":
        known |= MONTHS
    known |= {w.casefold() for name in LANGUAGE_NAMES.values() for w in WORD.findall(name)}
    found: list[str] = []
    for line in shown.splitlines():
        for match in WORD.finditer(line):
            word = match.group().casefold()
            if len(word) < 3 or word in known:
                continue
            # A word cut short by the width of its place: its end ("Apstiprinā…"), or its
            # start (a long file name shown by its end, "…ction-plan.md").
            # A field's text scrolled or cut at its border: "Ilze Kalniņa (koord  ▎".
            cut_end = re.match(r"…| *[▎▊█│]| *$", line[match.end() :]) is not None
            if cut_end and any(k.startswith(word) for k in known):
                continue
            before = line[: match.start()]
            cut_start = before.strip(" ▎▊█│") == "" or before.endswith("…")
            if cut_start and any(k.endswith(word) for k in known):
                continue
            # A file name's words are cut to keep the name short (`...-vietejo-atbalst-a`).
            around = line[max(match.start() - 1, 0) : match.start()]
            around += line[match.end() : match.end() + 1]
            in_name = "-" in around
            if in_name and any(k.startswith(word) for k in known):
                continue
            # The footer's palette key, docked at its right end, is drawn over the keys
            # when they do not fit, and a letter of theirs shows after it ("palettei").
            last = line.rstrip().endswith(match.group())
            if last and any(word[:-1] == k for k in known if len(k) >= 5):
                continue
            found.append(f"{word!r} in: {line.strip()}")
    return found


class Walk:
    """Reads each screen of the walk and keeps what is foreign on it."""

    def __init__(
        self, pilot: Pilot[None], language: str, data: frozenset[str], typed: str = ""
    ) -> None:
        self.pilot = pilot
        self.language = language
        self.data = data
        self.typed = typed
        """Text of the meeting's own (agenda titles, what was typed) that may be English."""
        self.problems: list[str] = []
        self.seen: list[str] = []

    async def look(self, name: str, expect: str | None = None, screen: str = "") -> str:
        """Read the screen (once `expect` is on it and the screen in front is of the class
        called `screen`) and note foreign words."""
        if screen:
            app = self.pilot.app
            await wait_until(self.pilot, lambda: type(app.screen).__name__ == screen, screen)
        if expect is not None:
            await wait_for_text(self.pilot, expect)
        await self.pilot.pause()
        shown = screen_text(self.pilot.app)
        self.seen.append(name)
        self.problems += [f"{name}: {p}" for p in foreign_words(shown, self.language, self.data)]
        if self.language != "en":
            self.problems += [f"{name}: {p}" for p in english_shown(shown, self.typed)]
        return shown

    async def look_through(self, name: str, screen: str) -> None:
        """Read a screen that scrolls page by page, as a reader pages through it, to its end."""
        shown = await self.look(name, screen=screen)
        for page in range(2, 20):
            await self.pilot.press("pagedown")
            await self.pilot.pause()
            if screen_text(self.pilot.app) == shown:
                return
            shown = await self.look(f"{name}, page {page}")
        raise AssertionError(f"{name} never came to its end")


def data_text(paths: DataPaths, language: str, extra: Iterable[str]) -> str:
    """The meeting's data: the whole text of the agendas in the language shown (the home
    preview and the meetings show theirs), only the titles of the others (the home list
    names every agenda), typed text, the paths. So an English sentence left in the code is
    foreign on the Latvian walk, whatever words the English agendas use."""
    texts = [str(paths.root), *extra]
    for agenda in AgendaLibrary.discover(paths).agendas:
        if agenda.language == language:
            texts.append(Path(agenda.source).read_text(encoding="utf-8"))
        else:
            texts.append(agenda.title)
    return "\n".join(texts)


def data_words(text: str) -> frozenset[str]:
    """The words of the data."""
    found = set(words(text))
    # File names spell titles without marks (`ricibas-planosanas-...md`).
    return frozenset(found | {strip_marks(w) for w in found})


TEXTS = {
    "en": {
        "agenda": "action-planning-workshop-en",
        "people": "Anna Bērziņa (mentor), Jānis Ozols (mentee), Ilze Kalniņa (coordinator)",
        "note": "The library wants a reading corner",
        "action": "+ Open a reading corner @Ilze 15.12.2026",
        "bad": "+ Paint the walls 31.02.2027",
        "series": "Valmiera and Cēsis",
    },
    "lv": {
        "agenda": "action-planning-workshop-lv",
        "people": "Anna Bērziņa (mentore), Jānis Ozols (mentorējamais), Ilze Kalniņa (koordinatore)",  # noqa: E501
        "note": "Bibliotēka vēlas lasītavas stūrīti",
        "action": "+ Iekārtot lasītavas stūrīti @Ilze 15.12.2026",
        "bad": "+ Nokrāsot sienas 31.02.2027",
        "series": "Valmiera un Cēsis",
    },
}


def prepare(paths: DataPaths, clock: FakeClock, language: str) -> None:
    """A series with one earlier, finished session, so history, review and the series
    picker have something to show."""
    texts = TEXTS[language]
    agenda = AgendaLibrary.discover(paths).find(texts["agenda"])
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    visits = series.create(
        texts["series"],
        SeriesKind.VISITS,
        mentee_city="Cēsis",
        mentor_city="Valmiera",
        participants=parse_participants(texts["people"]),
    )
    meeting = Meeting(series.start_session(visits, agenda, MeetingDetails(place="Cēsis")), clock)
    meeting.start()
    meeting.capture(texts["note"])
    meeting.capture(texts["action"])
    meeting.capture("~ " + texts["note"])
    clock.advance(600)
    meeting.finish()
    meeting.close()


@pytest.mark.parametrize("language", ["en", "lv"])
async def test_every_screen_speaks_one_language(
    paths: DataPaths, clock: FakeClock, language: str, tmp_path: Path
) -> None:
    prepare(paths, clock, language)
    texts = TEXTS[language]
    raw = data_text(paths, language, texts.values())
    data = data_words(raw)
    library = AgendaLibrary.discover(paths)
    agenda = library.find(texts["agenda"])
    assert agenda is not None

    # Home, the palette, the start dialog and what it opens.
    app = make_app(paths, now=clock, language=language)
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(pilot, language, data, raw)
        await walk.look(
            "home",
            {"en": "Digital Academy", "lv": "Digitālā akadēmija"}[language],
            screen="HomeScreen",
        )
        await pilot.press("tab")
        await walk.look("home, sessions")
        await pilot.press("ctrl+p")
        await walk.look("command palette", screen="CommandPalette")
        await pilot.press("escape")
        await walk.look("home again", screen="HomeScreen")
        await pilot.press("shift+tab", "enter")
        await walk.look("start dialog", screen="StartDialog")
        await pilot.press("f3")
        await walk.look("start dialog, in a series", texts["series"])
        await pilot.press("f2")
        await walk.look("adjusting the blocks", screen="AdjustAgendaScreen")
        await pilot.press("escape", "escape")
        await walk.look("home once more", screen="HomeScreen")
        await pilot.press("h")
        await walk.look("history", texts["series"], screen="HistoryScreen")
        await pilot.press("down", "enter")
        await walk.look("review, minutes", screen="ReviewScreen")
        await pilot.press("v")
        await walk.look("review, plan")
        await pilot.press("escape", "escape")
        problems = walk.problems

    # A meeting in the series: review block, capture, forms, questions, export.
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    session = series.start_session(series.find(texts["series"]), agenda)
    session.close()
    app = make_app(
        paths, now=clock, language=language, start=StartRequest(agenda, session_id=session.id)
    )
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(pilot, language, data, raw)
        await walk.look("run, before the start", "Ctrl+N")
        await pilot.press("ctrl+n")
        clock.advance(30)
        await walk.look("run, review block")
        await pilot.press("f1")
        await walk.look_through("help", screen="HelpScreen")
        await pilot.press("escape")
        await walk.look("run after help", screen="RunScreen")
        await pilot.press("f8")
        clock.advance(30)
        await pilot.press(*texts["note"], "enter")
        await pilot.press(*texts["action"], "enter")
        await pilot.press(*texts["bad"], "enter")
        await walk.look("run, capture with a wrong date")
        await pilot.press("ctrl+a", "ctrl+k", "up")
        await walk.look("run, entries")
        await pilot.press("enter")
        await walk.look("entry form", screen="EntryDialog")
        await pilot.press("escape")
        await walk.look("entries again", screen="RunScreen")
        await pilot.press("escape", "ctrl+b")
        await walk.look("details form", screen="DetailsDialog")
        await pilot.press("escape")
        await walk.look("run again", screen="RunScreen")
        await pilot.press("ctrl+g")
        await walk.look("go to", screen="AskDialog")
        await pilot.press("escape")
        await walk.look("run once more", screen="RunScreen")
        await pilot.press("f2")
        await walk.look("timer only")
        await pilot.press("f2", "ctrl+t")
        await walk.look("paused")
        await pilot.press("ctrl+t")
        clock.advance(3 * 3600)
        await pilot.pause(1.1)
        await walk.look("overtime")
        await pilot.press("ctrl+f")
        await walk.look("finish question", screen="ConfirmDialog")
        await pilot.press("y")
        await walk.look("finished", screen="RunScreen")
        await pilot.press("ctrl+y")
        await walk.look("next meeting form", screen="NextMeetingDialog")
        await pilot.press("escape")
        await walk.look("finished again", screen="RunScreen")
        await pilot.press("ctrl+o")
        await walk.look("export, minutes", screen="ExportScreen")
        await pilot.press("v")
        await walk.look("export, plan")
        await pilot.press("q")
        await walk.look("export, QR code")
        problems += walk.problems

    assert not problems, "\n".join(problems)
