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
    Bars,
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

__all__ = ["LANGUAGE_TAGS", "write"]

LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
"""The language Word is told the text is in, by the document's language."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_R, _W_RPR, _W_B, _W_I, _W_T, _W_BR = (_W + tag for tag in ("r", "rPr", "b", "i", "t", "br"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _runs(paragraph: Any, text: Text, *, cell: bool = False, bold: bool = False) -> None:
    """Add `text` to `paragraph` (a `w:p` element, or a python-docx paragraph) as runs,
    all bold with `bold`; a cell's lines become line breaks.

    The runs are made as XML elements directly: python-docx's `add_run` costs about 60 µs
    a run, which a plan of a thousand actions multiplies past what a user waits for.
    """
    from lxml.etree import SubElement

    element = getattr(paragraph, "_p", paragraph)
    for n, line in enumerate(text_lines(text, keep_breaks=cell)):
        if n:
            SubElement(SubElement(element, _W_R), _W_BR)
        for span in line:
            _run(
                element, span.text, bold or span.style is Style.STRONG, span.style is Style.EMPHASIS
            )


def _run(paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> None:
    """One run of `text` as it is (a tab as Word's tab) at the end of a `w:p` element."""
    from lxml.etree import SubElement

    run = SubElement(paragraph, _W_R)
    if bold or italic:
        properties = SubElement(run, _W_RPR)
        if bold:
            SubElement(properties, _W_B)
        if italic:
            SubElement(properties, _W_I)
    for n, piece in enumerate(text.split("\t")):
        if n:
            SubElement(run, _W + "tab")
        if piece:
            element = SubElement(run, _W_T)
            element.text = piece
            if piece != piece.strip():
                element.set(_XML_SPACE, "preserve")


def _table(word: WordDocument, block: Table) -> None:
    """A Word table: python-docx makes the table and its grid, the rows are written as
    XML (through python-docx's cell objects a thousand-row plan takes seconds)."""
    from lxml.etree import SubElement

    table = word.add_table(rows=0, cols=len(block.columns))
    table.style = _style(word, "Table Grid")
    widths = [col.get(_W + "w") for col in table._tbl.tblGrid.findall(_W + "gridCol")]
    numeric = [column.numeric for column in block.columns]
    signed = any(column.signature for column in block.columns)
    heading = tuple((Span(column.heading),) for column in block.columns)
    rows = [heading, *block.rows, *([block.total] if block.total is not None else [])]
    for number, cells in enumerate(rows):
        row = SubElement(table._tbl, _W + "tr")
        properties = SubElement(row, _W + "trPr")
        SubElement(properties, _W + "cantSplit")
        bold = number == 0 or (block.total is not None and number == len(rows) - 1)
        if signed and not bold:
            # Room to sign by hand: a row at least a centimetre high.
            height = SubElement(properties, _W + "trHeight")
            height.set(_W + "val", SIGNING_ROW)
            height.set(_W + "hRule", "atLeast")
        if number == 0:
            SubElement(properties, _W + "tblHeader")
        for value, right, width in zip(cells, numeric, widths, strict=True):
            cell = SubElement(row, _W + "tc")
            width_element = SubElement(SubElement(cell, _W + "tcPr"), _W + "tcW")
            width_element.set(_W + "w", width or "0")
            width_element.set(_W + "type", "dxa")
            paragraph = SubElement(cell, _W + "p")
            if right:
                SubElement(SubElement(paragraph, _W + "pPr"), _W + "jc").set(_W + "val", "right")
            _runs(paragraph, value, cell=True, bold=bold)


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
    for n, text in enumerate(block.texts, 1):  # none: no codes, and no caption
        picture = word.add_paragraph()
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(BytesIO(png_of(qr_matrix(text))), width=Mm(40))
        caption = block.caption + (f" ({n}/{count})" if count > 1 else "")
        word.add_paragraph(caption)


SIGNING_ROW = "567"
"""The least height of a table row with places to sign, in twentieths of a point (1 cm)."""

HANGING = "397"
"""A list item's hanging indent, in twentieths of a point (7 mm): its number or box
stands out to the left of its text."""


def _paragraph(
    word: WordDocument, *, style: str = "", hanging: bool = False, after: str = ""
) -> Any:
    """A new `w:p` at the end of the body (before its section properties), with its
    style's id, a hanging indent and the space after it (twentieths of a point)."""
    from lxml.etree import Element, SubElement

    paragraph = Element(_W + "p")
    if style or hanging or after:
        properties = SubElement(paragraph, _W + "pPr")
        if style:
            SubElement(properties, _W + "pStyle").set(_W + "val", _style(word, style).style_id)
        if after:
            SubElement(properties, _W + "spacing").set(_W + "after", after)
        if hanging:
            indent = SubElement(properties, _W + "ind")
            indent.set(_W + "left", HANGING)
            indent.set(_W + "hanging", HANGING)
    word.element.body.sectPr.addprevious(paragraph)
    return paragraph


def _block(word: WordDocument, block: Block) -> None:
    match block:
        case Heading():
            _runs(word.add_heading("", level=min(max(block.level, 1), 9)), block.text)
        case Paragraph():
            _runs(_paragraph(word), block.text)
        case Fields():
            for label, value in block.items:
                paragraph = _paragraph(word, after="28")
                _run(paragraph, clean_text(label) + ":", bold=True)
                _run(paragraph, " ")
                _runs(paragraph, value)
        case ItemList():
            for number, item in enumerate(block.items, 1):
                if block.numbered:
                    # The numbers are written, not Word's list numbering, which python-docx
                    # cannot restart: they stay the numbers other parts refer to.
                    paragraph = _paragraph(word, hanging=True)
                    _run(paragraph, f"{number}.\t")
                else:
                    paragraph = _paragraph(word, style="List Bullet")
                _runs(paragraph, item)
        case Checklist():
            for done, item in block.items:
                paragraph = _paragraph(word, hanging=True)
                _run(paragraph, ("☑" if done else "☐") + "\t")
                _runs(paragraph, item)
        case Table():
            _table(word, block)
        case Signatures():
            _signatures(word, block)
        case QRCodes():
            _qr_codes(word, block)
        case Bars():
            from facilitator.documents.word_charts import add_chart  # python-pptx: only here

            add_chart(word, block)
        case _:
            raise TypeError(f"not a document block: {block!r}")


_STYLES: dict[int, dict[str, Any]] = {}
"""The styles looked up so far by name, for each document being written (by its `id`;
`write` drops them when it is done)."""


def _style(word: WordDocument, name: str) -> Any:
    """The style called `name` in `word`, looked up once per document (python-docx looks
    a style up by name, through every style, each time it is asked)."""
    found = _STYLES.setdefault(id(word), {})
    if name not in found:
        found[name] = word.styles[name]
    return found[name]


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
    word.styles["Table Grid"].font.size = Pt(9)
    tag = LANGUAGE_TAGS.get(document.language, "en-GB")
    _set_language(word, tag)
    title = " ".join(clean_text(text_of(document.title)).split())
    word.core_properties.title = title
    word.core_properties.language = tag
    word.core_properties.author = ""
    try:
        for block in [Heading(1, document.title), *document.blocks]:
            _block(word, block)
    finally:
        _STYLES.pop(id(word), None)
    out = BytesIO()
    word.save(out)
    return out.getvalue()
