"""`facilitator evaluation SESSION [--semester S]`: the mentor's end-of-semester evaluation,
the answers of that session with the semester's totals, written to files whose paths are
printed one a line."""

from __future__ import annotations

import argparse

from facilitator.cli.context import CliContext
from facilitator.cli.export import chosen_formats, out_folder, write_refused


def evaluation_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """The evaluation's mentor is the session's (a participant with a mentor's role, else
    its facilitator); its semester `--semester`, else that of the mentor's latest pupil."""
    from facilitator.documents.semester import SemesterTotals, SemesterWriter
    from facilitator.meeting.live import Meeting
    from facilitator.meeting.participants import canonical_role
    from facilitator.programme.pupil_records import semester_pupils

    formats = chosen_formats(ctx, args)
    meeting = Meeting(ctx.workspace.sessions.open(args.session), ctx.now)
    try:
        info = meeting.session.info
        mentor = next(
            (p.name for p in info.participants if canonical_role(p.role) == "mentor"),
            info.facilitator,
        )
        semester, pupils = semester_pupils(ctx.workspace.series, mentor, args.semester, ctx.now)
        writer = SemesterWriter(
            info,
            meeting.session.entries(),
            meeting.clock,
            totals=SemesterTotals(mentor or "–", semester or "–", pupils),
        )
        document = writer.document()
    finally:
        meeting.close()
    from facilitator.documents.formats import write_documents

    folder = out_folder(ctx, args)
    try:
        written = write_documents(folder, [document], formats)
    except OSError as exc:
        raise write_refused(folder, exc) from exc
    for path in written:
        ctx.say(path)
    return 0
