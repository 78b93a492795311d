"""Minutes and action plan: golden files, escaping that survives any text, no overwrites."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.agenda.library import AgendaLibrary
from facilitator.export import escape_cell, escape_inline
from facilitator.meeting import Meeting
from facilitator.paths import DataPaths
from facilitator.session import MeetingDetails, Participant
from facilitator.store import SessionStore
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
    assert "1 confidential entries were left out" in meeting.writer().minutes()
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
    """What the documents keep of typed text: every character but control characters."""
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


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
        expected = "\n".join(
            line.replace("\t", " ").strip()
            for line in printable(typed).replace("\r", "").split("\n")
            if line.replace("\t", " ").strip()
        )
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
    assert read_back == " ".join(printable(text).replace("\r", "").split())
