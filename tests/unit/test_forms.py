"""Form blocks (issue 20): an agenda block declares the fields of a template
(`### Form: Needs analysis`), the facilitator fills them in live with `2: ...` or the
field's name, and the minutes show each form as the template's table; free lines stay
notes, confidential ones stay out, an agreement ends with lines to sign."""

from __future__ import annotations

import io

import docx
import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.agenda.problems import AgendaError
from facilitator.documents import html, word
from facilitator.i18n import set_language
from facilitator.meeting.capture import parse_capture
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import EntryKind
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, meeting_on
from tests.unit.test_export import cell_texts, section

SWOT = """# Session

## Problem exploration
Duration: 20 min

- What do we know already?

### Form: SWOT
- Strengths
- Weaknesses
- Opportunities
- Threats
"""

FIELDS = ("Strengths", "Weaknesses", "Opportunities", "Threats")


def test_a_form_heading_lists_the_fields_of_its_block() -> None:
    agenda, problems = parse_agenda(SWOT, "swot.md")
    assert problems == []
    block = agenda.blocks[0]
    assert block.fields == FIELDS
    assert block.form_of("Threats") == "SWOT"
    assert block.prompts[0] == "What do we know already?"
    lv, _ = parse_agenda(SWOT.replace("### Form:", "### Veidlapa:"), "swot.lv.md")
    assert lv.blocks[0].fields == FIELDS


def test_a_field_declared_twice_is_refused_and_an_empty_form_is_warned_of() -> None:
    twice = SWOT + "\n## More\nDuration: 5 min\n\n### Form: SWOT\n- threats\n"
    with pytest.raises(AgendaError) as raised:
        parse_agenda(twice, "swot.md")
    assert (
        "swot.md:14: form `SWOT`: the field `threats` is declared twice (also in "
        "`Problem exploration`)" in [str(p) for p in raised.value.problems]
    )
    _agenda, problems = parse_agenda(SWOT + "\n## Empty\nDuration: 5 min\n\n### Form\n", "f.md")
    assert [str(p) for p in problems] == [
        "f.md:14: warning: the form `Empty` has no fields: list them under it as `- Field`"
    ]


@pytest.mark.parametrize(
    ("line", "kind", "field", "text", "confidential"),
    [
        (
            "2: no budget for interpreters",
            EntryKind.NOTE,
            "Weaknesses",
            "no budget for interpreters",
            False,
        ),
        ("threats: elections in May", EntryKind.NOTE, "Threats", "elections in May", False),
        ("Opport: EU funds", EntryKind.NOTE, "Opportunities", "EU funds", False),
        ("~1: the mayor backs us", EntryKind.NOTE, "Strengths", "the mayor backs us", True),
        ("5: there is no fifth field", EntryKind.NOTE, "", "5: there is no fifth field", False),
        ("Note: a free remark", EntryKind.NOTE, "", "Note: a free remark", False),
        ("St: too short to tell", EntryKind.NOTE, "", "St: too short to tell", False),
        (
            "! 1: a decision stays a decision",
            EntryKind.DECISION,
            "",
            "1: a decision stays a decision",
            False,
        ),
    ],
)
def test_a_line_fills_a_field_by_its_number_or_name_and_anything_else_stays_a_note(
    line: str, kind: EntryKind, field: str, text: str, confidential: bool
) -> None:
    captured = parse_capture(line, (), FIELDS)
    assert (captured.kind, captured.field, captured.text, captured.confidential) == (
        kind,
        field,
        text,
        confidential,
    )
    assert parse_capture("1: nothing to fill here").field == ""  # a block without a form


def test_latvian_field_names_match_without_their_marks() -> None:
    fields = ("Šķēršļi", "Resursi")
    assert parse_capture("skersli: nav finansējuma", (), fields).field == "Šķēršļi"


def needs_analysis(paths: DataPaths, clock: FakeClock, language: str) -> Meeting:
    set_language(language)
    meeting = meeting_on(paths, clock, f"needs-analysis-{language}")
    clock.advance(600)
    meeting.next()  # Challenges and cross-cutting themes
    meeting.capture("1: Language courses are full by September")
    meeting.capture("1: Too few interpreters at the job centre")
    meeting.capture("~2: The deputy mayor blocks cooperation")  # confidential: never shared
    meeting.capture("We ran out of sticky notes")  # a free note
    clock.advance(600)
    meeting.next()
    meeting.next()  # The impact we want
    meeting.capture("1: Every newcomer in a course within a month")
    meeting.finish()
    return meeting


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_minutes_show_the_form_as_the_templates_table(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    meeting = needs_analysis(paths, clock, language)
    writer = meeting.writer()
    minutes = writer.minutes()
    form = "Needs analysis" if language == "en" else "Vajadzību analīze"
    table = cell_texts(section(minutes, f"## {form}"))
    fields = [row[0] for row in table[1:]]
    assert fields == list(
        meeting.blocks[1].fields
        + meeting.blocks[2].fields
        + meeting.blocks[3].fields
        + meeting.blocks[5].fields
        + meeting.blocks[6].fields
        + meeting.blocks[7].fields
    )
    values = {row[0]: row[1] for row in table[1:]}
    challenges, themes = meeting.blocks[1].fields
    assert "Language courses are full by September" in values[challenges]
    assert "Too few interpreters at the job centre" in values[challenges]
    assert values[themes] == ("not filled in" if language == "en" else "nav aizpildīts")
    assert values[meeting.blocks[3].fields[0]] == "Every newcomer in a course within a month"
    assert "deputy mayor" not in minutes
    block = section(minutes, "## 2. " + meeting.blocks[1].title)
    assert "We ran out of sticky notes" in block
    assert "Language courses" not in block  # in the form's table, not twice
    assert form in block  # the block says where its fields went
    confidential = meeting.writer(include_confidential=True).minutes()
    assert "The deputy mayor blocks cooperation" in section(confidential, f"## {form}")
    minutes_doc = writer.document()
    page = html.write(minutes_doc)
    assert "Language courses are full by September" in page and "deputy mayor" not in page
    read = docx.Document(io.BytesIO(word.write(minutes_doc)))
    cells = [[c.text for c in row.cells] for t in read.tables for row in t.rows]
    assert [
        challenges,
        "Language courses are full by September\nToo few interpreters at the job centre",
    ] in cells


@pytest.mark.parametrize("language", ["en", "lv"])
def test_an_agreement_ends_with_a_line_to_sign_for_each_party(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    set_language(language)
    meeting = meeting_on(paths, clock, f"learning-agreement-{language}")
    agenda = meeting.session.info.agenda
    assert len(agenda.signed_by) == 4
    meeting.finish()
    minutes = meeting.writer().minutes()
    signatures = section(minutes, "## " + ("Signatures" if language == "en" else "Paraksti"))
    for party in agenda.signed_by:
        assert party in signatures
    read = docx.Document(io.BytesIO(word.write(meeting.writer().document())))
    texts = [p.text for p in read.paragraphs]
    assert sum(1 for t in texts if t.startswith("____")) == 4
