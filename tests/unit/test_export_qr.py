"""The take-away QR codes: what they hold, how they split, and that a real decoder reads them.

Each code is decoded with zxing-cpp from an image drawn from the very lines the screen
shows (`half_blocks`), so a wrong glyph or a lost quiet zone fails here too.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from facilitator.agenda.model import Agenda, Block, Duration
from facilitator.documents.minutes import MinutesWriter
from facilitator.documents.qr import (
    CODE_BYTES,
    HEADER_BYTES,
    MAX_VERSION,
    QUIET_ZONE,
    half_blocks,
    qr_matrix,
    take_away,
)
from facilitator.meeting.session import ActionFields, ActionStatus, Entry, EntryKind, SessionInfo
from facilitator.storage.paths import DataPaths
from tests.helpers import START, FakeClock
from tests.unit.test_export import run_first_session

PIXELS = 4
"""Pixels per module in the decoded image."""
GLYPHS = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def modules_from(lines: list[str]) -> list[list[bool]]:
    """The modules a terminal shows, read back from the half-block lines."""
    rows: list[list[bool]] = []
    for line in lines:
        pairs = [GLYPHS[c] for c in line]
        rows += [[top for top, _ in pairs], [bottom for _, bottom in pairs]]
    return rows


def decode(lines: list[str]) -> str:
    """What a QR decoder reads from the code drawn as `lines`: dark on light."""
    modules = modules_from(lines)
    image = Image.new("L", (len(modules[0]) * PIXELS, len(modules) * PIXELS), 255)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * PIXELS, y * PIXELS, (x + 1) * PIXELS, (y + 1) * PIXELS))
    # QR codes only: among the other formats, a code's modules once read as an ITF barcode.
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"{len(found)} codes found"
    return found[0].text


def writer_with(actions: list[tuple[str, ActionFields]], title: str = "Visit 1") -> MinutesWriter:
    """A session on a one-block agenda holding these action items."""
    agenda = Agenda("a", "Agenda", "en", (Block("Block", Duration(60, 60)),))
    info = SessionInfo("s", title, agenda, START, "en", date="2026-11-23")
    entries = [
        Entry(str(n), EntryKind.ACTION, text, 0, "Block", START, 0.0, action=fields)
        for n, (text, fields) in enumerate(actions)
    ]
    return MinutesWriter(info, entries, None)


def test_the_action_items_of_a_meeting_decode_back_as_plain_text(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = run_first_session(paths, clock, "lv")
    codes = take_away(meeting.writer())
    assert codes.texts == [
        "Darbības: Pirmā sesija: Ilmārs\n"
        "1. Sagatavot 10 minūšu runu (Ilmārs, 15.01.2027.)\n"
        "2. Rezervēt telpu mēģinājumam (?, ?)"
    ]
    lines = half_blocks(qr_matrix(codes.texts[0]))
    assert decode(lines) == codes.texts[0]
    # Square-ish: two module rows per terminal line, one module per column.
    assert len(lines) * 2 - len(lines[0]) in (0, 1)


def test_the_code_has_its_quiet_zone_and_dark_modules_only_inside() -> None:
    matrix = qr_matrix("1. Share the CV (Jānis, 28 Feb 2027)")
    size = len(matrix)
    edge = list(range(QUIET_ZONE)) + list(range(size - QUIET_ZONE, size))
    assert not any(matrix[y][x] for y in edge for x in range(size))
    assert not any(matrix[y][x] for y in range(size) for x in edge)
    assert matrix[QUIET_ZONE][QUIET_ZONE]  # a finder pattern's corner


def test_a_full_code_holds_exactly_code_bytes() -> None:
    full = qr_matrix("ā" * (CODE_BYTES // 2))
    assert len(full) == 17 + 4 * MAX_VERSION + 2 * QUIET_ZONE
    with pytest.raises(ValueError, match="version-7"):
        qr_matrix("x" * (CODE_BYTES + 1))


def test_confidential_and_dropped_actions_are_never_in_the_code() -> None:
    writer = writer_with(
        [
            ("Call the mayor", ActionFields(lead="Anna")),
            ("Tell nobody", ActionFields(lead="Ilze")),
            ("Old idea", ActionFields(status=ActionStatus.DROPPED)),
            ("Send the survey", ActionFields(deadline="2026-12-15")),
        ]
    )
    writer.entries[1].confidential = True
    writer.include_confidential = True  # even when the documents include them
    assert take_away(writer).texts == [
        "Action items: Visit 1\n1. Call the mayor (Anna, ?)\n3. Send the survey (?, 15 Dec 2026)"
    ]


def test_many_actions_split_into_numbered_codes_of_whole_lines() -> None:
    actions = [
        (f"Visit school number {n} with the support group", ActionFields(lead=f"Lead {n}"))
        for n in range(1, 13)
    ]
    codes = take_away(writer_with(actions, title="Action-planning workshop with the city"))
    # Each line takes about 60 bytes and its newline, the header 40: one line per code.
    assert len(codes.texts) == 12
    assert codes.shortened == 0
    read = []
    for index, text in enumerate(codes.texts, 1):
        header, *lines = text.split("\n")
        assert header.startswith(f"Action items {index}/12: Action-planning")
        assert len(header.encode()) <= HEADER_BYTES
        assert len(text.encode()) <= CODE_BYTES
        read += lines
    assert read == [f"{n}. Visit school number {n} with the support group (Lead {n}, ?)"
                    for n in range(1, 13)]  # fmt: skip
    assert decode(half_blocks(qr_matrix(codes.texts[-1]))) == codes.texts[-1]
    # Short lines share a code: 21 bytes of header and 6 lines of 16 bytes, newlines too.
    short = take_away(writer_with([(f"Call {n}", ActionFields()) for n in range(1, 8)]))
    assert short.texts == [
        "Action items 1/2: Visit 1\n" + "\n".join(f"{n}. Call {n} (?, ?)" for n in range(1, 7)),
        "Action items 2/2: Visit 1\n7. Call 7 (?, ?)",
    ]


def test_a_line_too_long_for_a_code_is_cut_keeping_lead_and_deadline() -> None:
    long = "Prepare the presentation of the final action plan for the city council " * 3
    codes = take_away(writer_with([(long, ActionFields(lead="Ilze", deadline="2027-03-01"))]))
    assert codes.shortened == 1
    (text,) = codes.texts
    line = text.split("\n")[1]
    assert line.startswith("1. Prepare the presentation")
    assert line.endswith("… (Ilze, 1 Mar 2027)")
    assert decode(half_blocks(qr_matrix(text))) == text


def test_no_actions_no_code() -> None:
    assert take_away(writer_with([])).texts == []


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=120), st.text(max_size=40), st.text(max_size=12)),
        max_size=10,
    ),
    st.text(max_size=80),
)
def test_any_action_items_fit_their_codes_and_decode(
    actions: list[tuple[str, str, str]], title: str
) -> None:
    writer = writer_with(
        [(text, ActionFields(lead=lead, deadline=deadline)) for text, lead, deadline in actions],
        title=title,
    )
    codes = take_away(writer)
    assert codes.actions == len(actions)
    numbers = []
    for text in codes.texts:
        assert len(text.encode()) <= CODE_BYTES
        numbers += [int(line.split(".")[0]) for line in text.split("\n")[1:]]
        assert decode(half_blocks(qr_matrix(text))) == text
    assert numbers == list(range(1, len(actions) + 1))


def test_the_qr_module_never_imports_textual() -> None:
    code = (
        "import sys, facilitator.documents.qr\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
