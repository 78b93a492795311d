"""The draft action plan of one session, in the action-plan template's six columns.

The template's pieces (its header, its table, the list of what is still to agree) are
public: the minutes show the same table, and the series' plan (`documents.series_plan`)
fills the same template with the actions of every session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from facilitator.documents.markdown import escape_cell, escape_inline, field
from facilitator.documents.session import SessionDocument
from facilitator.documents.text import is_blank
from facilitator.i18n import N_
from facilitator.meeting.session import ActionFields, ActionStatus, Entry, EntryKind

__all__ = ["ActionPlanWriter"]


class ActionPlanWriter(SessionDocument):
    """Renders one session's draft action plan."""

    def action_plan(self) -> str:
        """The draft action plan in the action-plan template's six columns, plus status.

        Its version is the draft's first outside a series; inside one, the version the
        series' plan is at (the session's number in it), as the series' own plan says.
        """
        t = self.catalogue
        heading = t.gettext("Draft action plan: {title}").format(
            title=escape_inline(self.info.title)
        )
        lines = [f"# {heading}", ""]
        number = self.info.series_number
        if number > 0:
            version = t.gettext("version {n}").format(n=number)
        else:
            version = t.gettext("draft {n}").format(n=1)
        lines += self.plan_header(version)
        lines += self.action_table(with_block=False)
        lines += self.plan_gaps(self.actions())
        lines += self.actions_left_out()
        return "\n".join(lines) + "\n"

    def file_name(self) -> str:
        """`2026-11-23-getting-to-know-conversation-action-plan.md`."""
        return f"{self.file_stem()}-action-plan.md"

    def actions_left_out(self) -> list[str]:
        """The closing line saying how many confidential action items the plan leaves out
        (none when it leaves out none)."""
        left_out = self.left_out(EntryKind.ACTION)
        if not left_out:
            return []
        sentence = self.catalogue.ngettext(
            "{n} confidential action item was left out of this plan.",
            "{n} confidential action items were left out of this plan.",
            left_out,
        )
        return ["", "_" + sentence.format(n=left_out) + "_"]

    def plan_header(self, version: str) -> list[str]:
        """The action-plan template's header: scheme, the two parties, date and version."""
        t = self.catalogue
        info = self.info
        tba = "_" + t.gettext("to be agreed") + "_"

        def names(role: str) -> str:
            people = [p.name for p in info.participants if role in self.role_keys(p)]
            return escape_inline(", ".join(people)) or tba

        mentee = (
            (t.gettext("Mentee city"), escape_inline(info.mentee_city))
            if not is_blank(info.mentee_city)
            else (t.gettext("Mentee"), names("mentee"))
        )
        mentor = (
            (t.gettext("Mentor city"), escape_inline(info.mentor_city))
            if not is_blank(info.mentor_city)
            else (t.gettext("Mentor"), names("mentor"))
        )
        scheme = info.scheme if not is_blank(info.scheme) else info.agenda.title
        return [
            field(t.gettext("Mentoring scheme"), escape_inline(scheme) or tba),
            field(*mentee),
            field(*mentor),
            field(t.gettext("Date and version"), f"{self.date_text()}, {version}"),
            "",
        ]

    def plan_gaps(self, actions: list[Entry], only_open: bool = False) -> list[str]:
        """The section listing what is still to agree for each action (each still open,
        with `only_open`), numbered as in the table."""
        t = self.catalogue
        lines = ["", "### " + t.gettext("Still to agree"), ""]
        gaps = []
        for n, entry in enumerate(actions, 1):
            fields = entry.action
            if only_open and (fields is None or fields.status is not ActionStatus.OPEN):
                continue
            missing = [
                t.gettext(what)
                for what, value in (
                    # TRANSLATORS: one of the things an action still lacks, in a list.
                    (N_("who leads"), fields.lead if fields else ""),
                    (N_("a deadline"), fields.deadline if fields else ""),
                    (N_("a measure of success"), fields.measure if fields else ""),
                )
                if is_blank(value)
            ]
            if missing:
                gaps.append(f"- [ ] {n}. {escape_inline(entry.text)}: {', '.join(missing)}")
        all_set = t.gettext("Every action has a lead, a deadline and a measure of success.")
        return lines + (gaps or [all_set])

    def action_table(
        self,
        with_block: bool,
        actions: list[Entry] | None = None,
        extra: Sequence[tuple[str, Callable[[Entry], str]]] = (),
    ) -> list[str]:
        """The action-plan template's table; `extra` adds columns (a heading and the
        Markdown of each row's cell, escaped by the caller)."""
        t = self.catalogue
        actions = self.actions() if actions is None else actions
        if not actions:
            return [t.gettext("None.")]
        columns = [
            "#",
            t.gettext("Action"),
            t.gettext("Expected result"),
            t.gettext("Deadline"),
            t.gettext("Who leads"),
            t.gettext("Resources and partners"),
            t.gettext("Measuring success"),
            t.gettext("Status"),
        ]
        if with_block:
            columns.append(t.gettext("Block"))
        columns += [heading for heading, _ in extra]
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        tba = "_" + t.gettext("to be agreed") + "_"
        statuses = {
            ActionStatus.OPEN: t.pgettext("action status", "open"),
            ActionStatus.DONE: t.pgettext("action status", "done"),
            ActionStatus.DROPPED: t.pgettext("action status", "dropped"),
        }

        def cell(value: str) -> str:
            return escape_cell(value) or tba

        for n, entry in enumerate(actions, 1):
            fields = entry.action or ActionFields()
            row = [
                str(n),
                cell(entry.text),
                cell(fields.result),
                self.deadline(fields.deadline, escape_cell) or tba,
                cell(fields.lead),
                cell(fields.resources),
                cell(fields.measure),
                statuses[fields.status],
            ]
            if with_block:
                row.append(str(entry.block_index + 1))
            row += [render(entry) for _, render in extra]
            lines.append("| " + " | ".join(row) + " |")
        return lines
