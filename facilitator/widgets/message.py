"""The one-line message at the bottom of a screen: what just happened, or what went wrong."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static


class MessageLine(Static):
    """Shows one message, never read as markup; an error one has the `-error` class.

    A message given as a function that makes it is made again by `retranslate`, so it
    reads in the UI language chosen meanwhile; a plain text stays as it was said."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)
        self._message: Callable[[], str] | None = None
        self._error = False

    def say(self, message: str | Callable[[], str], error: bool = False) -> None:
        """Show `message` (an empty one clears the line)."""
        self._message = message if callable(message) else (lambda: message)
        self._error = error
        self._show()

    def retranslate(self) -> None:
        """Say the message again, made anew in the UI language."""
        if self._message is not None:
            self._show()

    def _show(self) -> None:
        self.update(Text(self._message() if self._message is not None else ""))
        self.set_class(self._error, "-error")
