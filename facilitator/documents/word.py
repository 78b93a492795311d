"""Word documents (DOCX) that a city officer opens, edits and prints.

`write` writes any `Document` with python-docx, as Word's own parts: the title and sections
in Word's heading styles (so the navigation pane and a table of contents find them), tables
as real Word tables (heading row repeated on every page, rows never split, figures aligned
right), bold and italics as Word runs. Pages are A4, across the page for a document that
asks for it (an action plan). The text's language is set on the document's styles
(`lv-LV` or `en-GB`), so Word checks spelling in the right one.

python-docx (and lxml with it) is imported when a Word document is written, never at
start-up.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

from facilitator.documents.model import (
    Block,
    Checklist,
    Document,
    Fields,
    Heading,
    ItemList,
    Paragraph,
    QRCodes,
    Signatures,
    Span,
    Style,
    Table,
    Text,
    text_of,
)
from facilitator.documents.text import clean_text, text_lines

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as WordParagraph

__all__ = ["LANGUAGE_TAGS", "write"]

LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
"""The language Word is told the text is in, by the document's language."""


def _runs(paragraph: WordParagraph, text: Text, *, cell: bool = False) -> None:
    """Add `text` to `paragraph` as runs; a cell's lines become line breaks."""
    for n, line in enumerate(text_lines(text, keep_breaks=cell)):
        if n:
            paragraph.add_run().add_break()
        for span in line:
            run = paragraph.add_run(span.text)
            if span.style is Style.STRONG:
                run.bold = True
            elif span.style is Style.EMPHASIS:
                run.italic = True


def _flag(properties: Any, name: str) -> None:
    """Switch on an on/off property of a table row (`w:tblHeader`, `w:cantSplit`)."""
    from docx.oxml import OxmlElement

    properties.append(OxmlElement(name))


def _table(word: WordDocument, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rows = [*block.rows, *([block.total] if block.total is not None else [])]
    table = word.add_table(rows=1 + len(rows), cols=len(block.columns))
    table.style = "Table Grid"
    numeric = [column.numeric for column in block.columns]

    def fill(cell: _Cell, text: Text, right: bool, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        _runs(paragraph, text, cell=True)
        for run in paragraph.runs:
            run.font.size = Pt(9)
            if bold:
                run.bold = True
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for number, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        _flag(properties, "w:cantSplit")
        cells = row.cells
        if number == 0:
            _flag(properties, "w:tblHeader")
            for cell, column in zip(cells, block.columns, strict=True):
                fill(cell, (Span(column.heading),), column.numeric, bold=True)
            continue
        values = rows[number - 1]
        is_total = block.total is not None and number == len(rows)
        for cell, value, right in zip(cells, values, numeric, strict=True):
            fill(cell, value, right, bold=is_total)


def _signatures(word: WordDocument, block: Signatures) -> None:
    from docx.shared import Pt

    for party in block.parties:
        line = word.add_paragraph()
        line.paragraph_format.space_before = Pt(30)
        line.paragraph_format.keep_with_next = True
        line.add_run("_" * 40)
        who = word.add_paragraph()
        who.add_run(clean_text(party)).font.size = Pt(9)


def _qr_codes(word: WordDocument, block: QRCodes) -> None:
    from docx.shared import Mm

    from facilitator.documents.qr import png_of, qr_matrix

    count = len(block.texts)
    for n, text in enumerate(block.texts, 1):
        picture = word.add_paragraph()
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(BytesIO(png_of(qr_matrix(text))), width=Mm(40))
        caption = block.caption + (f" ({n}/{count})" if count > 1 else "")
        word.add_paragraph(caption)


def _block(word: WordDocument, block: Block) -> None:
    from docx.shared import Mm

    match block:
        case Heading():
            _runs(word.add_heading("", level=min(max(block.level, 1), 9)), block.text)
        case Paragraph():
            _runs(word.add_paragraph(), block.text)
        case Fields():
            for label, value in block.items:
                paragraph = word.add_paragraph()
                paragraph.paragraph_format.space_after = Mm(0.5)
                paragraph.add_run(clean_text(label) + ":").bold = True
                paragraph.add_run(" ")
                _runs(paragraph, value)
        case ItemList():
            for number, item in enumerate(block.items, 1):
                if block.numbered:
                    # The numbers are written, not Word's list numbering, which python-docx
                    # cannot restart: they stay the numbers other parts refer to.
                    paragraph = word.add_paragraph()
                    paragraph.paragraph_format.left_indent = Mm(7)
                    paragraph.paragraph_format.first_line_indent = Mm(-7)
                    paragraph.add_run(f"{number}.\t")
                else:
                    paragraph = word.add_paragraph(style="List Bullet")
                _runs(paragraph, item)
        case Checklist():
            for done, item in block.items:
                paragraph = word.add_paragraph()
                paragraph.paragraph_format.left_indent = Mm(7)
                paragraph.paragraph_format.first_line_indent = Mm(-7)
                paragraph.add_run(("☑" if done else "☐") + "\t")
                _runs(paragraph, item)
        case Table():
            _table(word, block)
        case Signatures():
            _signatures(word, block)
        case QRCodes():
            _qr_codes(word, block)
        case _:
            raise TypeError(f"not a document block: {block!r}")


def _set_language(word: WordDocument, tag: str) -> None:
    """Tell Word the text's language, on every style that sets fonts (spelling, hyphens)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for style in word.styles:
        element = getattr(style, "element", None)
        if element is None or style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        properties = element.get_or_add_rPr()
        for old in properties.findall(qn("w:lang")):
            properties.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        lang.set(qn("w:bidi"), tag)
        properties.append(lang)


def write(document: Document) -> bytes:
    """The document as the bytes of a DOCX file."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    word = docx.Document()
    section = word.sections[0]
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(18)
    word.styles["Normal"].font.size = Pt(11)
    tag = LANGUAGE_TAGS.get(document.language, "en-GB")
    _set_language(word, tag)
    title = " ".join(clean_text(text_of(document.title)).split())
    word.core_properties.title = title
    word.core_properties.language = tag
    word.core_properties.author = ""
    for block in [Heading(1, document.title), *document.blocks]:
        _block(word, block)
    out = BytesIO()
    word.save(out)
    return out.getvalue()
