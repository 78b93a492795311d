"""The draft action plan of one session, in the action-plan template's six columns.

The template's pieces (its header, its table, the list of what is still to agree) are
public: the minutes show the same table, and the series' plan (`documents.series_plan`)
fills the same template with the actions of every session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from facilitator.documents import markdown
from facilitator.documents.followup import came_from
from facilitator.documents.model import (
    Block,
    Checklist,
    Column,
    Document,
    Fields,
    Heading,
    Paragraph,
    QRCodes,
    Table,
    Text,
    emphasis,
    plain,
)
from facilitator.documents.session import SessionDocument
from facilitator.documents.text import clean_text, is_blank
from facilitator.i18n import N_
from facilitator.meeting.session import ActionFields, ActionStatus, Entry, EntryKind

__all__ = ["PRINTED_CODES", "ActionPlanWriter"]

PRINTED_CODES = 4
"""The most take-away QR codes a plan prints: more would fill pages nobody scans (the
export screen still shows every code)."""


class ActionPlanWriter(SessionDocument):
    """Builds one session's draft action plan."""

    def document(self) -> Document:
        """The draft action plan in the action-plan template's six columns, plus status.

        Its version is the draft's first outside a series; inside one, the version the
        series' plan is at (the session's number in it), as the series' own plan says.
        """
        t = self.catalogue
        title = t.gettext("Draft action plan: {title}").format(title=self.info.title)
        number = self.info.series_number
        if number > 0:
            version = t.gettext("version {n}").format(n=number)
        else:
            version = t.gettext("draft {n}").format(n=1)
        blocks: list[Block] = [self.plan_header(version), self.action_table(with_block=False)]
        blocks += self.plan_gaps(self.actions(), only_open=True)
        blocks += self.actions_left_out()
        blocks += self.take_away()
        return Document(
            plain(title), self.language, self.file_stem() + "-action-plan", blocks, landscape=True
        )

    def action_plan(self) -> str:
        """The draft action plan as Markdown."""
        return markdown.write(self.document())

    def file_name(self) -> str:
        """`2026-11-23-getting-to-know-conversation-action-plan.md`."""
        return f"{self.file_stem()}-action-plan.md"

    def actions_left_out(self) -> list[Block]:
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
        return [Paragraph(emphasis(sentence.format(n=left_out)))]

    def take_away(self) -> list[Block]:
        """The action items as the QR codes the export screen shows, for a printed or
        mailed plan to be scanned too (confidential ones never in them); none when they
        need more than `PRINTED_CODES` codes. Worked out only by a format that draws
        them."""

        def texts() -> tuple[str, ...]:
            from facilitator.documents.qr import take_away  # qrcode: only for a document

            codes = take_away(self)
            return tuple(codes.texts) if len(codes.texts) <= PRINTED_CODES else ()

        if not any(e.kind is EntryKind.ACTION for e in self.entries):
            return []
        caption = self.catalogue.gettext("Scan to take the action items with you")
        return [QRCodes(caption, texts)]

    def plan_header(self, version: str) -> Fields:
        """The action-plan template's header: scheme, the two parties, date and version."""
        t = self.catalogue
        info = self.info
        tba = emphasis(t.gettext("to be agreed"))

        def names(role: str) -> Text:
            people = [p.name for p in info.participants if role in self.role_keys(p)]
            return plain(", ".join(people)) if not is_blank(", ".join(people)) else tba

        mentee = (
            (t.gettext("Mentee city"), plain(info.mentee_city))
            if not is_blank(info.mentee_city)
            else (t.gettext("Mentee"), names("mentee"))
        )
        mentor = (
            (t.gettext("Mentor city"), plain(info.mentor_city))
            if not is_blank(info.mentor_city)
            else (t.gettext("Mentor"), names("mentor"))
        )
        scheme = info.scheme if not is_blank(info.scheme) else info.agenda.title
        return Fields(
            (
                (t.gettext("Mentoring scheme"), plain(scheme) if not is_blank(scheme) else tba),
                mentee,
                mentor,
                (t.gettext("Date and version"), plain(f"{self.date_text()}, {version}")),
            )
        )

    def plan_gaps(self, actions: list[Entry], only_open: bool = False) -> list[Block]:
        """The section listing what is still to agree for each action (each still open,
        with `only_open`), numbered as in the table."""
        t = self.catalogue
        gaps: list[tuple[bool, Text]] = []
        for n, entry in enumerate(actions, 1):
            fields = entry.action
            # An action whose columns were never stored is open.
            if only_open and fields is not None and fields.status is not ActionStatus.OPEN:
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
                # The action's own words on one line, so nothing typed stands before `:`.
                # (Control characters go first: `split` would take \x1f for a space.)
                text = " ".join(clean_text(entry.text).split())
                gaps.append((False, plain(f"{n}. {text}: {', '.join(missing)}")))
        all_set = t.gettext("Every action has a lead, a deadline and a measure of success.")
        heading = Heading(3, plain(t.gettext("Still to agree")))
        return [heading, Checklist(tuple(gaps)) if gaps else Paragraph(plain(all_set))]

    def status_words(self) -> dict[ActionStatus, str]:
        """An action's states as the documents write them, in their language."""
        t = self.catalogue
        return {
            ActionStatus.OPEN: t.pgettext("action status", "open"),
            ActionStatus.DONE: t.pgettext("action status", "done"),
            ActionStatus.DROPPED: t.pgettext("action status", "dropped"),
        }

    def action_table(
        self,
        with_block: bool,
        actions: list[Entry] | None = None,
        extra: Sequence[tuple[str, Callable[[Entry], Text]]] = (),
    ) -> Table | Paragraph:
        """The action-plan template's table (`None.` without actions); `extra` adds
        columns: a heading and each row's cell."""
        t = self.catalogue
        actions = self.actions() if actions is None else actions
        if not actions:
            return Paragraph(plain(t.gettext("None.")))
        headings = [
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
            headings.append(t.gettext("Block"))
        headings += [heading for heading, _ in extra]
        tba = emphasis(t.gettext("to be agreed"))
        statuses = self.status_words()

        def cell(value: str) -> Text:
            return plain(value) if not is_blank(value) else tba

        rows: list[tuple[Text, ...]] = []
        for n, entry in enumerate(actions, 1):
            fields = entry.action or ActionFields()
            row = [
                plain(str(n)),
                cell(entry.text),
                cell(fields.result),
                cell(self.format_deadline(fields.deadline)),
                cell(fields.lead),
                cell(fields.resources),
                cell(fields.measure),
                plain(statuses[fields.status]),
            ]
            if with_block:
                # A carried action was not typed in this session's block: say where from.
                row.append(plain(came_from(self, entry) or str(entry.block_index + 1)))
            row += [render(entry) for _, render in extra]
            rows.append(tuple(row))
        return Table(tuple(Column(h) for h in headings), tuple(rows))
