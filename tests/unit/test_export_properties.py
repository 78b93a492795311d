"""Whole documents from arbitrary sessions: no typed text can change their structure.

Sessions are generated with hostile text everywhere a user can type (titles, places, names,
roles, entries, every action field, rating questions and names): Markdown syntax at the start
of a line and inside it, pipes, backslashes, HTML, control characters, line breaks of every
kind, emoji, Latvian letters, right-to-left text. Both documents are parsed with
markdown-it-py (CommonMark with GFM tables) and read back:

* every table has the expected rows, every row the expected cells, and each cell's text
  reads back as typed, after the documented clean-up (`expected_cell`);
* the headings are exactly the document's own, and each block's section has one list item
  per entry, whose text reads back as typed, flattened to one line (`expected_inline`).

Reading back means rendering a cell's (or list item's) inline tokens as text: text as is,
a `<br>` or a soft break as a line break, emphasis and strong markers as nothing. Any other
inline token (a link, an image, code, other HTML) means typed text became markup: a failure.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitator.agenda.model import Agenda, Block, Duration, PromptGroup
from facilitator.documents.minutes import MinutesWriter
from facilitator.i18n import LANGUAGES, format_date
from facilitator.meeting.clock import SessionClock
from facilitator.meeting.participants import (
    ROLE_NAMES,
    ROLES,
    Participant,
    canonical_role,
    role_name,
)
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    Entry,
    EntryKind,
    GoalFields,
    GoalStatus,
    RatingFields,
    Score,
    SessionInfo,
)
from tests.helpers import START, FakeClock

md = MarkdownIt("commonmark").enable("table")

# --------------------------------------------------------------------------------------
# What a reader should see of typed text.
# --------------------------------------------------------------------------------------


def printable(text: str) -> str:
    """The documented clean-up: `\\r\\n` and a lone `\\r` are line breaks, a tab is a space,
    every other control character is dropped (and what no XML document can hold: a lone
    surrogate, U+FFFE and U+FFFF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        c
        for c in text
        if c == "\n" or (unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff")
    )


def expected_cell(text: str) -> str:
    """A table cell keeps the typed lines, each trimmed, blank ones dropped."""
    return "\n".join(line.strip() for line in printable(text).split("\n") if line.strip())


def expected_inline(text: str) -> str:
    """A heading, paragraph or list item keeps the typed words on one line."""
    return " ".join(printable(text).split())


ALLOWED_INLINE = {"text", "softbreak", "strong_open", "strong_close", "em_open", "em_close"}


def read_back(inline: Token) -> str:
    """An inline token's children rendered back to plain text."""
    out = []
    for child in inline.children or []:
        if child.type == "html_inline":
            assert child.content == "<br>", f"typed text became HTML: {child.content!r}"
            out.append("\n")
        elif child.type == "softbreak":
            out.append("\n")
        else:
            assert child.type in ALLOWED_INLINE, f"typed text became {child.type}"
            out.append(child.content)
    return "".join(out)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table, as rows of cells read back as text."""
    found: list[list[list[str]]] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in ("th_open", "td_open"):
            found[-1][-1].append("")
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            found[-1][-1][-1] = read_back(token)
    return found


def headings(tokens: list[Token]) -> list[str]:
    """Every heading's text, read back."""
    return [read_back(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]


def sections(tokens: list[Token]) -> list[list[str]]:
    """Under each heading, in order, the read-back text of each top-level list item."""
    found: list[list[str]] = []
    depth = 0
    for token in tokens:
        if token.type == "heading_open":
            found.append([])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            assert depth == 1, "typed text opened a nested list"
            found[-1].append("")
        elif token.type == "inline" and depth == 1:
            found[-1][-1] = read_back(token)
    return found


def structure(tokens: list[Token]) -> set[str]:
    """The kinds of block the document holds."""
    return {t.type for t in tokens}


# --------------------------------------------------------------------------------------
# Sessions full of hostile text.
# --------------------------------------------------------------------------------------

STARTS = [
    "",
    "#",
    "# ",
    "##",
    "-",
    "- ",
    "+ ",
    "* ",
    ">",
    "> ",
    "1. ",
    "2)",
    "12345.",
    "=",
    "===",
    "---",
    "```",
    "~~~",
    "    ",
    "\t",
    "<div>",
    "<!--",
    "[x]",
    "|",
    "\\",
    "![",
]
PIECES = [
    *"|\\`*_[](){}<>#+-.!~&;:=\"'$%^@ \t\n\r\x00\x07\x1b\x7f\x85\u2028\u00a0",
    *"aāčēģīķļņšūžAĀŠŽ",
    "\r\n",
    "😀",
    "🇱🇻",
    "שלום",
    "مرحبا",
    "<br>",
    "<b>",
    "</div>",
    "&amp;",
    "&#124;",
    "&copy",
    "http://x.lv",
    "<http://x.lv>",
    "www.x.lv",
    "[a](b)",
    "![i](j)",
    "**",
    "__",
    "~~",
    "``",
    "\\|",
    "  \n",
    "\\\n",
]
"""Characters and short strings with a meaning in Markdown or HTML, and some without."""
words = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(STARTS),
    st.one_of(st.text(max_size=25), st.lists(st.sampled_from(PIECES), max_size=12).map("".join)),
)
"""Typed text: often opening with Markdown syntax, then anything, or the nastiest pieces."""
deadlines = st.one_of(words, st.dates().map(date.isoformat))
roles = st.one_of(st.sampled_from(["", *ROLES]), words)


@st.composite
def sessions(draw: st.DrawFn) -> MinutesWriter:
    """A session of 1-4 blocks and up to 12 entries, and the clock in any state."""
    blocks = tuple(
        Block(
            draw(words),
            Duration(60, draw(st.sampled_from([60, 120]))),
            groups=(PromptGroup("Ratings (1-10)", tuple(draw(st.lists(words, max_size=2)))),),
        )
        for _ in range(draw(st.integers(1, 4)))
    )
    language = draw(st.sampled_from(["en", "lv"]))
    agenda = Agenda("generated", draw(words), language, blocks, academic_hours=draw(st.booleans()))
    people = draw(st.lists(st.builds(Participant, words, roles, st.booleans()), max_size=4))
    info = SessionInfo(
        id="generated",
        title=draw(words),
        agenda=agenda,
        created_at=START,
        language=language,
        place=draw(words),
        facilitator=draw(words),
        participants=people,
        date="2026-11-23",
        scheme=draw(words),
        mentee_city=draw(words),
        mentor_city=draw(words),
    )
    entries = []
    for number in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(list(EntryKind)))
        action = rating = goal = None
        if kind is EntryKind.GOAL:
            goal = GoalFields(
                *(draw(words) for _ in range(5)),
                deadline=draw(deadlines),
                status=draw(st.sampled_from(list(GoalStatus))),
                note=draw(words),
            )
        if kind is EntryKind.ACTION:
            action = ActionFields(
                draw(words),
                draw(deadlines),
                draw(words),
                draw(words),
                draw(words),
                draw(st.sampled_from(list(ActionStatus))),
            )
        if kind is EntryKind.RATING:
            scores = draw(st.lists(st.builds(Score, st.integers(1, 10), words), max_size=4))
            rating = RatingFields(draw(st.integers(0, 2)), draw(words), scores)
        index = draw(st.integers(0, len(blocks) - 1))
        entries.append(
            Entry(
                id=str(number),
                kind=kind,
                text=draw(words),
                block_index=index,
                block_title=blocks[index].title,
                created_at=START,
                meeting_s=0.0,
                confidential=draw(st.booleans()),
                deleted=draw(st.integers(0, 5)) == 0,
                action=action,
                rating=rating,
                goal=goal,
            )
        )
    clock: SessionClock | None = None
    state = draw(st.sampled_from(["none", "not started", "running", "finished"]))
    if state != "none":
        fake = FakeClock()
        clock = SessionClock([b.duration for b in blocks], fake)
        if state != "not started":
            clock.start()
            for _ in range(draw(st.integers(0, len(blocks) - 1))):
                fake.advance(draw(st.integers(0, 4000)))
                clock.next()
            fake.advance(draw(st.integers(0, 4000)))
            if state == "finished":
                clock.finish()
    return MinutesWriter(info, entries, clock, draw(st.booleans()))


# --------------------------------------------------------------------------------------
# The properties.
# --------------------------------------------------------------------------------------


WORDS = {
    "tba": "to be agreed",
    "action": "Action",
    "rating": "Rating",
    "decision": "Decision",
    "question": "Open question",
    "goal": "Goal",
    "goals": "Goals",
    "agenda_time": "Agenda and time",
    "decisions": "Decisions",
    "actions": "Action items",
    "questions": "Open questions",
    "ratings": "Reflection ratings",
    "time_record": "Time record",
    "missing": "Still to agree",
    "scheme": "Mentoring scheme",
    "mentee_city": "Mentee city",
    "mentee": "Mentee",
}


def labels(writer: MinutesWriter) -> dict[str, str]:
    """The documents' words the checks need, from the catalogue of the session's language."""
    t = writer.catalogue
    words = {key: t.gettext(english) for key, english in WORDS.items()}
    for status in ActionStatus:
        words[status.value] = t.pgettext("action status", status.value)
    return words


def shown(writer: MinutesWriter) -> list[Entry]:
    """The entries a reader should find in the documents, decided here rather than by the
    writer under test: not deleted, and confidential ones only in the confidential copy."""
    return [
        e
        for e in writer.entries
        if not e.deleted and (writer.include_confidential or not e.confidential)
    ]


def shown_actions(writer: MinutesWriter) -> list[Entry]:
    return [e for e in shown(writer) if e.kind is EntryKind.ACTION]


def shown_ratings(writer: MinutesWriter) -> list[tuple[int, str, list[Score]]]:
    """Each rating question of every block that holds a shown rating, in agenda and
    question order, with the scores given to it in the order they were typed."""
    rated = sorted({e.block_index for e in shown(writer) if e.kind is EntryKind.RATING})
    found = []
    for index in rated:
        for number, question in enumerate(writer.info.agenda.blocks[index].rating_questions):
            scores = [
                score
                for e in shown(writer)
                if e.kind is EntryKind.RATING and e.block_index == index and e.rating
                if e.rating.question == number
                for score in e.rating.scores
            ]
            found.append((index, question, scores))
    return found


def expected_action_rows(writer: MinutesWriter, with_block: bool) -> list[list[str]]:
    """The action table's rows as a reader should read them (header row left out)."""
    t = labels(writer)
    rows = []
    for n, entry in enumerate(shown_actions(writer), 1):
        fields = entry.action or ActionFields()
        try:
            deadline = format_date(date.fromisoformat(fields.deadline), writer.language)
        except ValueError:
            deadline = expected_cell(fields.deadline)
        row = [
            str(n),
            expected_cell(entry.text) or t["tba"],
            expected_cell(fields.result) or t["tba"],
            deadline or t["tba"],
            expected_cell(fields.lead) or t["tba"],
            expected_cell(fields.resources) or t["tba"],
            expected_cell(fields.measure) or t["tba"],
            t[fields.status.value],
        ]
        if with_block:
            row.append(str(entry.block_index + 1))
        rows.append(row)
    return rows


def entry_line(writer: MinutesWriter, entry: Entry) -> str:
    """What one entry's list item in its block's section reads as."""
    t = labels(writer)
    text = expected_inline(entry.text)
    if entry.kind is EntryKind.NOTE:
        return text
    if entry.kind is EntryKind.ACTION:
        return f"{t['action']}: {text}".rstrip()  # lead and deadline may follow
    if entry.kind is EntryKind.RATING:
        return t["rating"] + ":"  # question and scores follow
    if entry.kind is EntryKind.GOAL:
        return f"{t['goal']}: {text}".rstrip()  # its status and deadline follow
    label = t["decision"] if entry.kind is EntryKind.DECISION else t["question"]
    return f"{label}: {text}".rstrip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_minutes_keep_their_structure_and_the_typed_text(writer: MinutesWriter) -> None:
    t = labels(writer)
    tokens = md.parse(writer.minutes())
    assert not structure(tokens) & {"blockquote_open", "code_block", "fence", "html_block", "hr"}

    shared = shown(writer)
    blocks = writer.info.agenda.blocks
    ratings = shown_ratings(writer)
    started = writer.clock is not None and writer.clock.started
    goals = [e for e in shared if e.kind is EntryKind.GOAL]
    # The time record belongs to the programmes that count academic hours alone.
    recorded = started and writer.info.agenda.academic_hours
    expected_headings = [
        writer.catalogue.gettext("Minutes: {title}")
        .format(title=expected_inline(writer.info.title))
        .rstrip(),
        t["agenda_time"],
        *[f"{i}. {expected_inline(b.title)}".rstrip() for i, b in enumerate(blocks, 1)],
        t["decisions"],
        t["actions"],
        *([t["goals"]] if goals else []),
        t["questions"],
        *([t["ratings"]] if ratings else []),
        *([t["time_record"]] if recorded else []),
    ]
    assert headings(tokens) == expected_headings

    found = tables(tokens)
    actions = shown_actions(writer)
    assert len(found) == 1 + bool(actions) + bool(goals) + bool(ratings) + recorded
    timing, rest = found[0], found[1:]
    assert len(timing) == 1 + len(blocks) + 1
    assert all(len(row) == 5 for row in timing)
    assert [row[1] for row in timing[1:-1]] == [expected_cell(b.title) for b in blocks]
    if actions:
        table, rest = rest[0], rest[1:]
        assert len(table[0]) == 9
        assert table[1:] == expected_action_rows(writer, with_block=True)
    if goals:
        table, rest = rest[0], rest[1:]
        assert [len(row) for row in table] == [10] * (1 + len(goals))
        assert [row[1] for row in table[1:]] == [expected_cell(e.text) or t["tba"] for e in goals]
    if ratings:
        table, rest = rest[0], rest[1:]
        assert len(table) == 1 + len(ratings)
        assert all(len(row) == 5 for row in table)
        for row, (index, question, scores) in zip(table[1:], ratings, strict=True):
            title = blocks[index].title
            assert row[0] == f"{index + 1}. {expected_cell(title)}".rstrip()
            assert row[1] == expected_cell(question)
            assert (
                row[2]
                == ", ".join(
                    f"{s.value} ({expected_cell(s.who)})" if expected_cell(s.who) else str(s.value)
                    for s in scores
                )
                or "–"
            )
            assert row[3] == str(len(scores))
    if recorded:
        (table,) = rest
        assert [len(row) for row in table] == [3, 3]
        assert table[1][2] == expected_cell(writer.info.title)

    # Sections in heading order: the title (with the details), the agenda table, each
    # block, then decisions, actions and open questions.
    items = sections(tokens)
    info = writer.info
    details = 2 + sum(1 for v in (info.place, info.facilitator, info.scheme) if expected_inline(v))
    details += started + any(p.attended for p in info.participants)
    details += any(not p.attended for p in info.participants)
    assert len(items[0]) == details
    for i in range(len(blocks)):
        in_block = [e for e in shared if e.block_index == i]
        assert len(items[2 + i]) == len(in_block)
        for line, entry in zip(items[2 + i], in_block, strict=True):
            assert line.startswith(entry_line(writer, entry))
    decisions = [e for e in shared if e.kind is EntryKind.DECISION]
    assert items[2 + len(blocks)] == [
        writer.catalogue.gettext("{decision} (block {number})")
        .format(decision=expected_inline(e.text), number=e.block_index + 1)
        .lstrip()
        for e in decisions
    ]
    questions = [e for e in shared if e.kind is EntryKind.QUESTION]
    assert items[4 + len(blocks) + bool(goals)] == [expected_inline(e.text) for e in questions]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_the_action_plan_keeps_its_structure_and_the_typed_text(writer: MinutesWriter) -> None:
    t = labels(writer)
    tokens = md.parse(writer.action_plan())
    assert not structure(tokens) & {"blockquote_open", "code_block", "fence", "html_block", "hr"}
    assert headings(tokens) == [
        writer.catalogue.gettext("Draft action plan: {title}")
        .format(title=expected_inline(writer.info.title))
        .rstrip(),
        t["missing"],
    ]
    header = sections(tokens)[0]
    assert len(header) == 4
    info = writer.info
    scheme = expected_inline(info.scheme) or expected_inline(info.agenda.title) or t["tba"]
    assert header[0] == f"{t['scheme']}: {scheme}"
    if expected_inline(info.mentee_city):
        assert header[1] == f"{t['mentee_city']}: {expected_inline(info.mentee_city)}"
    else:
        assert header[1].startswith(f"{t['mentee']}:")

    found = tables(tokens)
    actions = shown_actions(writer)
    if not actions:
        assert found == []
        return
    (table,) = found
    assert len(table[0]) == 8
    assert table[1:] == expected_action_rows(writer, with_block=False)
    checklist = sections(tokens)[1]
    # Only what is still open has anything left to agree.
    unready = [
        a
        for a in actions
        if not a.action
        or (
            a.action.status is ActionStatus.OPEN
            and not all(
                expected_inline(v) for v in (a.action.lead, a.action.deadline, a.action.measure)
            )
        )
    ]
    assert len(checklist) == len(unready)
    for line, (n, entry) in zip(
        checklist, [(n, a) for n, a in enumerate(actions, 1) if a in unready], strict=True
    ):
        assert line.startswith(f"[ ] {n}. {expected_inline(entry.text)}:")


def test_role_words_exist_for_every_role_in_both_languages() -> None:
    assert set(ROLE_NAMES) == set(ROLES)
    for language in LANGUAGES:
        for key in ROLES:
            name = role_name(key, language)
            # A role shown in either language reads back as the same role.
            assert canonical_role(name) == key, (language, name)
