"""A document as its reader sees it, whatever the format: headings, labelled details,
paragraphs, lists, checklists, tables and signature lines, holding plain text.

Every document kind (minutes, action plan, series plan...) builds one `Document`; each
format (`documents.markdown`, `documents.html`, `documents.word`) writes any document, with
its own escaping. Text in the model is as typed or as the catalogue gives it, never
escaped: a format that needs escaping does it while writing, so no typed character can
become markup in any of them.

Text is a tuple of `Span`s, each plain, strong or emphasised (`plain`, `strong`,
`emphasis`, joined with `+`). Text in a paragraph, a list or a heading reads as one line
(its white space collapsed); a table cell keeps its line breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

__all__ = [
    "Bars",
    "Block",
    "Cell",
    "Checklist",
    "Column",
    "Document",
    "Fields",
    "Heading",
    "ItemList",
    "Paragraph",
    "QRCodes",
    "Series",
    "Signatures",
    "Span",
    "Style",
    "Table",
    "Text",
    "emphasis",
    "marked",
    "plain",
    "strong",
    "text_of",
]


class Style(StrEnum):
    """How a span of text stands out."""

    PLAIN = "plain"
    STRONG = "strong"
    EMPHASIS = "emphasis"


@dataclass(frozen=True)
class Span:
    """A run of text in one style."""

    text: str
    style: Style = Style.PLAIN


Text = tuple[Span, ...]
"""A line of text, in spans; `()` is no text."""


def plain(text: str) -> Text:
    """`text` as it is (no span when it is empty)."""
    return (Span(text),) if text else ()


def strong(text: str) -> Text:
    """`text` in bold."""
    return (Span(text, Style.STRONG),) if text else ()


def emphasis(text: str) -> Text:
    """`text` in italics: the documents' own remarks (`to be agreed`, `skipped`...)."""
    return (Span(text, Style.EMPHASIS),) if text else ()


def marked(text: str) -> Text:
    """A catalogue sentence whose `**...**` parts are strong, the way its translators
    see it (`Recorded as **2**`). Used for the app's own sentences, never typed text."""
    parts = text.split("**")
    if len(parts) % 2 == 0:  # an unpaired marker: keep the sentence as it is
        return plain(text)
    return tuple(
        Span(part, Style.STRONG if n % 2 else Style.PLAIN) for n, part in enumerate(parts) if part
    )


def text_of(text: Text) -> str:
    """The characters of `text`, styles dropped."""
    return "".join(span.text for span in text)


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 is the document's title, 2 a section, 3 a part of one."""

    level: int
    text: Text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of one line."""

    text: Text


@dataclass(frozen=True)
class Fields:
    """Labelled details, one per line: `Date: 23 Nov 2026`."""

    items: tuple[tuple[str, Text], ...]


@dataclass(frozen=True)
class ItemList:
    """A bulleted or numbered list, one line per item."""

    items: tuple[Text, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Checklist:
    """Things to tick off, each with its box (`True`: ticked)."""

    items: tuple[tuple[bool, Text], ...]


@dataclass(frozen=True)
class Column:
    """A table column: its heading, and whether it holds figures (aligned right)."""

    heading: str
    numeric: bool = False
    signature: bool = False
    """A place to sign by hand: left empty, and given room where the format can (HTML, Word)."""


Cell = Text
"""A table cell's text; its line breaks are kept."""


@dataclass(frozen=True)
class Table:
    """A table with a heading row (repeated on each printed page where the format can)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    """A closing row of totals, set apart where the format can (HTML's `tfoot`)."""

    def __post_init__(self) -> None:
        width = len(self.columns)
        rows = [*self.rows, *([self.total] if self.total is not None else [])]
        if any(len(row) != width for row in rows):
            raise ValueError(f"every row of the table needs {width} cells")


@dataclass(frozen=True)
class Signatures:
    """Places to sign, one per party: a line with the party's name (and role) below."""

    parties: tuple[str, ...]


@dataclass(frozen=True)
class QRCodes:
    """The take-away QR codes: each text in its own code, drawn as an image by formats
    that can show one (HTML, DOCX); the text itself is in the document already.

    The texts are made by `make` when a format first asks for them (a Markdown export
    never does); it gives none when there should be no codes."""

    caption: str
    make: Callable[[], tuple[str, ...]] = field(compare=False, repr=False)

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """The codes' texts, one a code."""
        return self.make()


@dataclass(frozen=True)
class Series:
    """One set of bars in a chart: its name, a value per category and how each value reads
    (`8:00`, `3`)."""

    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Bars:
    """A bar chart, for a reader who would rather look than read: categories (an agenda's
    blocks, the scores 1-10) against one or more series. Every figure it shows is in the
    document as text too (`description`, and the table it sits beside); a format without
    pictures (Markdown) leaves the chart out."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    description: str
    """The chart in words, numbers included: what a screen reader says, and what a Word
    picture's alternative text holds."""
    remarks: tuple[str, ...] = ()
    """A word beside a category's bars (`skipped`, `+2:00`), or empty."""
    apart: tuple[bool, ...] = ()
    """The categories set apart (a skipped block): drawn hatched."""
    across: bool = True
    """Bars across the page, one row per category (a long list of blocks); False: columns
    side by side (the ten scores)."""


Block = Heading | Paragraph | Fields | ItemList | Checklist | Table | Signatures | QRCodes | Bars
"""One part of a document, in reading order."""


@dataclass
class Document:
    """A whole document: what each format writes."""

    title: Text
    """The document's title (its first heading)."""
    language: str
    """`en` or `lv`: the words' language, as the formats declare it (spell checking,
    hyphenation)."""
    stem: str
    """The file name without its extension (`2026-11-23-getting-to-know-minutes`)."""
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    """Printed across the page (A4 landscape): a document that is mostly a wide table,
    like an action plan's eight columns."""
    compact: bool = False
    """A form meant to fit its page (a month's time sheet on one A4): printed with
    narrower margins and smaller type where the format can (HTML)."""
