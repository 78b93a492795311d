"""The formats a document is written in, and writing a set of documents in several.

`md` (Markdown, `documents.markdown`), `html` (one file to read and print,
`documents.html`) and `docx` (Word, `documents.word`). A writer's module is imported when a
document is written in its format, so python-docx costs nothing until a Word document is
asked for. Adding a format: a module with `write(document) -> str | bytes`, and a line in
`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from facilitator.documents.files import write_document
from facilitator.documents.model import Document
from facilitator.i18n import _

__all__ = [
    "DEFAULT",
    "FORMATS",
    "Format",
    "offered",
    "ordered",
    "parse_formats",
    "render",
    "write_documents",
]


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    """What it is called on the command line and in the settings: its file extension."""
    label: str
    """What the export screen calls it."""
    module: str
    """The module whose `write(document)` writes it."""

    def writer(self) -> Callable[[Document], str | bytes]:
        write: Callable[[Document], str | bytes] = import_module(self.module).write
        return write


FORMATS = {
    f.name: f
    for f in (
        Format("md", "Markdown", "facilitator.documents.markdown"),
        Format("html", "HTML", "facilitator.documents.html"),
        Format("docx", "Word", "facilitator.documents.word"),
    )
}
"""Every format, in the order they are offered."""

DEFAULT = ("md",)
"""What is written when nothing else was asked for."""


def parse_formats(text: str) -> tuple[str, ...]:
    """`md,html` as the formats it names, in `FORMATS` order, each once.

    Raises:
        ValueError: a name is not a format, or none is given (the message says which
            there are).
    """
    names = [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ValueError(
            _("unknown format `{name}`; the formats are {formats}").format(
                name=unknown[0] if unknown else text, formats=", ".join(FORMATS)
            )
        )
    return ordered(names)


def ordered(names: Iterable[str]) -> tuple[str, ...]:
    """The known formats among `names`, in `FORMATS` order, each once."""
    wanted = set(names)
    return tuple(name for name in FORMATS if name in wanted)


def offered(picked: Iterable[str]) -> tuple[str, ...]:
    """What an export writes unless told otherwise: Markdown, and the formats picked at the
    last export (`Settings.export_formats`)."""
    return ordered([*DEFAULT, *picked])


def render(document: Document, name: str) -> str | bytes:
    """`document` in the format `name`."""
    return FORMATS[name].writer()(document)


def write_documents(
    folder: Path, documents: Sequence[Document], formats: Sequence[str] = DEFAULT
) -> list[Path]:
    """Write each document in each format into `folder` (`<stem>.<format>`); existing
    files are never overwritten. Returns the paths written, document by document."""
    written = []
    for document in documents:
        for name in ordered(formats):
            written.append(
                write_document(folder, f"{document.stem}.{name}", render(document, name))
            )
    return written
