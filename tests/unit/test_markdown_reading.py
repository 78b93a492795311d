"""The Markdown documents as their readers see them: people reading the file as plain text
(nothing escaped that did not need it), two parsers (markdown-it-py and cmark-gfm, the one
GitHub uses), and the figures and words a reader checks (totals that add up, a skipped
block called skipped, the time added, the end time the screen showed, whole words in file
names)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.agenda.model import Agenda, Block, Duration
from facilitator.documents.files import NAME_LIMIT, slugify
from facilitator.documents.markdown import escape_cell, escape_inline
from facilitator.i18n import format_minute
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_export import printable, run_first_session

md = MarkdownIt("commonmark").enable("table")


def github(text: str) -> str:
    """`text` rendered as GitHub renders it (cmark-gfm with its extensions), raw HTML let
    through so that any that typed text made would show."""
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


class Reader(HTMLParser):
    """The text of an HTML fragment, per table cell and per list item, as a reader sees
    it: line breaks as `\\n`, every other tag noted. GitHub links an e-mail address or a
    web address that is typed (`anna@example.lv`, written as typed on purpose): a link
    whose text is the address itself reads as typed and is not noted; any other is."""

    ALLOWED = {"ul", "ol", "li", "p", "table", "thead", "tbody", "tr", "th", "td", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.items: list[str] = []
        self.other_tags: list[str] = []
        self._open: list[str] = []
        self._links: list[tuple[str, str]] = []
        """The links open: their target, and their text so far."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._text("\n")
            return
        if tag == "a":
            self._links.append((dict(attrs).get("href") or "", ""))
            return
        if tag not in self.ALLOWED:
            self.other_tags.append(tag)
        if tag in ("td", "th"):
            self.cells.append("")
            self._open.append("cell")
        elif tag == "li":
            self.items.append("")
            self._open.append("item")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            target, text = self._links.pop()
            if target not in (text, f"mailto:{text}", f"http://{text}"):
                self.other_tags.append("a")
            return
        if tag in ("td", "th", "li") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._links:
            target, text = self._links[-1]
            self._links[-1] = (target, text + data)
        self._text(data)

    def handle_comment(self, data: str) -> None:
        self.other_tags.append("<!--")

    def _text(self, data: str) -> None:
        if self._open and self._open[-1] == "cell":
            self.cells[-1] += data
        elif self._open and self._open[-1] == "item":
            self.items[-1] += data.strip("\n") if data.strip() == "" else data


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


# --- Read as plain text: escaped only where it would change the meaning -----------------


@pytest.mark.parametrize(
    "text",
    [
        "Anna & Jānis",
        "-5 °C outside",
        "1.5 hours",
        "snake_case and file_name",
        "a < b and c > d",
        "Anna (mentor) [Rīga]",
        "2 * 3 = 6",
        "#hashtag",
        "Who books the room | and when?",
        "It costs 5 $ ~ about",
        "e-mail: anna@example.lv",
    ],
)
def test_ordinary_text_is_written_as_typed(text: str) -> None:
    assert escape_inline(text) == text
    for_cell = text.replace("|", "\\|")
    assert escape_cell(text) == for_cell


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a &amp; b", "a \\&amp; b"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("---", "\\---"),
        ("*bold* and _it_", "\\*bold\\* and \\_it\\_"),
        ("<b>not html</b>", "\\<b>not html\\</b>"),
        ("[a link](http://x)", "\\[a link](http://x)"),
        ("`code`", "\\`code\\`"),
        ("~~struck~~", "\\~\\~struck\\~\\~"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markup_is_escaped(text: str, escaped: str) -> None:
    assert escape_inline(text) == escaped


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
@example("0@.A")  # GitHub links it as an address: it still reads as typed (found by hypothesis)
def test_any_text_reads_back_as_typed_on_github(text: str) -> None:
    reader = read(github(f"- {escape_inline(text)}\n"))
    assert reader.other_tags == []
    assert len(reader.items) == 1
    assert reader.items[0].strip() == " ".join(printable(text).split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=3, max_size=3))
def test_any_text_keeps_its_table_cell_on_github(texts: list[str]) -> None:
    row = "| " + " | ".join(escape_cell(t) for t in texts) + " |\n"
    reader = read(github("| a | b | c |\n|---|---|---|\n" + row))
    assert reader.other_tags == []
    assert len(reader.cells) == 6
    for typed, cell in zip(texts, reader.cells[3:], strict=True):
        expected = "\n".join(line.strip() for line in printable(typed).split("\n") if line.strip())
        assert cell == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab &;#<>*_`~[]()!\\|-+1.:^"), max_size=30))
@example("--")  # after a list's `- `, a thematic break (found by hypothesis)
@example("- -")
def test_markup_characters_read_back_in_both_parsers(text: str) -> None:
    line = escape_inline(text)
    expected = " ".join(text.split())
    tokens = md.parse(f"- {line}\n")
    inline = [t for t in tokens if t.type == "inline"]
    assert [c.type for t in inline for c in t.children or []] in ([], ["text"])
    assert "".join(c.content for t in inline for c in t.children or []) == expected
    reader = read(github(f"- {line}\n"))
    assert reader.other_tags == []
    assert reader.items[0].strip() == expected


# --- What a reader checks -------------------------------------------------------------


def seconds(text: str) -> int:
    """`95:00` or `+3:00` as seconds."""
    sign = -1 if text.startswith("-") else 1
    minutes, secs = text.lstrip("+-").split(":")
    return sign * (int(minutes) * 60 + int(secs))


def test_the_total_row_adds_up_as_printed(paths: DataPaths, clock: FakeClock) -> None:
    minutes = run_first_session(paths, clock, "en").writer().minutes()
    total = next(line for line in minutes.splitlines() if "**Total**" in line)
    planned, actual, difference = [cell.strip() for cell in total.split("|")[3:6]]
    assert seconds(actual) - seconds(planned) == seconds(difference)
    # The block skipped after a minute: its plan is out of the total, as the note says.
    assert (planned, actual, difference) == ("92:00", "95:00", "+3:00")
    assert "leaves out the skipped blocks (8:00 planned)" in minutes


def meeting_with_an_extension_and_a_skip(paths: DataPaths, clock: FakeClock) -> Meeting:
    blocks = tuple(Block(title, Duration(360, 360)) for title in ("Talk", "Plan", "Close"))
    agenda = Agenda("three", "Three blocks", "en", blocks)
    session = SessionStore(paths, clock).create(agenda, MeetingDetails("Anna & Jānis"))
    meeting = Meeting(session, clock)
    meeting.start()
    clock.advance(300)
    meeting.extend(120)
    clock.advance(180)
    meeting.next()
    meeting.skip()
    clock.advance(340)
    meeting.finish()
    return meeting


def test_added_time_a_skipped_block_and_an_ampersand_read_as_they_happened(
    paths: DataPaths, clock: FakeClock
) -> None:
    minutes = meeting_with_an_extension_and_a_skip(paths, clock).writer().minutes()
    assert minutes.startswith("# Minutes: Anna & Jānis\n")
    assert "| 1 | Talk | 6:00 +2:00 | 8:00 | +2:00 |" in minutes
    assert "_+m:ss after a planned time: time added during the meeting._" in minutes
    assert "| 2 | Plan | 6:00 | skipped |  |" in minutes
    section = minutes.split("## 2. Plan\n\n", 1)[1].split("\n\n", 1)[0]
    assert section == "_This block was skipped._"


def test_the_end_time_is_the_minute_the_screen_showed(paths: DataPaths, clock: FakeClock) -> None:
    meeting = meeting_with_an_extension_and_a_skip(paths, clock)
    clock_record = meeting.clock
    assert clock_record.started_at is not None and clock_record.finished_at is not None
    # 14:00:00 start, 820 s of meeting: 14:13:40 is 14:14 on the screen and in the file.
    assert format_minute(clock_record.finished_at) == "14:14"
    assert "- **Time:** 14:00–14:14" in meeting.writer().minutes()


def test_file_names_are_cut_between_words() -> None:
    title = "Action planning workshop: describing the situation in the municipality"
    slug = slugify(title)
    assert slug == "action-planning-workshop-describing-the-situation"
    assert len(slug) <= NAME_LIMIT
    assert slugify("x" * 80) == "x" * NAME_LIMIT
    assert not re.search(r"-$", slugify("a " * 40))
