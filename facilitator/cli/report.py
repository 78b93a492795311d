"""`facilitator report [FOLDER] [--csv]`: hours per mentor, pupil and month, and the open
actions, over every session of the data folder or of a folder given (read only)."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.i18n import _, current_language, format_iso_date


def report_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the report as a table (or CSV); the files it could not read go to stderr,
    one a line. Nothing is refused: the exit status is 0 whatever it found."""
    from facilitator.programme.report import read_report

    folder = Path(args.folder).expanduser() if args.folder else ctx.paths.root
    language = current_language()
    report = read_report(folder, ctx.now, language)
    headings = [
        _("Mentor"),
        _("Pupil"),
        _("Month"),
        _("Meetings"),
        _("Minutes"),
        _("Academic hours"),
        _("Not confirmed"),
        _("Open actions"),
    ]
    rows = [
        [
            r.mentor,
            r.pupil,
            r.month,
            str(r.meetings),
            str(r.minutes),
            str(r.hours),
            str(r.unconfirmed),
            str(r.open_actions),
        ]
        for r in report.rows
    ]
    if args.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headings)
        writer.writerows(rows)
        ctx.say(out.getvalue().rstrip("\n"))
    elif not rows:
        ctx.say(_("No sessions in {folder}.").format(folder=folder))
    else:
        for line in aligned([headings, *rows], numeric_from=3):
            ctx.say(line)
        if report.actions:
            ctx.say("\n" + _("Open actions:"))
            for action in report.actions:
                due = format_iso_date(action.deadline, language) or action.deadline
                extra = ", ".join(p for p in (action.lead, due) if p)
                ctx.say(
                    f"  {action.mentor} / {action.pupil}  "
                    f"{format_iso_date(action.date, language) or action.date}  {action.text}"
                    + (f" ({extra})" if extra else "")
                )
    for path, reason in report.unreadable:
        ctx.problem(_("could not read {path}: {reason}").format(path=path, reason=reason))
    return 0


def aligned(rows: list[list[str]], numeric_from: int) -> list[str]:
    """The rows as columns padded to their widest cell, figures to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if i >= numeric_from else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
