"""What a screen asks of the app: small messages the app handles, so that no screen imports
the app (and the app, which imports the screens, never sits in an import cycle)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenSession(Message):
    """Open a stored session on the run screen, where it stopped: the facilitator picked it
    on the home screen, or asked to correct a past session from its review."""

    session_id: str
