"""The facilitator's preferences, remembered between meetings in the data folder."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from facilitator.i18n import LANGUAGES, N_, _
from facilitator.storage.atomic import write_atomic

THEME_NAMES = ("facilitator-dark", "facilitator-light")
"""The projection themes (defined in `themes.py`, which needs Textual)."""

KEYMAP_NOT_A_TABLE = N_(
    "{path}: `keymap` should map key ids to keys, as in {example}; it is left out."
)
KEYMAP_NOT_A_KEY = N_(
    '{path}: `keymap` gives {id} no key (a text such as "pagedown" is needed); it is left out.'
)
KEYMAP_EXAMPLE = '{"next-block": "pagedown"}'


@dataclass(frozen=True)
class SettingsProblem:
    """Something in the settings file that was left out, worded when it is shown (the
    settings are read before the UI language is chosen)."""

    message: str
    """The message, marked for the catalogue, with `{path}` and the entry's `{id}`."""
    id: str = ""

    def describe(self, path: Path) -> str:
        """The message in the UI language, about the settings file at `path`."""
        return _(self.message).format(path=path, id=f'"{self.id}"', example=KEYMAP_EXAMPLE)


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
    keymap: dict[str, str] = field(default_factory=dict)
    """Other keys for some keys, by the binding's id: `{"next-block": "pagedown"}` (several
    keys as `"pagedown,right"`); the app checks the ids when it starts."""

    def __post_init__(self) -> None:
        self.problems: list[SettingsProblem] = []
        """What `load` left out of the file and the facilitator should hear about (not a
        setting: never saved)."""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The saved settings; defaults for anything missing, unknown or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
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
        settings.keymap = settings._keys_only(data.get("keymap", {}))
        return settings

    def _keys_only(self, keymap: object) -> dict[str, str]:
        """The keymap's entries that give a key, noting in `problems` what is left out."""
        if not isinstance(keymap, dict):
            self.problems.append(SettingsProblem(KEYMAP_NOT_A_TABLE))
            return {}
        kept: dict[str, str] = {}
        for binding_id, keys in keymap.items():
            if isinstance(keys, str) and keys.strip():
                kept[binding_id] = keys.strip()
            else:
                self.problems.append(SettingsProblem(KEYMAP_NOT_A_KEY, binding_id))
        return kept

    def save(self, path: Path) -> bool:
        """Write the settings; False when the disk refused (the app goes on without)."""
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(asdict(self), indent=2).encode("utf-8"))
            return True
        return False
