"""`facilitator export`: a session's minutes and action plan, or a series' action plan,
written to files whose paths are printed one a line."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.context import CliContext, UserError
from facilitator.errors import os_reason
from facilitator.i18n import _, ngettext


def export_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator export SESSION [--out DIR] [--format F,...] [--include-confidential]`, or
    `facilitator export --series NAME ...`."""
    if args.series and args.session:
        raise UserError(_("give a session or --series NAME, not both"))
    if args.series:
        return export_series(ctx, args)
    if not args.session:
        raise UserError(_("give a session id (see `facilitator sessions`) or --series NAME"))
    return export_session(ctx, args)


def export_session(ctx: CliContext, args: argparse.Namespace) -> int:
    """One session's documents.

    Prints the written paths, one a line; how many confidential entries were left out
    goes to stderr, so the output stays a list of paths.
    """
    from facilitator.meeting.live import Meeting  # not needed to open the app: loaded here

    formats = chosen_formats(ctx, args)
    meeting = Meeting(ctx.workspace.sessions.open(args.session), ctx.now)
    try:
        folder = out_folder(ctx, args)
        writer = meeting.writer(include_confidential=args.include_confidential)
        try:
            written = writer.write(folder, formats)
        except OSError as exc:
            raise write_refused(folder, exc) from exc
    finally:
        meeting.close()
    for path in written:
        ctx.say(path)
    left_out = writer.left_out()
    if left_out:
        ctx.say(
            ngettext(
                "{n} confidential entry left out; --include-confidential writes "
                "a separate copy with it.",
                "{n} confidential entries left out; --include-confidential writes "
                "a separate copy with them.",
                left_out,
            ).format(n=left_out),
            err=True,
        )
    return 0


def export_series(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator export --series NAME`: the series' action plan, a file per format."""
    from facilitator.documents.series_plan import SeriesPlanWriter  # as the store: only here

    series_store = ctx.workspace.series
    writer = SeriesPlanWriter.of(
        series_store, series_store.find(args.series), include_confidential=args.include_confidential
    )
    formats = chosen_formats(ctx, args)
    folder = out_folder(ctx, args)
    try:
        written = writer.write(folder, formats)
    except OSError as exc:
        raise write_refused(folder, exc) from exc
    for path in written:
        ctx.say(path)
    return 0


def chosen_formats(ctx: CliContext, args: argparse.Namespace) -> tuple[str, ...]:
    """`--format`, else Markdown and the formats picked at the app's last export.

    Raises:
        UserError: `--format` names a format that does not exist.
    """
    from facilitator.documents.formats import offered, parse_formats
    from facilitator.storage.settings import Settings

    if args.format is not None:
        try:
            return parse_formats(args.format)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    return offered(Settings.load(ctx.paths.settings).export_formats)


def out_folder(ctx: CliContext, args: argparse.Namespace) -> Path:
    """`--out`, else the data folder's exports."""
    return Path(args.out).expanduser() if args.out else ctx.paths.exports


def write_refused(folder: Path, exc: OSError) -> UserError:
    """The disk would not take the files: where, and why."""
    return UserError(
        _("cannot write to {folder}: {reason}").format(folder=folder, reason=os_reason(exc))
    )
