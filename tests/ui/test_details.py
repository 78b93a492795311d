"""The meeting's details: filled in before the meeting, changed during it, at the sizes of a
small laptop window (60x20, where the form scrolls) and a projector (100x30)."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.app import make_app
from facilitator.meeting.capture import typed_date
from facilitator.meeting.participants import Participant, canonical_role
from facilitator.meeting.session import MeetingDetails
from facilitator.screens.details import DetailsDialog
from facilitator.screens.home import HomeScreen
from facilitator.screens.start import StartDialog
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.ui.test_meeting_flow import choose_agenda

SIZES = [(60, 20), (100, 30)]

VISIT = "Visit 1 in the mentee city: describing the situation"


async def type_field(pilot: Pilot[None], text: str) -> None:
    """Type into the focused field, then Enter to move on, as a facilitator does."""
    await pilot.press(*text, "enter")


async def open_details(pilot: Pilot[None], details: MeetingDetails) -> list[MeetingDetails | None]:
    """Open the details dialog over the home screen; the list gets what it returns."""
    results: list[MeetingDetails | None] = []
    await wait_for_text(pilot, "Digital Academy")
    pilot.app.push_screen(DetailsDialog(details), results.append)
    await wait_for_text(pilot, "Meeting details")
    return results


def focused_id(pilot: Pilot[None]) -> str | None:
    focused = pilot.app.focused
    return None if focused is None else focused.id


@pytest.mark.parametrize("size", SIZES)
async def test_the_start_dialog_puts_every_detail_into_the_session(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, VISIT)
        await wait_for_text(pilot, "Open the meeting")
        assert app.screen.query_one("#title", Input).value == VISIT
        await pilot.press("enter")  # keep the agenda's title
        await type_field(pilot, "24.11.2026.")
        await type_field(pilot, "Jelgava city hall")
        await type_field(pilot, "Ilze")
        await type_field(pilot, "IncluCities")
        await type_field(pilot, "Jelgava")
        await type_field(pilot, "Tallinn")
        assert focused_id(pilot) == "participants"
        await pilot.press(*"Anna (mentor), Jānis (mentee, absent), Līga (observer)")
        shown = await wait_for_text(pilot, "Jānis — mentee · absent")
        assert "Participants" in shown  # the line being typed stays in view
        assert "Anna — mentor" in shown
        await pilot.press("enter")  # Enter in the last field opens the meeting
        await wait_for_text(pilot, "Ctrl+N starts")

    stored = SessionStore(paths, clock).open("2026")
    info = stored.info
    stored.close()
    assert info.title == VISIT
    assert info.date == "2026-11-24"
    assert (info.place, info.facilitator, info.scheme) == (
        "Jelgava city hall",
        "Ilze",
        "IncluCities",
    )
    assert (info.mentee_city, info.mentor_city) == ("Jelgava", "Tallinn")
    assert info.participants == [
        Participant("Anna", "mentor", True),
        Participant("Jānis", "mentee", False),
        Participant("Līga", "observer", True),
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_a_wrong_date_is_explained_and_kept(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Open the meeting")
        await pilot.press("enter")
        await type_field(pilot, "31.02.2026")
        shown = await wait_for_text(pilot, "not a real date")
        assert "31.02.2026" in shown
        assert focused_id(pilot) == "date"  # Enter did not move on

        # Going on anyway: the meeting does not open, the text stays, the cursor goes back.
        for _ in range(6):
            await pilot.press("tab")
        assert focused_id(pilot) == "participants"
        await pilot.press("enter")
        await wait_until(pilot, lambda: focused_id(pilot) == "date", "the cursor back on Date")
        assert isinstance(app.screen, StartDialog)
        assert app.screen.query_one("#date", Input).value == "31.02.2026"
        assert "not a real date" in screen_text(app)

        await pilot.press("ctrl+a", "ctrl+k", *"23.11.2026")
        await wait_until(
            pilot, lambda: "not a real date" not in screen_text(app), "the message to go"
        )
        await pilot.click("#go")
        await wait_for_text(pilot, "Ctrl+N starts")

    stored = SessionStore(paths, clock).open("2026")
    assert stored.info.date == "2026-11-23"
    stored.close()


@pytest.mark.parametrize("size", SIZES)
async def test_space_toggles_attendance_and_edits_keep_it(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    details = MeetingDetails(
        title="Visit 2",
        participants=[
            Participant("Anna", "mentor"),
            Participant("Jānis", "mentee"),
            Participant("Līga", "support-group", attended=False),
        ],
    )
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        results = await open_details(pilot, details)
        for _ in range(8):
            await pilot.press("tab")
        assert focused_id(pilot) == "attendance"
        await pilot.press("down", "space")  # Jānis left
        await pilot.press("down", "space")  # Līga came after all
        shown = await wait_for_text(pilot, "Jānis — mentee · absent")
        assert "Līga — support-group member" in shown
        assert "Līga — support-group member · absent" not in shown

        # Someone is added to the text: the list is rebuilt, each person keeps their tick.
        await pilot.press("shift+tab", "end", *", Pēteris (novērotājs)")
        shown = await wait_for_text(pilot, "Pēteris — observer")
        assert "Jānis — mentee · absent" in shown
        assert "Līga — support-group member · absent" not in shown
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(results), "the dialog to close")

    saved = results[0]
    assert saved is not None
    assert [(p.name, canonical_role(p.role), p.attended) for p in saved.participants] == [
        ("Anna", "mentor", True),
        ("Jānis", "mentee", False),
        ("Līga", "support-group", True),
        ("Pēteris", "observer", True),
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_the_details_dialog_shows_the_details_and_returns_the_changes(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    details = MeetingDetails(
        title="Visit 3: the action plan",
        place="Jelgava city hall",
        facilitator="Ilze",
        participants=[Participant("Anna", "mentor"), Participant("Jānis", "mentee", False)],
        date="2026-11-23",
        scheme="IncluCities",
        mentee_city="Jelgava",
        mentor_city="Tallinn",
    )
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        results = await open_details(pilot, details)
        shown = screen_text(app)
        assert "Visit 3: the action plan" in shown
        assert "23.11.2026" in shown and "2026-11-23" not in shown
        form_values = {field.id: field.value for field in app.screen.query(Input)}
        assert form_values["participants"] == "Anna (mentor), Jānis (mentee, absent)"
        assert form_values["mentor-city"] == "Tallinn"

        await pilot.press("enter", "enter")  # to Place
        assert focused_id(pilot) == "place"
        await pilot.press("ctrl+a", "ctrl+k", *"Jelgava library")
        await pilot.press("enter")
        assert focused_id(pilot) == "facilitator"
        await pilot.click("#save")
        await wait_until(pilot, lambda: bool(results), "the dialog to close")
        assert isinstance(app.screen, HomeScreen)

    saved = results[0]
    assert saved is not None
    assert saved.place == "Jelgava library"
    assert saved.date == "2026-11-23"
    assert saved.participants == details.participants
    assert (saved.title, saved.scheme, saved.mentee_city, saved.mentor_city) == (
        details.title,
        details.scheme,
        details.mentee_city,
        details.mentor_city,
    )


async def test_escape_leaves_the_details_as_they_were(paths: DataPaths, clock: FakeClock) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=(60, 20)) as pilot:
        results = await open_details(pilot, MeetingDetails(title="Visit 1", place="Cēsis"))
        await pilot.press(*" changed", "escape")
        await wait_until(pilot, lambda: bool(results), "the dialog to close")
    assert results == [None]


@pytest.mark.parametrize("size", SIZES)
async def test_latvian_roles_are_recognised(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        results = await open_details(pilot, MeetingDetails(title="Tikšanās"))
        for _ in range(7):
            await pilot.press("enter")
        assert focused_id(pilot) == "participants"
        app.post_message(  # pasted from an invitation e-mail
            events.Paste(
                "Ilze (mentore), Jānis (mentorējamais), Rūta (koordinatore, prombūtnē), Ola (tulks)"
            )
        )
        shown = await wait_for_text(pilot, "Jānis — mentee")
        assert "Ilze — mentor" in shown
        assert "Rūta — coordinator · absent" in shown
        assert "Ola — tulks" in shown  # a role outside the list is kept as typed
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(results), "the dialog to close")

    saved = results[0]
    assert saved is not None
    assert [(p.name, canonical_role(p.role), p.attended) for p in saved.participants] == [
        ("Ilze", "mentor", True),
        ("Jānis", "mentee", True),
        ("Rūta", "coordinator", False),
        ("Ola", "tulks", True),
    ]
    # A form other than the app's own is kept as typed, for the Latvian minutes (`mentore`,
    # not the catalogue's `mentors`); the app's own name is the role itself.
    assert [p.role for p in saved.participants] == ["mentore", "mentee", "koordinatore", "tulks"]


@pytest.mark.parametrize("size", SIZES)
async def test_the_start_dialog_proposes_today_and_the_programme(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Open the meeting")
        today = typed_date(date.fromtimestamp(clock()).isoformat())
        assert app.screen.query_one("#date", Input).value == today
        # The agenda's programme is the meeting's, for the action plan's header.
        assert app.screen.query_one("#scheme", Input).value == "Digital Academy"
        await pilot.click("#go")  # nothing typed: today it is
        await wait_for_text(pilot, "Ctrl+N starts")
    stored = SessionStore(paths, clock).open("2026")
    assert stored.info.date == date.fromtimestamp(clock()).isoformat()
    assert stored.info.scheme == "Digital Academy"
    stored.close()
