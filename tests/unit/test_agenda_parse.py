"""The agenda format: what a facilitator writes is what the app runs, and mistakes are named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.agenda.duration import DurationError, parse_duration
from facilitator.agenda.library import AgendaLibrary, group_by_programme
from facilitator.agenda.markdown import inline_text as _inline_text
from facilitator.agenda.model import BlockKind, Duration
from facilitator.agenda.parse import MAX_AGENDA_BYTES, parse_agenda, read_agenda_file
from facilitator.agenda.problems import AgendaError
from facilitator.i18n import set_language
from facilitator.storage.paths import DataPaths

GOOD = """---
id: sample
language: en
title: Sample meeting
---

## Welcome
Duration: 10-15 min
Kind: talk

Say hello to everyone.

- How are you today?
- What do you expect?

> Keep it short.

## SWOT
Duration: 1 h 30 min

### Strengths
- What works well?

### Weaknesses
- What is missing?

## Coffee
Duration: 15 min
Kind: break
"""


def test_a_complete_agenda_reads_as_written() -> None:
    agenda, warnings = parse_agenda(GOOD, "sample.md")
    assert warnings == []
    assert (agenda.id, agenda.title, agenda.language) == ("sample", "Sample meeting", "en")
    assert [b.title for b in agenda.blocks] == ["Welcome", "SWOT", "Coffee"]
    welcome, swot, coffee = agenda.blocks
    assert welcome.duration == Duration(600, 900)
    assert welcome.description == "Say hello to everyone."
    assert welcome.prompts == ("How are you today?", "What do you expect?")
    assert welcome.notes == "Keep it short."
    assert swot.duration == Duration(5400, 5400)
    assert [g.title for g in swot.groups] == ["Strengths", "Weaknesses"]
    assert coffee.kind is BlockKind.BREAK
    assert agenda.total == Duration(600 + 5400 + 900, 900 + 5400 + 900)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 min", Duration(360, 360)),
        ("90 min", Duration(5400, 5400)),
        ("1 h 30 min", Duration(5400, 5400)),
        ("1h30min", Duration(5400, 5400)),
        ("10-15 min", Duration(600, 900)),
        ("10–15 min", Duration(600, 900)),
        ("10 min - 1 h", Duration(600, 3600)),
        ("30 s", Duration(30, 30)),
        ("1,5 st", Duration(5400, 5400)),
        ("20 minūtes", Duration(1200, 1200)),
    ],
)
def test_durations_in_the_forms_people_write(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("six minutes", "cannot read"),
        ("6", "no unit"),
        ("6 parsecs", "unknown time unit"),
        ("0 min", "longer than zero"),
        ("-5 min", "negative"),
        ("15-10 min", "starts above its end"),
    ],
)
def test_bad_durations_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(DurationError, match=says):
        parse_duration(text)


def test_every_problem_is_reported_with_its_line() -> None:
    text = """---
id: broken
title: Broken
colour: blue
---

## First
Duration: 15-10 min

## Second
Kind: dance

## Third
Duration: 0 min
"""
    with pytest.raises(AgendaError) as caught:
        parse_agenda(text, "broken.md")
    shown = [str(p) for p in caught.value.problems]
    assert "broken.md:4: warning: unknown header key `colour` (ignored)" in shown
    assert any(s.startswith("broken.md:8: block `First`: the range") for s in shown)
    assert any(s.startswith("broken.md:11: unknown block kind `dance`") for s in shown)
    assert any(s.startswith("broken.md:10: block `Second` has no duration") for s in shown)
    assert any(s.startswith("broken.md:14: block `Third`") for s in shown)


def test_an_agenda_without_blocks_is_refused() -> None:
    with pytest.raises(AgendaError, match="no blocks"):
        parse_agenda("---\ntitle: Empty\n---\n\nJust words.\n", "empty.md")


def test_long_stretch_without_a_break_is_a_warning_not_an_error() -> None:
    text = "# Long\n\n## One\nDuration: 90 min\n\n## Two\nDuration: 45 min\n"
    agenda, warnings = parse_agenda(text, "long.md")
    assert len(agenda.blocks) == 2
    assert [w.line for w in warnings] == [6]
    assert "120 minutes without a break" in warnings[0].message


def test_files_that_are_not_utf8_or_too_big_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Title\n\n## Bloks\nIlgums: 6 min\n- Kā iet?\n".encode("cp1257"))
    with pytest.raises(AgendaError, match="not UTF-8"):
        read_agenda_file(latin)
    big = tmp_path / "big.md"
    big.write_text("# Big\n" + "x" * MAX_AGENDA_BYTES, encoding="utf-8")
    with pytest.raises(AgendaError, match="larger than 512 KB") as refused:
        read_agenda_file(big)
    assert [str(p) for p in refused.value.problems] == [
        f"{big}:1: the file is larger than 512 KB "
        f"({MAX_AGENDA_BYTES + 6:,} bytes); an agenda is a few KB"
    ]


def test_a_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# Good\n\n## One\nDuration: 5 min\n", encoding="utf-8")
    (tmp_path / "bad.md").write_text("# Bad\n\n## One\nDuration: soon\n", encoding="utf-8")
    library = AgendaLibrary.load([(tmp_path, "user")])
    assert library.ids == ["good"]
    bad = next(f for f in library.files if not f.valid)
    assert bad.path.name == "bad.md"
    assert "cannot read the duration `soon`" in bad.errors[0].message


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    body = "---\nid: same\ntitle: T\n---\n\n## A\nDuration: 5 min\n"
    (one / "a.md").write_text(body, encoding="utf-8")
    (two / "b.md").write_text(body, encoding="utf-8")
    library = AgendaLibrary.load([(one, "shipped"), (two, "user")])
    assert library.ids == []
    messages = [f.errors[0].message for f in library.files]
    assert str(two / "b.md") in messages[0]
    assert str(one / "a.md") in messages[1]


markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "---",
                "id: x",
                "title: T",
                "## ",
                "# ",
                "### ",
                "- ",
                "> ",
                "Duration: ",
                "Kind: ",
                "6 min",
                "10-15 min",
                "0 min",
                "```",
                "1.",
                "\n",
                ":",
                "-",
                "–",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), markdownish))
def test_any_text_gives_an_agenda_or_an_agenda_error(text: str) -> None:
    try:
        agenda, _ = parse_agenda(text, "fuzz.md")
    except AgendaError as exc:
        assert exc.problems
    else:
        assert agenda.blocks


plain_lines = st.lists(
    st.sampled_from(["word", "ā", " ", "  ", "\t", "\n", "\u00a0", "!", "<br>", "&amp;", "#"]),
    max_size=30,
).map("".join)
inline_markdown = plain_lines | st.lists(
    st.one_of(
        st.sampled_from(
            ["*", "**", "_", "`", "``", "[", "](https://x.org)", "]", "\\", "\n", " ", "  ",
             "\t", "word", "<br>", "&amp;", "!", "~~", "\u00a0", "\r\n", "\x00"]
        ),
        st.text(max_size=8),
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(inline_markdown)
def test_inline_text_reads_as_markdown_its_inline_rules_do(content: str) -> None:
    reference = MarkdownIt("commonmark")
    reference.disable(["html_inline", "autolink", "entity", "image"])
    [line] = reference.parseInline(content)
    parts = []
    for child in line.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    # The text as markdown-it hands it over: its line endings and NULs already replaced.
    normalized = re.sub(r"\r\n?", "\n", content).replace("\x00", "\ufffd")
    assert _inline_text(normalized) == "".join(parts).strip()


def test_stray_markdown_stays_plain_text() -> None:
    text = (
        "# Plain\n\n## Block\nDuration: 5 min\n\nA line\n---\n\n"
        "    an indented line\n\n- Ask <br> & compare &amp; AT&T\n"
    )
    agenda, _ = parse_agenda(text, "plain.md")
    assert len(agenda.blocks) == 1  # `---` under a line does not start a new block
    block = agenda.blocks[0]
    assert block.description == "A line\n---\nan indented line"
    assert block.prompts == ("Ask <br> & compare &amp; AT&T",)


def test_a_time_in_a_heading_without_a_duration_line_is_named() -> None:
    text = "# T\n\n## Welcome (10-15 min)\n\n- Hello?\n\n## 10:30 Coffee\nKind: break\n"
    with pytest.raises(AgendaError) as caught:
        parse_agenda(text, "t.md")
    shown = [str(p) for p in caught.value.problems]
    assert shown == [
        "t.md:3: block `Welcome (10-15 min)` has no duration: the time in the heading is not "
        "read; add a line `Duration: 10-15 min` under it",
        "t.md:7: block `10:30 Coffee` has no duration: the time in the heading is not read; "
        "add a line `Duration: 6 min` under it",
    ]
    # A number that is no time keeps the plain message.
    with pytest.raises(AgendaError, match="`Visit 1 of 3` has no duration; add a line"):
        parse_agenda("# T\n\n## Visit 1 of 3\n", "t.md")


def test_a_second_duration_line_is_a_warning_and_the_first_counts() -> None:
    agenda, warnings = parse_agenda("# T\n\n## One\nDuration: 5 min\nDuration: 7 min\n", "t.md")
    assert [b.duration for b in agenda.blocks] == [Duration(300, 300)]
    assert [(w.line, w.message) for w in warnings] == [
        (5, "block `One` has a second duration line; only the one on line 4 is read"),
    ]
    # Further down the block, after its description, too.
    text = "# T\n\n## Two\nDuration: 10 min\n\nSome words.\n\nDuration: 20 min\n"
    agenda, warnings = parse_agenda(text, "t.md")
    assert [b.duration for b in agenda.blocks] == [Duration(600, 600)]
    assert [(w.line, w.message) for w in warnings] == [
        (8, "block `Two` has a second duration line; only the one on line 4 is read"),
    ]
    # A duration line cut off from its heading by an empty line is named too.
    with pytest.raises(AgendaError) as caught:
        parse_agenda("# T\n\n## One\n\nWords.\n\nDuration: 5 min\n", "t.md")
    shown = [str(p) for p in caught.value.problems]
    assert "t.md:7: warning: block `One`: a duration line is read only right under" in shown[0]


def test_a_warning_repeated_in_many_blocks_is_reported_once_with_a_count() -> None:
    blocks = "".join(f"## B{n}\nDuration: 5 min\nColour: red\n\n" for n in range(12))
    agenda, warnings = parse_agenda("# T\n\n" + blocks + "## C\nDuration: 5 min\nSize: 3\n", "t.md")
    assert len(agenda.blocks) == 13
    lines = ", ".join(str(5 + 4 * n) for n in range(10))
    assert [str(w) for w in warnings] == [
        "t.md:5: warning: unknown block field `colour` (ignored) "
        f"(in all: 12, at lines {lines}, …)",
        "t.md:53: warning: unknown block field `size` (ignored)",
    ]
    # Warnings that differ only in their block are the same warning.
    text = (
        "# T\n\n## A\nDuration: 1 min\nDuration: 2 min\n\n## B\nDuration: 1 min\nDuration: 2 min\n"
    )
    _agenda, warnings = parse_agenda(text, "t.md")
    assert [w.line for w in warnings] == [5]
    assert "(in all: 2, at lines 5, 9)" in warnings[0].message
    # Errors are never folded: each must be fixed where it is.
    with pytest.raises(AgendaError) as caught:
        parse_agenda("# T\n\n## A\nKind: dance\n\n## B\nKind: dance\n", "t.md")
    assert len([p for p in caught.value.problems if "dance" in p.message]) == 2


def test_the_programme_is_read_and_groups_the_list_in_a_stable_order(tmp_path: Path) -> None:
    def agenda(name: str, language: str, programme: str, title: str, kind: str = "x") -> None:
        key = f"programme: {programme}\n" if programme else ""
        (tmp_path / name).write_text(
            f"---\nlanguage: {language}\n{key}kind: {kind}\ntitle: {title}\n---\n\n"
            "## A\nDuration: 5 min\n",
            encoding="utf-8",
        )

    agenda("a.md", "en", "Metodes.lv", "Moving on")
    agenda("b.md", "lv", "Skola – kopienā", "Supervīzija")
    agenda("c.md", "en", "", "My own")
    agenda("d.md", "en", "IncluCities", "Visit 2")
    agenda("e.md", "lv", "IncluCities", "Čaklā darbnīca")
    agenda("f.md", "en", "IncluCities", "Needs analysis")
    agenda("g.md", "lv", "IncluCities", "Apmācība")
    agenda("h.md", "en", "", "A demo", kind="demo")
    (tmp_path / "i.md").write_text("# Broken\n", encoding="utf-8")
    # The Latvian key reads the same.
    (tmp_path / "j.md").write_text(
        "---\nprogramma: Metodes.lv\nnosaukums: Attiecības\nvaloda: lv\n---\n\n"
        "## A\nIlgums: 5 min\n",
        encoding="utf-8",
    )
    library = AgendaLibrary.load([(tmp_path, "user")])
    assert library.find("j") is not None and library.find("j").programme == "Metodes.lv"  # type: ignore[union-attr]

    def listed() -> list[tuple[str, list[str]]]:
        return [
            (programme, [library.files[i].path.name for i in indexes])
            for programme, indexes in library.programme_sections()
        ]

    assert listed() == [
        ("IncluCities", ["f.md", "d.md", "g.md", "e.md"]),
        ("Metodes.lv", ["a.md", "j.md"]),
        ("Skola – kopienā", ["b.md"]),
        ("", ["c.md", "h.md"]),
    ]
    # Read again, in another order of files, the list is the same.
    library = AgendaLibrary.from_files(list(reversed(library.files)))
    assert listed()[0] == ("IncluCities", ["f.md", "d.md", "g.md", "e.md"])
    set_language("lv")
    assert listed()[0] == ("IncluCities", ["g.md", "e.md", "f.md", "d.md"])
    summaries = [f.summary for f in library.files if f.summary is not None]
    assert [p for p, _indexes in group_by_programme(summaries)][-1] == ""


def test_a_note_before_the_first_block_is_named_not_dropped_in_silence() -> None:
    text = "# T\n\n> Timings are our own.\n\n## One\nDuration: 5 min\n\n> Shown here.\n"
    agenda, warnings = parse_agenda(text, "t.md")
    assert agenda.blocks[0].notes == "Shown here."
    assert [str(w) for w in warnings] == [
        "t.md:3: warning: a note (`> ...`) before the first block (`## ...`) is never shown; "
        "move it into a block"
    ]


def test_programmes_with_agendas_in_the_ui_language_come_first(tmp_path: Path) -> None:
    for name, language, programme in [
        ("a.md", "en", "Digital Academy"),
        ("b.md", "lv", "Digitālā akadēmija"),
        ("c.md", "en", "Zeta programme"),
        ("d.md", "lv", "Zeta programme"),
    ]:
        (tmp_path / name).write_text(
            f"---\nlanguage: {language}\nprogramme: {programme}\ntitle: {name}\n---\n\n"
            "## A\nDuration: 5 min\n",
            encoding="utf-8",
        )
    library = AgendaLibrary.load([(tmp_path, "user")])
    set_language("en")
    assert [p for p, _ in library.programme_sections()] == [
        "Digital Academy",
        "Zeta programme",
        "Digitālā akadēmija",
    ]
    set_language("lv")
    assert [p for p, _ in library.programme_sections()] == [
        "Digitālā akadēmija",
        "Zeta programme",
        "Digital Academy",
    ]
    set_language("en")


def test_the_header_says_whether_the_programme_counts_academic_hours(tmp_path: Path) -> None:
    block = "\n## Talk\nDuration: 40 min\n"
    counted, _ = parse_agenda("---\ntitle: Pupil\nhours: academic\n---\n" + block, "a.md")
    latvian_header = "---\nnosaukums: Skolēns\nstundas: Akadēmiskās\n---\n"
    latvian, _ = parse_agenda(latvian_header + block, "b.md")
    clock, _ = parse_agenda("---\ntitle: Visit\nhours: clock\n---\n" + block, "c.md")
    unsaid, _ = parse_agenda("---\ntitle: Visit\n---\n" + block, "d.md")
    assert (counted.academic_hours, latvian.academic_hours) == (True, True)
    assert (clock.academic_hours, unsaid.academic_hours) == (False, False)
    with pytest.raises(AgendaError) as caught:
        parse_agenda("---\ntitle: Pupil\n\nhours: 40 min\n---\n" + block, "bad.md")
    assert [str(p) for p in caught.value.problems] == [
        "bad.md:4: `hours:` is `academic` or `clock`, not `40 min`"
    ]
    library = AgendaLibrary.discover(DataPaths(tmp_path))
    school = [a for a in library.agendas if a.id.startswith("school-mentoring-meeting")]
    first = [a for a in library.agendas if a.id.startswith("first-session")]
    assert len(school) == 2 and all(a.academic_hours for a in school)
    assert first and not any(a.academic_hours for a in first)
