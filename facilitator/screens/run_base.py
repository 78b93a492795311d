"""What the run screen's parts share (`run_clock`, `run_entries` and `run` itself): the
meeting, the settings, what is hidden, the message line, and how they say that something
is not saved yet."""

from __future__ import annotations

from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.meeting.pacing import Pacing
from facilitator.screens.base import AppScreen
from facilitator.storage.settings import Settings
from facilitator.widgets.message import MessageLine


def sentence(message: str) -> str:
    """A core message (`a lowercase clause`) as a sentence on the screen."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def not_saved(exc: SaveFailed) -> str:
    """The one way the screen says that a change is not on disk yet: the core's words
    (`not saved yet (reason); it is kept and saved again automatically`) as a sentence,
    marked as the entry list marks an entry not saved yet."""
    return "⚠ " + sentence(str(exc))


class RunBase(AppScreen[None]):
    """The ground the run screen's parts stand on; `RunScreen` sets it up."""

    meeting: Meeting
    settings: Settings
    pacing: Pacing
    """What each redraw finds due, and when the next one comes."""
    private: bool
    """True while captured text is hidden from the projected screen."""
    reveal: bool
    """True while confidential entries' text is shown (they are hidden by default)."""

    def refresh_all(self) -> None:
        """Redraw everything: after an operation, or when the block changed."""
        raise NotImplementedError

    def say(self, message: str, error: bool = False) -> None:
        """Show a one-line message under the capture line."""
        self.query_one(MessageLine).say(message, error)

    def _not_saved(self, exc: SaveFailed) -> None:
        self.say(not_saved(exc), error=True)
