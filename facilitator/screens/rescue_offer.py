"""The offer made at the start to put back what a meeting could not save when it was
last closed: a question a file, answered by putting it back or keeping it for later."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from facilitator.errors import os_reason
from facilitator.i18n import _, ngettext
from facilitator.screens.confirm import ConfirmDialog
from facilitator.storage.guarded import StoreError
from facilitator.storage.lock import SessionLocked

if TYPE_CHECKING:
    from textual.app import App

    from facilitator.storage.rescue import Rescue, RescueStore
    from facilitator.storage.sessions import SessionStore

__all__ = ["offer_rescue"]


def offer_rescue(
    app: App[object],
    store: SessionStore,
    rescues: RescueStore,
    rescue: Rescue,
    restored_one: Callable[[], None],
) -> None:
    """Ask whether to put back what a meeting could not save when it was last closed
    (`storage.rescue`); `restored_one` is called once it is back in its session."""
    title, count, path = rescue.title or rescue.session_id, rescue.size, rescue.path

    def answered(restore: bool | None) -> None:
        if not restore:
            app.notify(
                _(
                    "What “{title}” could not save stays in {path}; the next start offers it again."
                ).format(title=title, path=path),
                timeout=15,
            )
            return
        try:
            restored = rescues.restore(store, rescue)
        except (StoreError, SessionLocked, OSError) as exc:
            app.notify(
                _(
                    "What “{title}” could not save was not put back ({reason}); it stays in {path}."
                ).format(title=title, reason=os_reason(exc), path=path),
                severity="error",
                timeout=30,
            )
            return
        # A notification: the message line is this screen's, which says again what it
        # has to say about the sessions when the dialog closes.
        app.notify(
            ngettext(
                "{n} change is back in “{title}”.",
                "{n} changes are back in “{title}”.",
                restored,
            ).format(n=restored, title=title),
            timeout=15,
        )
        restored_one()

    app.push_screen(
        ConfirmDialog(
            lambda: ngettext(
                "When “{title}” was last closed, the disk refused {n} change; it was "
                "kept in {path}.\nPut it back into the session now?",
                "When “{title}” was last closed, the disk refused {n} changes; they "
                "were kept in {path}.\nPut them back into the session now?",
                count,
            ).format(title=title, n=count, path=path),
            lambda: _("Put back"),
            lambda: _("Later"),
        ),
        answered,
    )
