"""The Markdown reader under the agenda parser: one markdown-it-py parser, set up for what
an agenda holds, and the plain text and line of its tokens."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["inline_text", "line_of", "markdown"]


@functools.cache
def markdown() -> MarkdownIt:
    """One parser for every file; imported on first use, as start-up usually reads the cache."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").use(front_matter_plugin)
    # Rules an agenda never needs. Without them a stray `---` under a line, an indented line
    # or `<br>` stay plain text instead of becoming a heading, code or HTML, and a big file
    # parses a fifth faster.
    md.disable(
        ["code", "reference", "hr", "lheading", "html_block", "html_inline", "autolink",
         "entity", "image"]
    )  # fmt: skip
    # Inline text is read by `inline_text`, which leaves most of it to markdown-it only
    # when it holds markup: without these two passes over every paragraph, a big file
    # parses a third faster.
    md.disable(["inline", "text_join"])
    return md


_INLINE_MARKUP = re.compile(r"[\\`*_\[]")
"""What starts inline markup with the inline rules left on (escapes, code, emphasis and
links); text without any of these is plain text."""
_LINE_START = re.compile(r"\n[ \t]*")


def inline_text(content: str) -> str:
    """The plain text of an inline token's content: emphasis and links reduced to words.

    Gives what markdown-it's own inline rules give. Plain text only needs their line
    breaks: spaces before a line break and spaces or tabs after it are dropped.
    """
    if _INLINE_MARKUP.search(content) is None:
        if "\n" not in content:
            return content.strip()
        lines = _LINE_START.sub("\n", content).split("\n")
        return "\n".join(line.rstrip(" ") for line in lines).strip()
    parts: list[str] = []
    for child in markdown().inline.parse(content, markdown(), {}, []):
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def line_of(token: Token) -> int:
    """The token's first line in the file, counted from 1 (0 when it has none)."""
    return token.map[0] + 1 if token.map else 0
