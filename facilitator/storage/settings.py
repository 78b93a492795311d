"""The facilitator's preferences, remembered between meetings in the data folder."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from facilitator.i18n import LANGUAGES
from facilitator.storage.atomic import write_atomic

THEME_NAMES = ("facilitator-dark", "facilitator-light")
"""The projection themes (defined in `themes.py`, which needs Textual)."""


@dataclass
class Settings:
    """What the app remembers."""

    theme: str = THEME_NAMES[0]
    warning_s: int = 60
    """How long before the end of a block the warning cue comes."""
    bell: bool = True
    """Ring the terminal bell at the warning and at the end of a block."""
    language: str = ""
    """The UI language chosen in the app (`en`, `lv`); empty: follow the system."""
    export_formats: list[str] = field(default_factory=list)
    """The formats besides Markdown picked at the last export (`html`, `docx`): the next
    export offers Markdown and these (`documents.formats` knows which names exist)."""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The saved settings; defaults for anything missing, unknown or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        settings = cls()
        for known in fields(cls):
            value = data.get(known.name)
            if isinstance(value, type(getattr(settings, known.name))):
                setattr(settings, known.name, value)
        if settings.theme not in THEME_NAMES:
            settings.theme = THEME_NAMES[0]
        settings.warning_s = max(0, min(settings.warning_s, 3600))
        if settings.language not in LANGUAGES:
            settings.language = ""
        settings.export_formats = [f for f in settings.export_formats if isinstance(f, str)]
        return settings

    def save(self, path: Path) -> bool:
        """Write the settings; False when the disk refused (the app goes on without)."""
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(asdict(self), indent=2).encode("utf-8"))
            return True
        return False
