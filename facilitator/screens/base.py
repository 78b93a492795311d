"""The screens' common ground: keys described in the UI language, and a way to redraw a
screen when the language changes.

Binding descriptions are written once, in English, when a class is defined (marked with
`N_` for the catalogue); every place that shows them (footer, command palette, keys panel)
reads them from the screen's `active_bindings`, which translates them here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.events import ScreenResume
from textual.screen import ModalScreen, Screen

from facilitator.i18n import N_, _, current_language
from facilitator.storage.settings import Settings

if TYPE_CHECKING:
    from facilitator.storage.guarded import Recovery

ResultT = TypeVar("ResultT")

TEXTUAL_WORDS = (
    # Textual's own words that reach the screen: the command palette's key and search line,
    # and the commands every app has.
    N_("palette"),
    N_("Open the command palette"),
    N_("Search for commands…"),
    N_("Quit the app and return to the command prompt."),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Copy selected text"),
    N_("Focus Next"),
    N_("Focus Previous"),
)


class Preferences(Protocol):
    """What a screen may ask of the app about the remembered settings: the app
    (`FacilitatorApp`) is handed over as this, as no screen imports the app."""

    settings: Settings

    def next_theme(self) -> None:
        """Switch to the next projection theme and remember it."""

    def save_settings(self) -> None:
        """Remember the settings as they are now (saying so when the disk refuses)."""


@runtime_checkable
class GuardsLeaving(Protocol):
    """A screen that must be asked before the app leaves it (the run screen, while the
    disk refuses part of the meeting)."""

    def leave_then(self, go: Callable[[], None], problem: str = "") -> None:
        """Call `go` once it is fine to leave (perhaps after asking)."""


def unique_bindings(bindings: Iterable[Binding]) -> list[Binding]:
    """One binding per action, the first of each, in the order given: what the help screen
    and the command palette list (a key declared twice, or two keys for one action, is
    one row)."""
    rows: list[Binding] = []
    seen: set[str] = set()
    for binding in bindings:
        if binding.action not in seen:
            seen.add(binding.action)
            rows.append(binding)
    return rows


def translate_binding(binding: Binding) -> Binding:
    """`binding` with its description and tooltip in the UI language."""
    return replace(binding, description=_(binding.description), tooltip=_(binding.tooltip))


def translate_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Every active binding with its words in the UI language."""
    return {
        key: active._replace(binding=translate_binding(active.binding), tooltip=_(active.tooltip))
        for key, active in bindings.items()
    }


def notify_recoveries(app: App[Any], recoveries: list[Recovery]) -> None:
    """Tell the facilitator, once, of each damaged file that was replaced by its last good
    copy (the list is emptied: the store keeps collecting later ones)."""
    for recovery in recoveries:
        app.notify(recovery.describe(), severity="warning", timeout=30)
    recoveries.clear()


if TYPE_CHECKING:
    _Base = Screen[Any]
else:
    _Base = object


class Translated(_Base):
    """What full screens and dialogs share: keys and redrawing in the UI language."""

    _shown_language = ""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)

    async def retranslate(self) -> None:
        """Show the screen in the UI language just chosen. By default the screen is
        composed again; a screen that keeps state in its widgets overrides this."""
        await self.recompose()

    async def retranslate_if_needed(self) -> None:
        """Redraw the screen when the UI language changed since it was last shown."""
        language = current_language()
        shown, self._shown_language = self._shown_language, language
        if shown and shown != language:
            await self.retranslate()
        self.refresh_bindings()

    def _on_screen_resume(self, event: ScreenResume) -> None:
        # By name, not with `@on`: this mixin is not a message pump, so Textual collects no
        # decorated handlers from it; it does call the handler named after the message on
        # every class of the screen's MRO (Textual's own `Screen._on_screen_resume` and a
        # screen's `on_screen_resume` run too).
        self.call_later(self.retranslate_if_needed)


class AppScreen(Translated, Screen[ResultT]):
    """A full screen of the app."""


class AppModal(Translated, ModalScreen[ResultT]):
    """A dialog of the app."""
