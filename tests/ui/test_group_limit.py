"""A local support group has at most ten key stakeholders (seed 000): an agenda says so
with `max-participants:`, and an eleventh person listed is warned of, at the start and
when the details change, while the meeting runs on."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.agenda.parse import parse_agenda
from facilitator.agenda.problems import AgendaError
from facilitator.app import StartRequest, make_app
from facilitator.i18n import set_language
from facilitator.meeting.participants import parse_participants
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.launch import NoticeKind, create_to_run
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.workspace import Workspace
from tests.helpers import FakeClock, flat, screen_text, wait_until

BLOCK = "\n## Talk\nDuration: 40 min\n"


def people(count: int) -> str:
    return ", ".join(f"Person {n} (support-group member)" for n in range(1, count + 1))


def test_the_header_gives_the_most_people_and_a_wrong_one_is_named() -> None:
    group, _ = parse_agenda("---\ntitle: G\nmax-participants: 10\n---\n" + BLOCK, "g.md")
    latvian, _ = parse_agenda("---\nnosaukums: G\ndalībnieki-līdz: 10\n---\n" + BLOCK, "l.md")
    free, _ = parse_agenda("---\ntitle: G\n---\n" + BLOCK, "f.md")
    assert (group.max_participants, latvian.max_participants, free.max_participants) == (10, 10, 0)
    with pytest.raises(AgendaError) as caught:
        parse_agenda("---\ntitle: G\nmax-participants: ten\n---\n" + BLOCK, "bad.md")
    assert [str(p) for p in caught.value.problems] == [
        "bad.md:3: `max-participants:` is a whole number of people from 1 to 1000, not `ten`"
    ]


@pytest.mark.parametrize("language", ["en", "lv"])
def test_an_eleventh_stakeholder_is_warned_of_and_the_meeting_is_made(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    set_language(language)  # the warning is in the UI language
    agenda = AgendaLibrary.discover(paths).find(f"local-support-group-{language}")
    assert agenda is not None and agenda.max_participants == 10
    workspace = Workspace(paths, clock)
    ten = create_to_run(
        workspace, agenda, MeetingDetails(participants=parse_participants(people(10)))
    )
    assert ten.session is not None and ten.notices == []
    ten.session.close()
    eleven = create_to_run(
        workspace, agenda, MeetingDetails(participants=parse_participants(people(11)))
    )
    assert eleven.session is not None  # a warning, not a refusal
    eleven.session.close()
    assert [n.kind for n in eleven.notices] == [NoticeKind.RULE]
    said = {
        "en": "11 participants are listed: this meeting is for at most 10 people.",
        "lv": "Norādīti 11 dalībnieki: šī sanāksme paredzēta ne vairāk kā 10 personām.",
    }[language]
    assert [n.text for n in eleven.notices] == [said]
    set_language("en")


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_the_run_screen_tells_of_the_eleventh_person(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    agenda = AgendaLibrary.discover(paths).find("local-support-group-en")
    assert agenda is not None
    details = MeetingDetails(title="Support group", participants=parse_participants(people(11)))
    app = make_app(paths, now=clock, start=StartRequest(agenda, details))
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_until(
            pilot,
            lambda: "at most 10 people" in flat(screen_text(app)),
            "the warning",
        )
        assert isinstance(app.screen, RunScreen)  # the meeting is on


async def test_an_eleventh_person_added_in_the_details_is_told(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("local-support-group-en")
    assert agenda is not None
    details = MeetingDetails(title="Support group", participants=parse_participants(people(10)))
    app = make_app(paths, now=clock, start=StartRequest(agenda, details))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the run screen")
        assert "at most 10" not in flat(screen_text(app))
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: "Participants" in screen_text(app), "the details")
        app.screen.query_one("#participants").focus()
        await pilot.press("end", *", Ilze (city officer)", "ctrl+s")
        await wait_until(
            pilot,
            lambda: (
                "11 participants are listed: this meeting is for at most 10 people."
                in flat(screen_text(app))
            ),
            "the warning in the status line",
        )
        assert "The meeting's details are saved." in flat(screen_text(app))
