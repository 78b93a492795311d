"""`facilitator sessions`: the stored sessions, newest first."""

from __future__ import annotations

import argparse

from facilitator.cli.context import CliContext
from facilitator.i18n import _, current_language, format_timestamp, ngettext, pgettext


def sessions_command(ctx: CliContext, _args: argparse.Namespace) -> int:
    """`facilitator sessions`."""
    summaries, damaged = ctx.workspace.sessions.summaries()
    for problem in damaged:
        ctx.problem(problem)
    if not summaries:
        ctx.say(_("No sessions yet in {folder}.").format(folder=ctx.paths.sessions))
        return 0
    language = current_language()
    finished, still_open = _("finished"), pgettext("session", "open")
    width = max(len(finished), len(still_open))
    for s in summaries:
        when = format_timestamp(s.created_at, language)
        state = finished if s.finished else still_open
        place = f", {s.place}" if s.place else ""
        n = s.entry_count
        entries = ngettext("{n} entry", "{n} entries", n).format(n=f"{n:>4}")
        ctx.say(f"{s.id:<44} {when}  {state:<{width}} {entries:<14}  {s.title}{place}")
    return 0
