"""HTML to read on any screen and to print: one self-contained file per document.

`write` writes any `Document` as one HTML file that needs nothing beside it (its styles
inline, QR codes as inline SVG), in the document's language (`<html lang>`, so a browser
hyphenates and reads it aloud in the right one). Printed, it is laid out for A4: tables keep
their heading row on every page, a row, a list item or a signature never splits across
pages, and a heading never ends a page. Typed text is escaped (`html.escape`), so none of it
can become markup; a table cell keeps its line breaks.
"""

from __future__ import annotations

from html import escape

from facilitator.documents.model import (
    Bars,
    Block,
    Checklist,
    Column,
    Document,
    Fields,
    Heading,
    ItemList,
    Paragraph,
    QRCodes,
    Signatures,
    Style,
    Table,
    Text,
    text_of,
)
from facilitator.documents.text import clean_text, text_lines

__all__ = ["STYLE", "write"]

STYLE = """
@page { size: A4; margin: 18mm 15mm 20mm 15mm; }
html { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif;
  font-size: 11pt; line-height: 1.4; color: #111; background: #fff; }
body { max-width: 60em; margin: 2em auto; padding: 0 1em; hyphens: auto; }
h1 { font-size: 18pt; margin: 0 0 0.6em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.4em; border-bottom: 1px solid #bbb; }
h3 { font-size: 12pt; margin: 1em 0 0.3em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; line-height: 1.2; }
p { margin: 0.4em 0; }
ul, ol { margin: 0.3em 0; padding-left: 1.6em; }
li { margin: 0.15em 0; break-inside: avoid; page-break-inside: avoid; }
ul.fields { list-style: none; padding: 0; }
ul.checklist { list-style: none; padding-left: 0.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 9.5pt; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 3pt 5pt; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #eee; }
.n { text-align: right; white-space: nowrap; }
td.sign { width: 14%; height: 1.5em; }
tfoot td { font-weight: bold; border-top: 2px solid #444; }
.signatures { display: flex; flex-wrap: wrap; gap: 1em 3em; margin-top: 2.5em; }
.signature { flex: 1 1 14em; break-inside: avoid; page-break-inside: avoid; }
.signature .line { border-bottom: 1px solid #111; height: 3em; }
.signature .who { font-size: 9.5pt; margin-top: 0.2em; }
figure.qr { display: inline-block; margin: 1em 1.5em 0 0; text-align: center;
  break-inside: avoid; page-break-inside: avoid; }
figure.qr svg { width: 42mm; height: 42mm; }
figcaption { font-size: 9pt; }
figure.chart { margin: 0.6em 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; }
@media print { body { max-width: none; margin: 0; padding: 0; } a { color: inherit; } }
"""
"""The one stylesheet, screen and print (A4) alike."""

LANDSCAPE = """
@page { size: A4 landscape; }
body { max-width: 90em; }
"""
"""Added for a document printed across the page."""

COMPACT = """
@page { margin: 12mm 12mm 12mm 12mm; }
html { font-size: 10pt; line-height: 1.3; }
h1 { font-size: 15pt; }
th, td { padding: 2pt 4pt; }
td:first-child { white-space: nowrap; }
td.sign { height: 1.6em; }
"""
"""Added for a form meant to fit its page."""

_TAGS = {Style.STRONG: "strong", Style.EMPHASIS: "em"}


def _text(text: Text, *, cell: bool = False) -> str:
    """Escaped text with its strong and emphasised spans; a cell's lines kept."""
    lines = []
    for line in text_lines(text, keep_breaks=cell):
        parts = []
        for span in line:
            content = escape(span.text, quote=False)
            tag = _TAGS.get(span.style)
            parts.append(f"<{tag}>{content}</{tag}>" if tag else content)
        lines.append("".join(parts))
    return "<br>".join(lines)


def _table(block: Table) -> str:
    def cls(column: Column, in_body: bool) -> str:
        if column.signature and in_body:
            return ' class="sign"'
        return ' class="n"' if column.numeric else ""

    head = "".join(
        f'<th scope="col"{cls(c, False)}>{escape(c.heading, quote=False)}</th>'
        for c in block.columns
    )

    def row(cells: tuple[Text, ...], in_body: bool = True) -> str:
        return (
            "<tr>"
            + "".join(
                f"<td{cls(column, in_body)}>{_text(c, cell=True)}</td>"
                for c, column in zip(cells, block.columns, strict=True)
            )
            + "</tr>"
        )

    body = "\n".join(row(cells) for cells in block.rows)
    foot = f"\n<tfoot>{row(block.total, False)}</tfoot>" if block.total is not None else ""
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>{foot}\n</table>"


def _qr_codes(block: QRCodes) -> str:
    from facilitator.documents.qr import qr_matrix, svg_of  # only a plan with actions

    count = len(block.texts)
    if not count:
        return ""
    figures = []
    for n, text in enumerate(block.texts, 1):
        label = f"{escape(block.caption, quote=False)}" + (f" ({n}/{count})" if count > 1 else "")
        figures.append(
            f'<figure class="qr" role="img" aria-label="{escape(text)}">{svg_of(qr_matrix(text))}'
            f"<figcaption>{label}</figcaption></figure>"
        )
    return '<div class="qr-codes">' + "".join(figures) + "</div>"


def _block(block: Block) -> str:
    match block:
        case Heading():
            level = min(max(block.level, 1), 6)
            return f"<h{level}>{_text(block.text)}</h{level}>"
        case Paragraph():
            return f"<p>{_text(block.text)}</p>"
        case Fields():
            items = "".join(
                f"<li><strong>{escape(label, quote=False)}:</strong> {_text(value)}</li>"
                for label, value in block.items
            )
            return f'<ul class="fields">{items}</ul>'
        case ItemList():
            tag = "ol" if block.numbered else "ul"
            items = "".join(f"<li>{_text(item)}</li>" for item in block.items)
            return f"<{tag}>{items}</{tag}>"
        case Checklist():
            items = "".join(
                f"<li>{'☑' if done else '☐'} {_text(item)}</li>" for done, item in block.items
            )
            return f'<ul class="checklist">{items}</ul>'
        case Table():
            return _table(block)
        case Signatures():
            parties = "".join(
                f'<div class="signature"><div class="line"></div>'
                f'<div class="who">{escape(party, quote=False)}</div></div>'
                for party in block.parties
            )
            return f'<div class="signatures">{parties}</div>'
        case QRCodes():
            return _qr_codes(block)
        case Bars():
            from facilitator.documents.charts import svg  # matplotlib: only for a chart

            label = escape(" ".join(clean_text(block.description).split()))
            return f'<figure class="chart" role="img" aria-label="{label}">{svg(block)}</figure>'
    raise TypeError(f"not a document block: {block!r}")


def write(document: Document) -> str:
    """The document as one HTML file."""
    title = escape(" ".join(clean_text(text_of(document.title)).split()), quote=False)
    body = "\n".join(_block(block) for block in [Heading(1, document.title), *document.blocks])
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}{LANDSCAPE if document.landscape else ''}"
        f"{COMPACT if document.compact else ''}"
        "</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )
