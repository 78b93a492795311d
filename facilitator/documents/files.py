"""Where documents become files: their names, and writing them without overwriting.

Every document kind names its file with `dated_name` and writes it with `write_document`,
so names stay alike (`2026-11-23-getting-to-know-conversation-minutes.md`) and an
existing file is never replaced: a second export of the same day gets `-2`, `-3`...
(`storage.atomic.write_new`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from facilitator.storage.atomic import write_new

__all__ = ["dated_name", "slugify", "write_document"]


NAME_LIMIT = 50
"""The most characters a title keeps in a file name."""


def slugify(text: str) -> str:
    """A file-name-safe form of a title, Latvian letters reduced to ASCII, at most
    `NAME_LIMIT` characters cut between words (`...-describing-the`, not `...-the-situatio`;
    a single longer word is cut)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > NAME_LIMIT:
        cut = slug[: NAME_LIMIT + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:NAME_LIMIT]
    return slug.strip("-") or "meeting"


def dated_name(day: date, title: str, *parts: str, confidential: bool = False) -> str:
    """`2026-11-23-getting-to-know-conversation`, then each of `parts`, then
    `-confidential` when the document includes confidential entries, so such a copy is
    never mistaken for one to share."""
    stem = "-".join([day.isoformat(), slugify(title), *parts])
    return f"{stem}-confidential" if confidential else stem


def write_document(folder: Path, name: str, content: str | bytes) -> Path:
    """Write one document as `folder/name` (text as UTF-8), creating the folder; returns
    the path actually written, numbered when the name is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    return write_new(folder / name, data)
