"""The room view (`facilitator room`) at the sizes a projector uses, in English and
Latvian: it follows a meeting typed in another window (here, the core on the same files),
and never shows a confidential entry."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.meeting.follow import LOST_AFTER_S
from facilitator.meeting.live import Meeting
from facilitator.screens.room import RoomScreen
from facilitator.screens.room_app import RoomApp
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.widgets.bigclock import BigClock
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until

SIZES = [(60, 20), (100, 30)]
SECRET = "Anna may change jobs"


def operator(paths: DataPaths, clock: FakeClock, agenda_id: str) -> Meeting:
    """The facilitator's window: a meeting being run, holding the session's lock."""
    agenda = AgendaLibrary.discover(paths).find(agenda_id)
    assert agenda is not None
    return Meeting(SessionStore(paths, clock).create(agenda), clock, paths)


def room(paths: DataPaths, meeting: Meeting, clock: FakeClock, language: str) -> RoomApp:
    return RoomApp(paths, paths.session_file(meeting.session.id), now=clock, language=language)


WORDS = {
    "en": {"block": "1/5  Introductions and values", "next": "Next: Attitude and expectations"},
    "lv": {"block": "1/5  Iepazīšanās un vērtības", "next": "Nākamā: Attieksme un gaidas"},
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "lv"])
async def test_the_room_follows_the_meeting_and_never_shows_confidential_text(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    meeting = operator(paths, clock, f"getting-to-know-{language}")
    meeting.start()
    meeting.capture("We meet every Tuesday")
    meeting.capture("~" + SECRET)
    app = room(paths, meeting, clock, language)
    async with app.run_test(size=size) as pilot:
        shown = await wait_for_text(pilot, WORDS[language]["block"])
        assert "We meet every Tuesday" in shown
        assert SECRET not in shown and "🔒" not in shown
        assert app.screen.query_one(BigClock).text == "06:00"
        clock.advance(61)
        await wait_until(
            pilot, lambda: app.screen.query_one(BigClock).text == "04:59", "the clock ticking"
        )
        meeting.capture("+Book the hall @Jānis")
        meeting.capture("~+Tell nobody about it")
        shown = await wait_for_text(pilot, "Book the hall")
        assert "Tell nobody" not in shown
        if size[0] >= 100:
            assert WORDS[language]["next"] in shown
        await pilot.press("v")  # the clock alone
        await wait_until(
            pilot, lambda: "We meet every Tuesday" not in screen_text(app), "the clock alone"
        )
        await pilot.press("v")  # the action plan
        shown = await wait_for_text(pilot, "Book the hall")
        assert "Tell nobody" not in shown and SECRET not in shown
        await pilot.press("v")  # back to the questions
        await wait_for_text(pilot, "We meet every Tuesday")
    meeting.close()


@pytest.mark.parametrize("size", SIZES)
async def test_the_room_shows_the_end_with_the_take_away_code(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = operator(paths, clock, "getting-to-know-en")
    meeting.start()
    meeting.capture("+Draft the talk @Ilze")
    meeting.capture("~+Secret action")
    app = room(paths, meeting, clock, "en")
    async with app.run_test(size=(120, 40) if size[0] >= 100 else size) as pilot:
        await wait_for_text(pilot, "Draft the talk")
        meeting.finish()
        shown = await wait_for_text(pilot, "The meeting has finished")
        assert "Ctrl+O" not in shown  # the room view names no keys
        assert "finished" in shown
        if size[0] >= 100:
            shown = await wait_for_text(pilot, "Scan to take the action item with you.")
            assert "▀" in shown or "▄" in shown  # the code is drawn
        else:
            await wait_for_text(pilot, "Enlarge the window")
        assert "Secret action" not in screen_text(app)
    meeting.close()


async def test_the_room_says_when_it_lost_the_session(paths: DataPaths, clock: FakeClock) -> None:
    meeting = operator(paths, clock, "getting-to-know-lv")
    meeting.start()
    meeting.close()
    path = paths.session_file(meeting.session.id)
    app = room(paths, meeting, clock, "lv")
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_text(pilot, "Iepazīšanās un vērtības")
        path.unlink()

        def told() -> bool:
            clock.advance(LOST_AFTER_S / 10)  # time passes while the file stays away
            return "Telpas skats zaudēja sesiju" in screen_text(app)

        await wait_until(pilot, told, "the room told it lost the session")
        shown = screen_text(app)
        assert "izdzēsts" in shown and "Iepazīšanās un vērtības" not in shown
        assert isinstance(app.screen, RoomScreen)
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_nothing_in_the_room_view_takes_the_focus_or_edits(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = operator(paths, clock, "getting-to-know-en")
    meeting.start()
    meeting.capture("A note")
    app = room(paths, meeting, clock, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "A note")
        for key in ("tab", "up", "enter", "d", "k", "c", "ctrl+z", "ctrl+n"):
            await pilot.press(key)
        await pilot.pause()
        assert app.focused is None
        assert [e.text for e in meeting.entries()] == ["A note"]
        assert not meeting.entries()[0].deleted
        assert screen_text(app).count("A note") == 1
    meeting.close()


@pytest.mark.parametrize("language", ["en", "lv"])
async def test_the_operators_window_says_a_room_view_follows_and_shows_confidential_text(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    from facilitator.app import StartRequest, make_app
    from facilitator.storage.presence import STALE_S, RoomPresence

    agenda = AgendaLibrary.discover(paths).find(f"getting-to-know-{language}")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda), language=language)
    following = {"en": "Room view following", "lv": "Seko telpas skats"}[language]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*"~" + SECRET, "enter")  # typed masked, shown as 🔒
        await wait_for_text(pilot, "🔒")
        assert SECRET not in screen_text(app)
        session_id = app.screen.meeting.session.id  # type: ignore[attr-defined]
        presence = RoomPresence(paths, session_id, clock)
        presence.announce()
        await wait_for_text(pilot, following)
        await wait_for_text(pilot, SECRET)  # not projected: the room has its own view
        await pilot.press("ctrl+r")  # the privacy key still hides it
        await wait_until(pilot, lambda: SECRET not in screen_text(app), "the text hidden")
        await pilot.press("ctrl+r")
        await wait_for_text(pilot, SECRET)
        clock.advance(STALE_S + 1)  # the room view went away without a word
        await wait_until(pilot, lambda: following not in screen_text(app), "no room view")
        assert SECRET not in screen_text(app)


async def test_a_reflection_block_shows_the_rating_means_without_confidential_scores(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = operator(paths, clock, "first-session-en")
    rated = next(i for i, b in enumerate(meeting.blocks) if b.rating_questions)
    meeting.start(rated)
    meeting.capture("=1 8 9")
    meeting.capture("~=1 1")  # a confidential score: not in the room's mean
    app = room(paths, meeting, clock, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await wait_for_text(pilot, "mean 8.5")  # (8 + 9) / 2: the 1 is left out
        assert "Rating 1: 8, 9" in shown and "8, 9, 1" not in shown
        assert meeting.blocks[rated].rating_questions[0] in shown
    meeting.close()


@pytest.mark.parametrize("language", ["en", "lv"])
async def test_every_state_of_the_room_view_speaks_one_language(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    from tests.ui.test_every_screen_language import Walk, data_text, data_words

    typed = {"en": ("The hall is free", "+Book the hall @Ilze"),
             "lv": ("Zāle ir brīva", "+Rezervēt zāli @Ilze")}[language]  # fmt: skip
    raw = data_text(paths, language, typed)
    meeting = operator(paths, clock, f"action-planning-workshop-{language}")
    app = room(paths, meeting, clock, language)
    async with app.run_test(size=(120, 36)) as pilot:
        walk = Walk(pilot, language, data_words(raw), raw)
        await walk.look("room, before the start", meeting.blocks[0].title, screen="RoomScreen")
        meeting.start()
        for line in typed:
            meeting.capture(line)
        await walk.look("room, questions", typed[0])
        await pilot.press("v")
        await walk.look("room, clock alone")
        await pilot.press("v")
        await walk.look("room, action plan", typed[1][1:9])
        meeting.toggle_pause()
        await walk.look("room, paused", {"en": "PAUSED", "lv": "PAUZE"}[language])
        await pilot.press("v")
        meeting.finish()
        await walk.look("room, finished", {"en": "finished", "lv": "beig"}[language])
        meeting.close()
        paths.session_file(meeting.session.id).unlink()

        def told() -> bool:
            clock.advance(LOST_AFTER_S / 10)
            return "…" in screen_text(app) and app.screen.has_class("-message")

        await wait_until(pilot, told, "the room told it lost the session")
        await walk.look("room, lost")
    assert walk.problems == []
