"""`facilitator room [SESSION]`: which session the room view follows (the UI itself opens
in `facilitator.cli`, the one part of the command line that reaches the UI).

Nothing here writes, locks or repairs a session: without an id the session running now is
the one whose lock names a live process (`held_elsewhere`, which never tries the lock).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.context import CliContext, UserError
from facilitator.i18n import _
from facilitator.storage.lock import held_elsewhere
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import resolve_id


def session_ids(paths: DataPaths) -> list[str]:
    """The ids of the session files in the data folder (found by name, none opened)."""
    try:
        return sorted(p.stem for p in paths.sessions.glob("*.json") if p.is_file())
    except OSError:
        return []


def running_ids(paths: DataPaths) -> list[str]:
    """The sessions being run now: those whose lock a live process holds."""
    ids = session_ids(paths)
    return [i for i in ids if held_elsewhere(paths.session_lock(i))]


def room_session(ctx: CliContext, args: argparse.Namespace) -> Path:
    """The session file `facilitator room` follows: the one named (an id or its unique
    beginning), else the one running now.

    Raises:
        UserError: no such session; none running; more than one running.
        SessionNotFound: the id matches none, or several.
    """
    paths = ctx.paths
    if args.session:
        return paths.session_file(resolve_id(args.session, session_ids(paths)))
    running = running_ids(paths)
    if not running:
        raise UserError(
            _(
                "no meeting is running now in {folder}; start one in another window, or "
                "name a session: facilitator room SESSION (`facilitator sessions` lists them)"
            ).format(folder=paths.sessions)
        )
    if len(running) > 1:
        raise UserError(
            _("{count} meetings are running now: {ids}; name one: facilitator room SESSION").format(
                count=len(running), ids=", ".join(running)
            )
        )
    return paths.session_file(running[0])
