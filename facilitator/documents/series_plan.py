"""The action plan of a series: every action of its sessions, merged by id, with where it
came from and where it stands.

The documents read the programme's data (`Series`, `PlanItem`, what `SeriesStore.plan`
gives); the programme never imports the documents, so callers that want the plan's file
(the command line, a screen) build it here: `SeriesPlanWriter.of(store, series)`. A
document about a whole series (a series' time sheet, a goals report) goes beside this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from facilitator.documents import markdown
from facilitator.documents.action_plan import ActionPlanWriter
from facilitator.documents.files import dated_name
from facilitator.documents.followup import goals_table
from facilitator.documents.formats import DEFAULT, write_documents
from facilitator.documents.model import Block, Document, Heading, Text, plain
from facilitator.meeting.session import Entry, SeriesKind, SessionInfo
from facilitator.programme.series import PlanItem, Series
from facilitator.programme.series_store import SeriesStore

__all__ = ["SeriesPlanWriter"]


@dataclass
class SeriesPlanWriter:
    """Renders a series' action plan: every action of its sessions, merged by id, with
    where it came from and where it stands, in the session plan's template and escaping.

    The date and the version are those of the latest session: the one that produced
    this version of the plan.
    """

    series: Series
    items: list[PlanItem]
    latest: SessionInfo
    """The latest session of the series."""
    include_confidential: bool = False
    goals: list[PlanItem] = field(default_factory=list)
    """Every goal of the series, its latest version with its history."""
    numbers: dict[str, int] = field(default_factory=dict)
    """Each session's number in the series, by its id."""

    @classmethod
    def of(
        cls, store: SeriesStore, series: Series, include_confidential: bool = False
    ) -> SeriesPlanWriter:
        """The writer of the series' action plan as its sessions stand in `store`.

        Raises:
            SeriesError: the series has no session yet, or one could not be read.
        """
        items, latest = store.plan(series)
        goals, numbers = store.goals(series)
        return cls(series, items, latest, include_confidential, goals, numbers)

    def _session_plan(self) -> ActionPlanWriter:
        """The session plan's writer whose pieces (labels, escaping, table) this plan
        shares, holding the series' parties and the plan's actions."""
        series = self.series
        info = replace(
            self.latest,
            title=series.name,
            scheme=series.programme,
            mentee_city=series.mentee_city or self.latest.mentee_city,
            mentor_city=series.mentor_city or self.latest.mentor_city,
        )
        entries = [item.entry for item in self.items]
        return ActionPlanWriter(info, entries, None, self.include_confidential)

    @property
    def version(self) -> int:
        """The number of the session that produced this version."""
        return self.latest.series_number

    def document(self) -> Document:
        """The series' action plan."""
        writer = self._session_plan()
        t = writer.catalogue
        shared = {id(e) for e in writer.actions()}
        items = [item for item in self.items if id(item.entry) in shared]
        origins = {item.entry.id: item.origin for item in items}
        if self.series.kind is SeriesKind.VISITS:
            word = t.gettext("visit {n}")
        else:
            word = t.gettext("session {n}")

        def origin(entry: Entry) -> Text:
            return plain(word.format(n=origins[entry.id].session_number))

        def note(entry: Entry) -> Text:
            return plain(entry.action.note) if entry.action else ()

        title = t.gettext("Action plan: {name}").format(name=self.series.name)
        blocks: list[Block] = [writer.plan_header(t.gettext("version {n}").format(n=self.version))]
        blocks.append(
            writer.action_table(
                with_block=False,
                actions=[item.entry for item in items],
                # TRANSLATORS: a column of the series' action plan: the session an action
                # was first written down in.
                extra=[
                    (t.pgettext("action plan column", "From"), origin),
                    (t.gettext("Note"), note),
                ],
            )
        )
        blocks += writer.plan_gaps([item.entry for item in items], only_open=True)
        blocks += writer.actions_left_out()
        blocks += self._goals(writer, word)
        return Document(plain(title), writer.language, self.file_stem(), blocks, landscape=True)

    def _goals(self, writer: ActionPlanWriter, word: str) -> list[Block]:
        """The series' goals with every change of status, the session it was made in and
        when; nothing when the series set none (confidential ones only with them)."""
        goals = [
            item for item in self.goals if self.include_confidential or not item.entry.confidential
        ]
        if not goals:
            return []
        t = writer.catalogue
        origins = {item.entry.id: item.origin.session_number for item in goals}

        def session_name(session_id: str) -> str:
            number = self.numbers.get(session_id)
            return word.format(n=number) if number is not None else ""

        table = goals_table(
            writer,
            [item.entry for item in goals],
            origin=lambda entry: word.format(n=origins[entry.id]),
            session_name=session_name,
        )
        return [Heading(2, plain(t.gettext("Goals"))), table]

    def action_plan(self) -> str:
        """The series' action plan as Markdown."""
        return markdown.write(self.document())

    def file_stem(self) -> str:
        """`2027-03-10-inclucities-cesis-action-plan-v3`, `-confidential` added when the
        plan includes confidential actions."""
        return dated_name(
            self._session_plan().meeting_date(),
            self.series.name,
            f"action-plan-v{self.version}",
            confidential=self.include_confidential,
        )

    def write(self, folder: Path, formats: Sequence[str] = DEFAULT) -> list[Path]:
        """Write the plan into `folder`, in each of `formats`; an existing file is never
        overwritten."""
        return write_documents(folder, [self.document()], formats)
