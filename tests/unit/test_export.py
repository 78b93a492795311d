"""Minutes and action plan: golden files, escaping that survives any text, no overwrites."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.documents.markdown import escape_cell, escape_inline
from facilitator.meeting.academic_hours import AcademicHours
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import Entry, EntryKind, MeetingDetails, RatingFields, Score
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

GOLDEN = Path(__file__).parent.parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def run_meeting(paths: DataPaths, clock: FakeClock, agenda_id: str) -> Meeting:
    """A getting-to-know meeting: overtime in block 1, a short block 2, the rest not run."""
    agenda = AgendaLibrary.discover(paths).find(agenda_id)
    assert agenda is not None
    people = [
        Participant("Anna Bērziņa", "mentor"),
        Participant("Jānis", "mentee"),
        Participant("Pēteris", "observer", attended=False),
    ]
    session = SessionStore(paths, clock).create(
        agenda, MeetingDetails("", "Cēsis | *centre*", "Ilze", people)
    )
    meeting = Meeting(session, clock)
    meeting.start()
    clock.advance(200)
    meeting.capture("Anna values honesty; Jānis wants # challenge")
    meeting.capture("+ Share the CV @Jānis 28.02.2027")
    clock.advance(230)
    meeting.next()
    clock.advance(100)
    meeting.capture("! Meet every second Tuesday")
    meeting.capture("? Who books the room | and when?")
    meeting.capture("+ Ask the HR office")
    clock.advance(140)
    meeting.finish()
    return meeting


FIRST_SESSION = {
    "en": {
        "title": "First session: Ilmārs",
        "scheme": "Digital Academy mentoring 2026",
        "notes": [
            "Ilmārs leads a team of 6 analysts",
            "Ilmārs is thinking of leaving the ministry",
            "Strength: *Excel* | SQL; weakness: public speaking",
        ],
        "decision": "! Work on one SMART goal: present to the board by March",
        "action": "+ Draft the 10-minute talk @Ilmārs 15.01.2027",
        "details": ("a 10-minute talk with slides", "Dace's slide template", "the board asks"),
        "second": "+ Book a rehearsal room",
        "questions": ["How valuable was this session?", "How many new ideas did you get?"],
    },
    "lv": {
        "title": "Pirmā sesija: Ilmārs",
        "scheme": "Digitālās akadēmijas mentorēšana 2026",
        "notes": [
            "Ilmārs vada 6 analītiķu komandu",
            "Ilmārs domā par aiziešanu no ministrijas",
            "Stiprā puse: *Excel* | SQL; vājā: uzstāšanās",
        ],
        "decision": "! Strādājam pie viena SMART mērķa: prezentācija valdei līdz martam",
        "action": "+ Sagatavot 10 minūšu runu @Ilmārs 15.01.2027",
        "details": ("10 minūšu runa ar slaidiem", "Daces slaidu veidne", "valde uzdod jautājumus"),
        "second": "+ Rezervēt telpu mēģinājumam",
        "questions": ["Cik vērtīga bija šī sesija?", "Cik daudz jaunu ideju jums radās?"],
    },
}


def run_first_session(
    paths: DataPaths, clock: FakeClock, language: str, *, academic: bool = False
) -> Meeting:
    """A first mentoring session of 95 minutes' running time (a 5-minute pause not counted):
    block 3 skipped, a confidential note, a complete action and an incomplete one, ratings in
    the reflection block; the meeting is dated the day after the session file was made."""
    words = FIRST_SESSION[language]
    agenda = AgendaLibrary.discover(paths).find(f"first-session-{language}")
    assert agenda is not None
    agenda = replace(agenda, academic_hours=academic)
    people = [
        Participant("Dace Ozola", "mentor"),
        Participant("Ilmārs Kalniņš", "mentee"),
        Participant("Rita", "coordinator", attended=False),
        Participant("Toms", "HR partner"),
    ]
    details = MeetingDetails(
        str(words["title"]),
        "Valmiera",
        "Dace Ozola",
        people,
        date="2026-11-24",
        scheme=str(words["scheme"]),
        mentee_city="Valmiera",
    )
    session = SessionStore(paths, clock).create(agenda, details)
    meeting = Meeting(session, clock)
    notes = list(words["notes"])
    meeting.start()
    clock.advance(120)
    meeting.capture(notes[0])
    secret = meeting.capture(notes[1])
    secret.confidential = True
    session.put_entry(secret)
    clock.advance(360)
    meeting.next()  # block 1: 8 min
    clock.advance(420)
    meeting.next()  # block 2: 7 min
    clock.advance(60)
    meeting.skip()  # block 3: skipped after 1 min
    clock.advance(420)
    meeting.next()  # block 4: 7 min
    clock.advance(600)
    meeting.capture(notes[2])
    meeting.toggle_pause()
    clock.advance(300)
    meeting.toggle_pause()
    clock.advance(1020)
    meeting.next()  # block 5: 27 min
    clock.advance(300)
    meeting.capture(str(words["decision"]))
    action = meeting.capture(str(words["action"]))
    assert action.action is not None
    result, resources, measure = words["details"]
    action.action.result, action.action.resources, action.action.measure = (
        result,
        resources,
        measure,
    )
    session.put_entry(action)
    clock.advance(900)
    meeting.next()  # block 6: 20 min
    meeting.capture(str(words["second"]))
    clock.advance(900)
    meeting.next()  # block 7: 15 min
    questions = list(words["questions"])
    for number, (question, scores) in enumerate(
        [
            (questions[0], [Score(8, "Ilmārs Kalniņš"), Score(9, "Dace Ozola")]),
            (questions[1], [Score(7), Score(6), Score(8)]),
        ]
    ):
        entry = Entry(
            id=f"rating-{number}",
            kind=EntryKind.RATING,
            text=question,
            block_index=7,
            block_title=meeting.blocks[7].title,
            created_at=clock(),
            meeting_s=meeting.clock.running_time(),
            rating=RatingFields(number, question, scores),
        )
        session.put_entry(entry)
    clock.advance(600)
    meeting.finish()  # block 8: 10 min
    meeting.close()
    return Meeting(SessionStore(paths, clock).open(session.id), clock)


def check_golden(name: str, text: str) -> None:
    """`text` is the golden file `name`, or becomes it with UPDATE_GOLDEN=1."""
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"differs from {golden}"


@pytest.mark.parametrize("language", ["en", "lv"])
def test_a_first_session_matches_the_golden_files(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    writer = run_first_session(paths, clock, language).writer()
    check_golden(f"first-session-{language}-minutes.md", writer.minutes())
    check_golden(f"first-session-{language}-action-plan.md", writer.action_plan())


@pytest.mark.parametrize("language", ["en", "lv"])
def test_minutes_and_plan_match_the_golden_files(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    meeting = run_meeting(paths, clock, f"getting-to-know-{language}")
    writer = meeting.writer()
    for name, text in (("minutes", writer.minutes()), ("action-plan", writer.action_plan())):
        golden = GOLDEN / f"getting-to-know-{language}-{name}.md"
        if UPDATE:
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"differs from {golden}"


def section(markdown: str, heading: str) -> str:
    """The text under one `## ` heading, up to the next one."""
    start = markdown.index(heading + "\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def test_entries_land_under_the_block_they_were_typed_in(
    paths: DataPaths, clock: FakeClock
) -> None:
    minutes = run_meeting(paths, clock, "getting-to-know-en").writer().minutes()
    first = section(minutes, "## 1. Introductions and values")
    second = section(minutes, "## 2. Attitude and expectations")
    assert "Anna values honesty" in first and "Meet every second Tuesday" not in first
    assert "**Decision:** Meet every second Tuesday" in second
    assert "| 1 | Introductions and values | 6:00 | 7:10 | +1:10 |" in minutes
    assert "| 2 | Attitude and expectations | 6:00 | 4:00 | -2:00 |" in minutes


def test_files_are_written_and_never_overwritten(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run_meeting(paths, clock, "getting-to-know-en")
    first = meeting.export(paths.exports)
    second = meeting.export(paths.exports)
    assert [p.name for p in first] == [
        "2026-11-23-getting-to-know-conversation-minutes.md",
        "2026-11-23-getting-to-know-conversation-action-plan.md",
    ]
    assert [p.name for p in second] == [
        "2026-11-23-getting-to-know-conversation-minutes-2.md",
        "2026-11-23-getting-to-know-conversation-action-plan-2.md",
    ]
    assert first[0].read_text(encoding="utf-8") == second[0].read_text(encoding="utf-8")


def test_confidential_entries_are_left_out_and_counted(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run_meeting(paths, clock, "getting-to-know-en")
    entry = meeting.entries()[0]
    entry.confidential = True
    assert "Anna values honesty" not in meeting.writer().minutes()
    assert "1 confidential entry was left out" in meeting.writer().minutes()
    assert "Anna values honesty" in meeting.writer(include_confidential=True).minutes()


md = MarkdownIt("commonmark").enable("table")


def cell_texts(markdown: str) -> list[list[str]]:
    """Each table row's cells as plain text, read back by markdown-it-py."""
    rows: list[list[str]] = []
    in_cell = False
    for token in md.parse(markdown):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append("")
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            rows[-1][-1] = "".join(
                "\n" if c.type == "html_inline" and c.content == "<br>" else c.content
                for c in token.children or []
            )
    return rows


def printable(text: str) -> str:
    """What the documents keep of typed text: `\\r\\n` and a lone `\\r` are line breaks,
    a tab is a space, and every other control character is dropped (and what no XML
    document can hold: a lone surrogate, U+FFFE and U+FFFF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        c
        for c in text
        if c == "\n" or (unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff")
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_any_text_keeps_its_table_cell(texts: list[str]) -> None:
    header = "| a | b | c |\n|---|---|---|\n"
    cells = [*texts, "", "", ""][:3]
    row = "| " + " | ".join(escape_cell(t) for t in cells) + " |\n"
    rows = cell_texts(header + row)
    assert len(rows) == 2
    assert len(rows[1]) == 3
    for typed, read_back in zip(cells, rows[1], strict=True):
        expected = "\n".join(line.strip() for line in printable(typed).split("\n") if line.strip())
        assert read_back == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_stays_one_plain_list_item(text: str) -> None:
    tokens = md.parse(f"- {escape_inline(text)}\n")
    kinds = [t.type for t in tokens]
    assert kinds.count("list_item_open") == 1
    assert "heading_open" not in kinds and "blockquote_open" not in kinds
    inline = [t for t in tokens if t.type == "inline"]
    read_back = "".join(c.content for t in inline for c in t.children or [])
    assert read_back == " ".join(printable(text).split())


@pytest.mark.parametrize(
    ("seconds", "minutes", "whole"),
    [
        (0, 0, 0),
        (19 * 60 + 29, 19, 0),  # under 20 min: nothing to record
        (19 * 60 + 30, 20, 1),  # whole minutes first, halves up
        (59 * 60, 59, 1),
        (60 * 60, 60, 2),  # 1.5 academic hours: halves up
        (95 * 60, 95, 2),
        (100 * 60, 100, 3),
        (180 * 60, 180, 5),  # group supervision: 4.5 -> 5
    ],
)
def test_academic_hours_round_to_the_nearest_whole_hour_halves_up(
    seconds: float, minutes: int, whole: int
) -> None:
    hours = AcademicHours.of(seconds)
    assert (hours.minutes, hours.whole) == (minutes, whole)


def test_the_time_record_states_hours_date_topic_and_rule(
    paths: DataPaths, clock: FakeClock
) -> None:
    minutes = run_first_session(paths, clock, "en", academic=True).writer().minutes()
    record = section(minutes, "## Time record")
    assert "| 24 Nov 2026 | 2 | First session: Ilmārs |" in record
    assert "95 min of running time (pauses not counted) = 2.375 academic hours" in record
    assert "rounded to the nearest, halves up" in record
    lv = run_first_session(paths, clock, "lv", academic=True).writer().minutes()
    assert "= 2,375 akadēmiskās stundas" in section(lv, "## Laika uzskaite")


def test_a_programme_that_counts_clock_time_has_no_academic_hours(
    paths: DataPaths, clock: FakeClock
) -> None:
    minutes = run_first_session(paths, clock, "en").writer().minutes()
    assert "## Time record" not in minutes
    assert "academic" not in minutes
    assert "| **Total** |" in minutes  # the clock times stay


def test_ratings_show_each_value_who_gave_it_count_and_mean(
    paths: DataPaths, clock: FakeClock
) -> None:
    en = run_first_session(paths, clock, "en").writer().minutes()
    ratings = section(en, "## Reflection ratings")
    assert (
        "| 8. Reflection | How valuable was this session? | 8 (Ilmārs Kalniņš), 9 (Dace Ozola) "
        "| 2 | 8.5 |" in ratings
    )
    assert "| 7, 6, 8 | 3 | 7.0 |" in ratings
    lv = run_first_session(paths, clock, "lv").writer().minutes()
    assert "| 7, 6, 8 | 3 | 7,0 |" in section(lv, "## Refleksijas vērtējumi")


def test_no_ratings_section_without_ratings(paths: DataPaths, clock: FakeClock) -> None:
    minutes = run_meeting(paths, clock, "getting-to-know-en").writer().minutes()
    assert "## Reflection ratings" not in minutes


def test_participants_are_listed_present_and_absent_with_role_words(
    paths: DataPaths, clock: FakeClock
) -> None:
    lv = run_first_session(paths, clock, "lv").writer().minutes()
    assert (
        "- **Piedalījās:** Dace Ozola (mentors), Ilmārs Kalniņš (mentorējamais), "
        "Toms (HR partner)\n- **Nepiedalījās:** Rita (koordinators)\n" in lv
    )


def test_the_plan_header_follows_the_template(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run_first_session(paths, clock, "en")
    plan = meeting.writer().action_plan()
    assert "- **Mentoring scheme:** Digital Academy mentoring 2026\n" in plan
    assert "- **Mentee city:** Valmiera\n" in plan
    assert "- **Mentor:** Dace Ozola\n" in plan  # no mentor city: the mentor by name
    assert "- **Date and version:** 24 Nov 2026, draft 1\n" in plan
    meeting.session.info.mentor_city = "Ljubljana"
    assert "- **Mentor city:** Ljubljana\n" in meeting.writer().action_plan()


def test_a_copy_with_confidential_entries_is_named_so(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run_first_session(paths, clock, "en")
    written = meeting.export(paths.exports, include_confidential=True)
    assert [p.name for p in written] == [
        "2026-11-24-first-session-ilmars-confidential-minutes.md",
        "2026-11-24-first-session-ilmars-confidential-action-plan.md",
    ]
    minutes = written[0].read_text(encoding="utf-8")
    assert "thinking of leaving" in section(minutes, "## 1. Getting to know: me as a professional")
    assert "left out" not in minutes


def test_the_command_line_says_what_it_left_out_and_can_include_it(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = run_first_session(paths, clock, "en")
    session_id = meeting.session.id
    meeting.close()
    out = paths.root / "out"
    assert main(["export", session_id, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.split() == [
        str(out / "2026-11-24-first-session-ilmars-minutes.md"),
        str(out / "2026-11-24-first-session-ilmars-action-plan.md"),
    ]
    assert "1 confidential entry left out; --include-confidential" in printed.err
    assert main(["export", session_id, "--out", str(out), "--include-confidential"]) == 0
    printed = capsys.readouterr()
    minutes = Path(printed.out.split()[0])
    assert minutes.name == "2026-11-24-first-session-ilmars-confidential-minutes.md"
    assert "thinking of leaving" in minutes.read_text(encoding="utf-8")
    assert printed.err == ""


def test_deleted_entries_are_in_no_document(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the facilitator deleted (one entry of each kind, a confidential one too) is in
    neither the minutes nor the action plan, whether written by the app or later from the
    session file, and is not counted as left out; what was kept is there."""
    meeting = run_meeting(paths, clock, "getting-to-know-en")
    gone = [
        meeting.capture("Deleted note about the budget"),
        meeting.capture("! Deleted decision to move the office"),
        meeting.capture("+ Deleted action to call the mayor @Anna 01.03.2027"),
        meeting.capture("? Deleted question on parking"),
        meeting.capture("~ Deleted secret about salaries"),
    ]
    for entry in gone:
        meeting.delete(entry.id)
    session_id = meeting.session.id
    from_app = [meeting.writer().minutes(), meeting.writer().action_plan()]
    with_confidential = meeting.writer(include_confidential=True).minutes()
    meeting.close()
    assert main(["export", session_id, "--out", str(paths.root / "out")]) == 0
    written = [Path(p).read_text(encoding="utf-8") for p in capsys.readouterr().out.split()]
    for document in [*from_app, with_confidential, *written]:
        assert "Deleted" not in document
    minutes, plan = written
    assert "Share the CV" in minutes and "Share the CV" in plan
    assert "Meet every second Tuesday" in minutes
    assert "left out" not in minutes
    actions = [row for row in cell_texts(plan) if row and row[0].isdigit()]
    assert [row[1] for row in actions] == ["Share the CV", "Ask the HR office"]


def test_an_action_with_white_space_around_its_words_is_listed_on_one_line(
    paths: DataPaths, clock: FakeClock
) -> None:
    """An action kept with spaces around its words (`0 `, as hypothesis found) is still
    to agree as `1. 0: who leads...`: nothing stands between its words and the colon."""
    writer = run_first_session(paths, clock, "en").writer()
    actions = [e for e in writer.entries if e.kind is EntryKind.ACTION]
    incomplete = next(e for e in actions if e.action is None or not e.action.lead)
    incomplete.text = "  Call  the school \n"
    plan = writer.action_plan()
    gaps = [line for line in plan.splitlines() if "Call the school:" in line]
    assert len(gaps) == 1 and "Call the school :" not in plan
