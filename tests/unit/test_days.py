"""Visits of several days (issue 20): one visit with day 1 and day 2, not two sessions. The
agenda says where each day begins (`Day: 2`); moving into a new day stops the timer for
the night, resuming the next morning begins the day, the schedule is the day's, and the
minutes hold one time table a day."""

from __future__ import annotations

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.agenda.problems import AgendaError
from facilitator.i18n import set_language
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, meeting_on
from tests.unit.test_export import section

TWO_DAYS = """# Visit

## Welcome
Duration: 30 min
Day: 1

## Interviews
Duration: 60 min

## Workshop
Duration: 90 min
Day: 2

## Next steps
Duration: 20 min
"""

NIGHT = 16 * 3600


def test_a_day_line_puts_its_block_and_the_ones_after_it_on_that_day() -> None:
    agenda, problems = parse_agenda(TWO_DAYS, "visit.en.md")
    assert problems == []
    assert [b.day for b in agenda.blocks] == [1, 1, 2, 2]
    assert agenda.days == 2
    lv, _ = parse_agenda(TWO_DAYS.replace("Day:", "Diena:"), "visit.lv.md")
    assert [b.day for b in lv.blocks] == [1, 1, 2, 2]
    one, _ = parse_agenda("# One\n\n## Talk\nDuration: 5 min\n", "one.md")
    assert one.days == 1 and one.blocks[0].day == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            TWO_DAYS.replace("Duration: 20 min", "Duration: 20 min\nDay: 1"),
            "visit.md:16: block `Next steps` is on day 1, after a block of day 2: "
            "the days go in order",
        ),
        (
            TWO_DAYS.replace("Day: 2", "Day: 3"),
            "visit.md:12: block `Workshop` is on day 3, but day 2 has no blocks",
        ),
        (
            TWO_DAYS.replace("Day: 2", "Day: tomorrow"),
            "visit.md:12: block `Workshop`: the day must be a whole number from 1 to 9, "
            "not `tomorrow`",
        ),
    ],
)
def test_days_out_of_order_or_unreadable_are_refused_with_their_line(
    text: str, message: str
) -> None:
    with pytest.raises(AgendaError) as raised:
        parse_agenda(text, "visit.md")
    assert message in [str(p) for p in raised.value.problems]


def test_a_night_between_two_days_is_not_a_stretch_without_a_break() -> None:
    # 110 min on day 1, 110 on day 2: each day keeps under two hours without a break.
    long_days = TWO_DAYS.replace("60 min", "80 min").replace("90 min", "90 min")
    _agenda, problems = parse_agenda(long_days, "visit.md")
    assert problems == []
    one_day = long_days.replace("Day: 2\n", "")  # 220 min in one go
    _agenda, problems = parse_agenda(one_day, "visit.md")
    assert any("without a break" in str(p) for p in problems)


@pytest.fixture
def visit(paths: DataPaths, clock: FakeClock) -> Meeting:
    agenda, _ = parse_agenda(TWO_DAYS, "visit.en.md")
    store = SessionStore(paths, clock)
    meeting = Meeting(store.create(agenda, MeetingDetails(date="2026-11-23")), clock)
    meeting.start()
    return meeting


def test_moving_into_day_two_stops_the_timer_until_the_next_morning(
    visit: Meeting, clock: FakeClock
) -> None:
    clock.advance(30 * 60)
    visit.next()
    clock.advance(65 * 60)
    said = visit.next()
    assert said.startswith("Day 1 is over: the timer waits for the next morning. Ctrl+T begins")
    assert visit.clock.current == 2 and not visit.clock.running
    assert visit.clock.waiting_for_day
    assert visit.clock.projected_end() is None  # no schedule over the night
    clock.advance(NIGHT)
    assert visit.clock.elapsed(2) == 0  # the night is not meeting time
    assert visit.downtime() == 0  # nor a question when the app opens in the morning
    said = visit.toggle_pause()
    assert said == 'Day 2 begins with block 3 "Workshop".'
    morning = clock()
    assert visit.clock.scheduled_end() == morning + (90 + 20) * 60  # the day's schedule
    clock.advance(100 * 60)
    assert visit.clock.drift() == pytest.approx(10 * 60)  # 10 min behind, today
    visit.next()
    clock.advance(20 * 60)
    visit.finish()
    assert [(s.day, s.start, s.end) for s in visit.clock.day_spans] == [
        (1, morning - NIGHT - 95 * 60, morning - NIGHT),
        (2, morning, morning + 120 * 60),
    ]
    assert visit.clock.running_time() == (30 + 65 + 100 + 20) * 60


def test_undo_takes_back_the_end_of_the_day(visit: Meeting, clock: FakeClock) -> None:
    visit.go_to(1)
    clock.advance(60 * 60)
    visit.next()
    assert visit.clock.waiting_for_day
    assert visit.undo() == 'Undone: moving on. Back in block 2 "Interviews".'
    assert not visit.clock.waiting_for_day and visit.clock.running
    assert len(visit.clock.day_spans) == 1


def test_the_day_and_its_spans_survive_a_restart(
    visit: Meeting, paths: DataPaths, clock: FakeClock
) -> None:
    visit.go_to(2)
    assert visit.clock.waiting_for_day  # going to day 2 ends day 1 too
    visit.session.close()
    clock.advance(NIGHT)
    again = Meeting(SessionStore(paths, clock).open(visit.session.id, write=True), clock)
    assert again.clock.waiting_for_day and again.clock.blocks[2].day == 2
    again.toggle_pause()
    assert not again.clock.waiting_for_day and again.clock.day_spans[-1].start == clock()


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_minutes_hold_a_time_table_for_each_day(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    set_language(language)
    meeting = meeting_on(paths, clock, f"visit-1-situation-{language}")
    agenda = meeting.session.info.agenda
    assert agenda.days == 2
    while not meeting.clock.waiting_for_day:
        clock.advance(10 * 60)
        meeting.next()
    clock.advance(NIGHT)
    meeting.toggle_pause()
    while not meeting.clock.finished:
        clock.advance(10 * 60)
        meeting.next()
    minutes = meeting.writer().minutes()
    times = section(
        minutes, "## " + ("Agenda and time" if language == "en" else "Darba kārtība un laiks")
    )
    day = "Day" if language == "en" else "diena"
    first = next(line for line in times.splitlines() if line.startswith("### "))
    headings = [line for line in times.splitlines() if line.startswith("### ")]
    assert len(headings) == 2, headings
    assert ("### Day 1: " if language == "en" else "### 1. diena: ") in first
    assert "23 Nov 2026" in headings[0] or "23.11.2026." in headings[0]
    assert "24 Nov 2026" in headings[1] or "24.11.2026." in headings[1]
    day_one, day_two = times.split(headings[1])
    assert agenda.blocks[0].title in day_one and agenda.blocks[-1].title not in day_one
    assert agenda.blocks[-1].title in day_two and agenda.blocks[0].title not in day_two
    assert day_one.count("| **" + ("Total" if language == "en" else "Kopā") + "** |") == 1
    assert day_two.count("| **" + ("Total" if language == "en" else "Kopā") + "** |") == 1
    date_line = next(line for line in minutes.splitlines() if line.startswith("- **"))
    assert ("23 Nov 2026 – 24 Nov 2026" in date_line) or ("23.11.2026. – 24.11.2026." in date_line)
    time_line = next(line for line in minutes.splitlines() if "Time" in line or "Laiks" in line)
    assert time_line.lower().count(day.lower()) == 2


def test_a_day_passed_over_and_a_step_back_before_the_morning_keep_the_days_right(
    paths: DataPaths, clock: FakeClock
) -> None:
    three, _ = parse_agenda(TWO_DAYS + "\n## Farewell\nDuration: 10 min\nDay: 3\n", "v.md")
    meeting = Meeting(SessionStore(paths, clock).create(three), clock)
    meeting.start()
    clock.advance(60)
    meeting.go_to(2)  # the end of day 1
    meeting.previous()  # back before the night: day 1 goes on
    assert not meeting.clock.waiting_for_day
    assert [(s.day, s.end) for s in meeting.clock.day_spans] == [(1, None)]
    evening = clock()
    meeting.go_to(4)  # day 2 passed over: the night leads into day 3
    assert meeting.clock.waiting_for_day
    clock.advance(NIGHT)
    meeting.toggle_pause()
    spans = [(s.day, s.start, s.end) for s in meeting.clock.day_spans]
    assert spans == [(1, evening - 60, evening), (3, clock(), None)]
    assert meeting.clock.day_span(2) is None and meeting.clock.day_span(3) is not None
