"""A finished meeting reopened from the history and corrected anywhere: go to block 1,
change an entry's kind, take back a wrong skip; the recorded times stay, and the minutes
show the change under block 1 and say when they were corrected."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import make_app
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.screens.export import ExportScreen
from facilitator.screens.review import ReviewScreen
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, wait_for_text, wait_until

SIZES = [(60, 20), (100, 30)]
WORDS = {
    "en": {
        "home": "Digital Academy",
        "block1": "## 1. Introductions and values",
        "block2": "## 2. Attitude and expectations",
        "decision": "**Decision:** Jānis wants a challenge",
        "skipped": "_This block was skipped._",
        "corrected": "_Corrected on 24 Nov 2026 at 10:15._",
        "correcting": "Correcting 1/5",
        "skip_back": "Correcting 2/5",
    },
    "lv": {
        "home": "Digitālā akadēmija",
        "block1": "## 1. Iepazīšanās un vērtības",
        "block2": "## 2. Attieksme un gaidas",
        "decision": "**Lēmums:** Jānis grib izaicinājumu",
        "skipped": "_Šī daļa tika izlaista._",
        "corrected": "_Labots 24.11.2026. plkst. 10:15._",
        "correcting": "Labo 1/5",
        "skip_back": "Labo 2/5",
    },
}


def finished_meeting(paths: DataPaths, clock: FakeClock, language: str) -> tuple[str, float]:
    """A meeting on 23 Nov 2026: a note in block 1, block 2 skipped by mistake, finished."""
    agenda = AgendaLibrary.discover(paths).find(f"getting-to-know-{language}")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda, MeetingDetails()), clock)
    meeting.start()
    clock.advance(300)
    text = "Jānis grib izaicinājumu" if language == "lv" else "Jānis wants a challenge"
    meeting.capture(text)
    clock.advance(100)
    meeting.next()
    meeting.skip()
    clock.advance(600)
    meeting.finish()
    session_id, finished = meeting.session.id, meeting.clock.finished_at
    meeting.close()
    assert finished is not None
    return session_id, finished


def block_section(minutes: str, heading: str) -> str:
    return minutes.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "lv"])
async def test_a_reopened_meeting_is_corrected_in_block_1(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    words = WORDS[language]
    session_id, finished_at = finished_meeting(paths, clock, language)
    clock.t = 1795508100.0  # the next morning, 24 Nov 2026 10:15 in Riga
    app = make_app(paths, now=clock, language=language)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, words["home"])
        await pilot.press("h")
        await wait_for_text(pilot, "23.11.2026." if language == "lv" else "23 Nov 2026")
        await pilot.press("enter", "enter")  # from the filter to the list, then open it
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the meeting")
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.meeting.session.id == session_id
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: app.screen.query(Input), "the go-to question")
        await pilot.press("1", "enter")
        await wait_for_text(pilot, words["correcting"])
        await pilot.press("up")  # into block 1's entries
        await wait_until(pilot, lambda: screen.focused is not None, "the entries")
        await pilot.press("k")  # note -> decision
        await wait_until(
            pilot, lambda: screen.meeting.entries(0)[0].kind.value == "decision", "re-kinded"
        )
        await pilot.press("escape", "ctrl+g")
        await wait_until(pilot, lambda: app.screen.query(Input), "the go-to question")
        await pilot.press("2", "enter")
        await wait_for_text(pilot, words["skip_back"])
        await pilot.press("f8")
        await wait_until(
            pilot, lambda: screen.meeting.clock.blocks[1].status.value == "done", "unskipped"
        )
        assert screen.meeting.clock.finished_at == finished_at  # the times stay
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export")
    (path,) = list(paths.exports.glob("*-minutes.md"))
    minutes = path.read_text(encoding="utf-8")
    assert words["decision"] in block_section(minutes, words["block1"])
    assert words["skipped"] not in block_section(minutes, words["block2"])
    assert words["corrected"] in minutes
