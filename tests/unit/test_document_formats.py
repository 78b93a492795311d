"""The same documents in HTML and Word, read back as their readers' tools read them.

The Markdown is fixed by the golden files; here every other format must say the same:
the same headings, the same tables cell by cell (HTML through an HTML parser, DOCX through
python-docx, as Word stores them), confidential entries absent, Latvian letters intact,
the language declared, the take-away QR code an image a phone decodes. A fuzzed table
(control characters, pipes, markup, line breaks, a 20,000-character cell) goes through every
format.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from markdown_it import MarkdownIt
from PIL import Image

from facilitator.documents import html, markdown, word
from facilitator.documents.formats import FORMATS, parse_formats, write_documents
from facilitator.documents.model import Bars, Column, Document, Heading, Table, plain
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock
from tests.unit.test_export import FIRST_SESSION, printable, run_first_session

md = MarkdownIt("commonmark").enable("table")


def markdown_reading(text: str) -> tuple[list[str], list[list[list[str]]]]:
    """Headings and tables (rows of cell texts) of a Markdown document, by markdown-it."""
    tokens = md.parse(text)
    headings: list[str] = []
    tables: list[list[list[str]]] = []
    for n, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append(tokens[n + 1].content.replace("\\", ""))
        elif token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tokens[n - 1].type in ("th_open", "td_open"):
            tables[-1][-1].append(
                "".join(
                    "\n" if c.type == "html_inline" else c.content if c.type == "text" else ""
                    for c in token.children or []
                )
            )
    return headings, tables


class HtmlReading(HTMLParser):
    """Headings, tables and all the text of an HTML document, and every tag used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.lang = ""
        self._in: str | None = None
        self._svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._svg:  # an image's insides: its own vocabulary
            if tag == "svg":
                self._svg += 1
            return
        self.tags.add(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "svg":
            self._svg += 1
        if tag in ("h1", "h2", "h3"):
            self.headings.append("")
            self._in = "heading"
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("")
            self._in = "cell"
        elif tag == "br" and self._in == "cell":
            self.tables[-1][-1][-1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg -= 1
        if self._svg:
            return
        if tag in ("h1", "h2", "h3", "td", "th"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._svg:
            return
        self.text.append(data)
        if self._in == "heading":
            self.headings[-1] += data
        elif self._in == "cell":
            self.tables[-1][-1][-1] += data


def html_reading(text: str) -> HtmlReading:
    reader = HtmlReading()
    reader.feed(text)
    reader.close()
    return reader


def word_reading(data: bytes) -> tuple[list[tuple[str, str]], list[list[list[str]]], str]:
    """(style, text) of each heading, the tables' cell texts, and all the text of a DOCX,
    as python-docx reads the file back."""
    document = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    everything = "\n".join(
        [p.text for p in document.paragraphs] + [c for t in tables for row in t for c in row]
    )
    return headings, tables, everything


@pytest.fixture(params=["en", "lv"])
def session_documents(
    request: pytest.FixtureRequest, paths: DataPaths, clock: FakeClock
) -> tuple[str, list[Document]]:
    language = str(request.param)
    return language, run_first_session(paths, clock, language).writer().documents()


def test_html_says_what_the_markdown_says(session_documents: tuple[str, list[Document]]) -> None:
    language, documents = session_documents
    secret = FIRST_SESSION[language]["notes"][1]
    for document in documents:
        headings, tables = markdown_reading(markdown.write(document))
        page = html.write(document)
        reading = html_reading(page)
        assert reading.lang == language
        assert len(headings) >= 2 and tables
        assert reading.headings == headings
        assert reading.tables == tables
        assert reading.tags <= {
            "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ul",
            "ol", "li", "strong", "em", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
            "br", "div", "figure", "figcaption", "svg",
        }  # fmt: skip
        assert secret not in page
        # Self-contained: nothing is fetched, nothing runs.
        assert "<script" not in page and "<link" not in page and " src=" not in page
        assert 'href="http' not in page


def test_word_says_what_the_markdown_says(session_documents: tuple[str, list[Document]]) -> None:
    language, documents = session_documents
    secret = str(FIRST_SESSION[language]["notes"][1])
    for document in documents:
        headings, tables = markdown_reading(markdown.write(document))
        data = word.write(document)
        word_headings, word_tables, everything = word_reading(data)
        assert [text for _, text in word_headings] == headings
        assert word_headings[0][0] == "Heading 1"
        assert {style for style, _ in word_headings[1:]} <= {"Heading 2", "Heading 3"}
        assert word_tables == tables
        assert secret not in everything
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            styles = package.read("word/styles.xml").decode()
            body = package.read("word/document.xml").decode()
        assert f'w:val="{word.LANGUAGE_TAGS[language]}"' in styles
        # Every table's heading row is repeated on each page, and no row splits.
        assert body.count("<w:tblHeader/>") == len(tables)
        assert body.count("<w:cantSplit/>") == sum(len(t) for t in tables)


def test_word_paragraphs_read_as_the_markdown_lines(paths: DataPaths, clock: FakeClock) -> None:
    minutes = run_first_session(paths, clock, "en").writer().documents()[0]
    document = docx.Document(io.BytesIO(word.write(minutes)))
    lines = [p.text for p in document.paragraphs]
    assert "Date: 24 Nov 2026" in lines
    assert "Present: Dace Ozola (mentor), Ilmārs Kalniņš (mentee), Toms (HR partner)" in lines
    assert "1.\tWork on one SMART goal: present to the board by March (block 6)" in lines
    assert "Decision: Work on one SMART goal: present to the board by March" in lines
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Ilmārs leads a team of 6 analysts" in bullets
    # "Strength: ..." typed in the SWOT block fills in the form's first field: a cell.
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Strengths", "*Excel* | SQL; weakness: public speaking"] in cells
    assert "This block was cut short after 1 min and then skipped." in lines
    skipped = next(
        p
        for p in document.paragraphs
        if p.text == "This block was cut short after 1 min and then skipped."
    )
    assert all(run.italic for run in skipped.runs)


def test_latvian_letters_survive_every_format(paths: DataPaths, clock: FakeClock) -> None:
    documents = run_first_session(paths, clock, "lv").writer().documents()
    minutes = documents[0]
    assert "Ilmārs Kalniņš" in markdown.write(minutes)
    assert "Ilmārs Kalniņš" in html.write(minutes)
    assert "Ilmārs Kalniņš" in word_reading(word.write(minutes))[2]
    assert html_reading(html.write(minutes)).headings[0] == "Protokols: Pirmā sesija: Ilmārs"


def test_the_plan_carries_a_qr_code_a_phone_reads(paths: DataPaths, clock: FakeClock) -> None:
    plan = run_first_session(paths, clock, "en").writer().documents()[1]
    page = html.write(plan)
    assert page.count("<svg") == 1
    assert 'aria-label="Action items: First session: Ilmārs' in page
    data = word.write(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        (image_name,) = [n for n in package.namelist() if n.startswith("word/media/")]
        image = Image.open(io.BytesIO(package.read(image_name)))
    (found,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found.text.startswith("Action items: First session: Ilmārs\n1. Draft the 10-minute talk")
    assert "Ilmārs is thinking" not in found.text


def test_the_codes_are_worked_out_only_for_a_format_that_draws_them(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.documents import action_plan, qr

    plan = run_first_session(paths, clock, "en").writer().documents()[1]
    asked: list[str] = []
    real = qr.take_away
    monkeypatch.setattr(qr, "take_away", lambda writer: asked.append("codes") or real(writer))
    text = markdown.write(plan)
    assert "Draft the 10-minute talk" in text
    assert asked == []  # a Markdown plan never draws a code
    assert html.write(plan).count("<svg") == 1
    assert asked == ["codes"]
    # Too many codes to print: none drawn, and no caption left alone without them.
    monkeypatch.setattr(action_plan, "PRINTED_CODES", 0)
    plan = run_first_session(paths, clock, "en").writer().documents()[1]
    page = html.write(plan)
    assert "<svg" not in page
    assert "Scan to take" not in page
    assert "Scan to take" not in word_reading(word.write(plan))[2]


def test_every_format_is_written_beside_the_others(paths: DataPaths, clock: FakeClock) -> None:
    writer = run_first_session(paths, clock, "en").writer()
    written = writer.write(paths.exports, parse_formats("docx, md,html"))
    stem = "2026-11-24-first-session-ilmars"
    assert [p.name for p in written] == [
        f"{stem}-minutes.md",
        f"{stem}-minutes.html",
        f"{stem}-minutes.docx",
        f"{stem}-action-plan.md",
        f"{stem}-action-plan.html",
        f"{stem}-action-plan.docx",
    ]
    again = writer.write(paths.exports, ("html",))
    assert [p.name for p in again] == [f"{stem}-minutes-2.html", f"{stem}-action-plan-2.html"]


def test_an_unknown_format_is_named() -> None:
    with pytest.raises(ValueError, match="unknown format `pdf`; the formats are md, html, docx"):
        parse_formats("md,pdf")
    assert parse_formats(" HTML , .docx ") == ("html", "docx")
    assert list(FORMATS) == ["md", "html", "docx"]


# --- Hostile cells, every format ------------------------------------------------------

HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from("|\\*_`<>&#[]()!-+=~\n\r\t\x00\x07\x1b\u2028\ufffe\u00a0ā<br>"),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)


def expected_cell(text: str) -> str:
    return "\n".join(line.strip() for line in printable(text).split("\n") if line.strip())


def table_of(cells: list[str]) -> Document:
    columns = tuple(Column(f"c{n}") for n in range(len(cells)))
    table = Table(columns, (tuple(plain(c) for c in cells),))
    return Document(plain("Fuzz"), "en", "fuzz", [Heading(2, plain("Table")), table])


def read_cells(name: str, document: Document) -> list[str]:
    if name == "md":
        return markdown_reading(markdown.write(document))[1][0][1]
    if name == "html":
        return html_reading(html.write(document)).tables[0][1]
    return word_reading(word.write(document))[1][0][1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE, min_size=1, max_size=4))
def test_any_cell_reads_back_in_every_format(cells: list[str]) -> None:
    document = table_of(cells)
    for name in FORMATS:
        assert read_cells(name, document) == [expected_cell(c) for c in cells], name


def test_a_20000_character_cell_reads_back_in_every_format(tmp_path: Path) -> None:
    long = ("Ilmārs | *plāns* <b>\n" * 1000)[:20000]
    document = table_of([long, "short"])
    for name in FORMATS:
        assert read_cells(name, document) == [expected_cell(long), "short"], name
    written = write_documents(tmp_path, [document], list(FORMATS))
    assert [p.suffix for p in written] == [".md", ".html", ".docx"]


# --- Charts -----------------------------------------------------------------------------


def test_the_minutes_chart_the_time_and_the_ratings(paths: DataPaths, clock: FakeClock) -> None:
    minutes = run_first_session(paths, clock, "en").writer().documents()[0]
    time_chart, ratings_chart = [b for b in minutes.blocks if isinstance(b, Bars)]
    assert time_chart.categories[2] == "3. Getting to know: practical arrangements"
    planned, actual = time_chart.series
    assert planned.labels[:5] == ("8:00", "7:00", "8:00", "7:00", "25:00")
    assert actual.labels[:5] == ("8:00", "7:00", "1:00", "7:00", "27:00")
    assert time_chart.apart[2] and not any(time_chart.apart[:2])
    assert time_chart.remarks[2] == "skipped"
    assert "3. Getting to know: practical arrangements: planned 8:00, actual 1:00 (skipped)" in (
        time_chart.description
    )
    valuable, ideas = ratings_chart.series[:2]
    assert valuable.values[7:9] == (1.0, 1.0)  # an 8 and a 9
    assert ideas.values[5:8] == (1.0, 1.0, 1.0)  # a 6, a 7 and an 8
    assert "8. How valuable was this session? — 8: 1, 9: 1" in ratings_chart.description
    # Markdown has the figures in its tables and leaves the pictures out.
    assert "<svg" not in markdown.write(minutes) and "![" not in markdown.write(minutes)


def test_the_charts_are_pictures_with_their_figures_in_html_and_word(
    paths: DataPaths, clock: FakeClock
) -> None:
    minutes = run_first_session(paths, clock, "lv").writer().documents()[0]
    page = html.write(minutes)
    assert page.count('<figure class="chart"') == 2
    # The chart's words stay text: a reader (or pdftotext) finds the figures.
    time_chart = page.split('<figure class="chart"')[1]
    assert re.search(r"<text[^>]*>27:00</text>", time_chart)
    assert re.search(
        r"<text[^>]*>3\. Iepazīšanās: praktiskās vienošanās  \(izlaista\)</text>", time_chart
    )
    assert "Plānotais un faktiskais laiks katrai daļai" in page
    # In Word the charts are Word's own: their words and figures are text in the chart's
    # part, and its data is an embedded workbook that Word's "Edit Data" opens.
    data = word.write(minutes)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        body = package.read("word/document.xml").decode()
        charts = [package.read(f"word/charts/chart{n}.xml") for n in (1, 2)]
        sheets = [n for n in names if n.startswith("word/embeddings/") and n.endswith(".xlsx")]
        with zipfile.ZipFile(io.BytesIO(package.read(sheets[0]))) as workbook:
            cells = b"".join(workbook.read(n) for n in workbook.namelist()).decode()
    assert not [n for n in names if n.startswith("word/media/")]
    assert len(sheets) == 2 and "word/charts/chart3.xml" not in names
    assert 'descr="Plānotais un faktiskais laiks katrai daļai (minūtes): 1. ' in body
    assert "izlaista" in body.split('descr="Plānotais')[1].split('"')[0]
    assert (
        body.count('<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"')
        == 2
    )
    ns = {
        "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    }
    time_chart_xml, ratings_xml = (etree.fromstring(c) for c in charts)
    title = "".join(time_chart_xml.xpath("c:chart/c:title//a:t/text()", namespaces=ns))
    assert title == "Plānotais un faktiskais laiks katrai daļai (minūtes)"
    categories = time_chart_xml.xpath("(//c:ser)[1]/c:cat//c:pt/c:v/text()", namespaces=ns)
    assert categories[2] == "3. Iepazīšanās: praktiskās vienošanās  (izlaista)"
    assert "3. Iepazīšanās: praktiskās vienošanās" in cells  # the workbook has them too
    # Each bar reads its figure as the tables write it; the skipped block's bars are hatched.
    labels = time_chart_xml.xpath("//c:ser//c:dLbl//a:t/text()", namespaces=ns)
    assert "27:00" in labels and "1:00" in labels
    planned = time_chart_xml.xpath("(//c:ser)[1]//c:val//c:pt/c:v/text()", namespaces=ns)
    assert [float(v) for v in planned][:3] == [8.0, 7.0, 8.0]
    assert time_chart_xml.xpath("(//c:ser)[1]/c:dPt[c:idx/@val='2']//a:pattFill", namespaces=ns)
    assert ratings_xml.xpath("//c:barDir/@val", namespaces=ns) == ["col"]
    # python-docx reads the document back, the charts related to its body.
    read_back = docx.Document(io.BytesIO(data))
    kinds = [rel.reltype.rsplit("/", 1)[-1] for rel in read_back.part.rels.values()]
    assert kinds.count("chart") == 2


def test_start_up_pays_for_no_document_library() -> None:
    """python-docx, lxml, python-pptx and matplotlib load when a Word document or a chart is
    written, icalendar when a next meeting's calendar file is, never when the app, the run screen,
    the next-meeting form or the Markdown export load."""
    import subprocess
    import sys

    code = (
        "import sys, facilitator.app, facilitator.screens.run, facilitator.documents.minutes\n"
        "import facilitator.documents.formats, facilitator.documents.markdown\n"
        "import facilitator.screens.next_meeting, facilitator.documents.calendar\n"
        "names = {'docx', 'lxml', 'matplotlib', 'icalendar', 'pptx', 'xlsxwriter'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & names))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


STRAY_HEADING = {
    "en": "Entries from blocks no longer in the agenda",
    "lv": "Ieraksti no daļām, kuru vairs nav darba kārtībā",
}


@pytest.mark.parametrize("language", ["en", "lv"])
def test_entries_of_blocks_outside_the_agenda_are_in_every_format(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    """A block index of 999 or -1 (a file edited by hand, a block dropped since) must not
    make an entry vanish from the minutes: it is listed under its own heading, in each
    format."""
    from facilitator.meeting.session import Entry, EntryKind

    meeting = run_first_session(paths, clock, language)
    strays = [
        Entry("stray1", EntryKind.NOTE, "Lost note from far away", 999, "Gone block", 0.0, 0.0),
        Entry("stray2", EntryKind.DECISION, "Lost decision before all", -1, "", 0.0, 0.0),
    ]
    writer = meeting.writer()
    writer.entries = [*writer.entries, *strays]
    minutes = writer.document()
    heading = STRAY_HEADING[language]
    text = markdown.write(minutes)
    headings, _tables = markdown_reading(text)
    assert headings.count(heading) == 1
    after = text.split(heading, 1)[1]
    assert "Lost note from far away" in after and "Lost decision before all" in after
    assert "Gone block" in after and "1000" in after
    assert html_reading(html.write(minutes)).headings.count(heading) == 1
    page = html.write(minutes)
    assert "Lost note from far away" in page and "Lost decision before all" in page
    word_headings, _word_tables, everything = word_reading(word.write(minutes))
    assert [t for _, t in word_headings].count(heading) == 1
    assert "Lost note from far away" in everything and "Lost decision before all" in everything
    # With every entry in the agenda, there is no such heading.
    assert heading not in markdown.write(meeting.writer().document())


def test_a_word_chart_of_many_blocks_fits_on_its_page() -> None:
    """A visit of forty blocks: its time chart closes up its rows rather than running off
    the bottom of the A4 page (the text height is 297 - 2 x 18 mm)."""
    from facilitator.documents.model import Series

    names = tuple(f"{n}. Block {n}" for n in range(1, 41))
    values = tuple(float(n) for n in range(1, 41))
    chart = Bars("Time", names, (Series("planned", values, tuple(map(str, values))),), "Time")
    few = Bars("Time", names[:3], (Series("planned", values[:3], ("1", "2", "3")),), "Time")
    heights = []
    for block in (chart, few):
        data = word.write(Document(plain("Visit"), "en", "visit", [block]))
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        extent = re.search(r'<wp:extent cx="\d+" cy="(\d+)"', body)
        assert extent is not None
        heights.append(int(extent.group(1)) / 36000)
    assert 200 < heights[0] <= 261 * 0.9 + 0.1  # mm
    assert heights[1] < 60  # a short chart keeps its own height
