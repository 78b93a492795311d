"""The run screen's middle: the block being run, its timer, its guiding questions and what
was captured in it (as a list, or as the action plan in action-planning blocks)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from facilitator.agenda.model import GOALS_RECORD, Block, BlockKind
from facilitator.i18n import _
from facilitator.meeting.clock import BlockStatus, TimeState
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import EntryKind
from facilitator.widgets.entries import render_ratings
from facilitator.widgets.entry_list import EntryList
from facilitator.widgets.line import Line
from facilitator.widgets.plan import ActionPlanTable
from facilitator.widgets.timeline import Timeline
from facilitator.widgets.timer import BlockTimer


def prompts_text(block: Block) -> Text:
    """A block's description and guiding questions, as plain (never markup) text."""
    text = Text()
    if block.description:
        text.append(block.description + "\n", style="italic")
    number = 0
    for group in block.groups:
        if group.title:
            if text:
                text.append("\n")
            title = group.title
            if group.is_form:
                title = _("Form: {form}").format(form=group.form_name or block.title)
            text.append(title + "\n", style="bold")
        for prompt in group.prompts:
            if group.is_form:
                number += 1
                text.append(f"{number}: ", style="bold")
                text.append(prompt + "\n")
            else:
                text.append("• " + prompt + "\n")
    if number:
        text.append(
            _("Type 1: … to fill in field 1 (or its name and a colon).") + "\n", style="dim"
        )
    text.rstrip()
    return text


class BlockPanel(Vertical):
    """The current block (before the start the first, after the end the last): its title,
    timer and timeline, its prompts and ratings, its entries or the action plan, and what
    comes next. It only shows: the screen says when, and what is hidden.

    Args:
        keys: say which key starts the meeting and which exports it (the facilitator's
            window); the room view's panel names no keys.
    """

    def __init__(self, *, id: str | None = None, keys: bool = True) -> None:
        super().__init__(id=id)
        self.keys = keys

    def compose(self) -> ComposeResult:
        yield Line("", id="block-title")
        yield BlockTimer(id="timer")
        yield Timeline(id="timeline")
        with Horizontal(id="block-body"):
            with VerticalScroll(id="prompts-scroll"):
                yield Static("", id="ratings")
                yield Static("", id="prompts")
            yield EntryList(id="entries")
            yield ActionPlanTable(id="plan")
        yield Line("", id="next-block")

    def show(self, meeting: Meeting, *, private: bool, reveal: bool) -> bool:
        """Show the block where the meeting stands; True when it shows the action plan
        (the screen then hides the entry list).

        `private`: everything captured is hidden; `reveal`: confidential entries' text is
        shown."""
        clock = meeting.clock
        index = clock.current
        blocks = meeting.blocks
        title = self.query_one("#block-title", Line)
        days = meeting.session.info.agenda.days
        if index is not None and clock.waiting_for_day:
            block = blocks[index]
            title.show(
                Text(
                    _(
                        "Day {day} begins with {number}/{count}  {title}  ·  Ctrl+T starts it"
                    ).format(day=block.day, number=index + 1, count=len(blocks), title=block.title)
                )
            )
        elif index is not None:
            block = blocks[index]
            budget = clock.blocks[index].budget_s
            changed = "" if budget == block.duration.planned_s else f" → {round(budget / 60)} min"
            day = (
                _("Day {day} of {days}").format(day=block.day, days=days) + "  ·  "
                if days > 1
                else ""
            )
            title.show(
                Text(
                    f"{day}{index + 1}/{len(blocks)}  {block.title}  ·  "
                    f"{block.duration.describe()}{changed}"
                )
            )
        elif clock.finished and meeting.viewed_block is not None:
            viewed = meeting.viewed_block
            block = blocks[viewed]
            skipped = clock.blocks[viewed].status is BlockStatus.SKIPPED
            title.show(
                Text(
                    (
                        _("Correcting {number}/{count}  {title}  ·  skipped: F8 takes it back")
                        if skipped
                        else _("Correcting {number}/{count}  {title}  ·  Ctrl+G another block")
                    ).format(number=viewed + 1, count=len(blocks), title=block.title)
                )
            )
        elif clock.finished:
            block = blocks[-1]
            title.show(
                Text(
                    _("The meeting has finished  ·  Ctrl+O exports the minutes")
                    if self.keys
                    else _("The meeting has finished")
                )
            )
        else:
            block = blocks[0]
            ready = _("Ready: 1/{count}  {title}  ·  Ctrl+N starts") if self.keys else None
            ready = ready or _("Ready: 1/{count}  {title}")
            title.show(Text(ready.format(count=len(blocks), title=block.title)))
        self.query_one("#prompts", Static).update(prompts_text(block))
        following = meeting.next_block
        next_text = (
            _("Next: {title} ({duration})").format(
                title=following.title, duration=following.duration.describe()
            )
            if following is not None and clock.started
            else (_("Last block") if index is not None else "")
        )
        if following is not None and index is not None and following.day > blocks[index].day:
            next_text = _("Next, on day {day}: {title} ({duration})").format(
                day=following.day, title=following.title, duration=following.duration.describe()
            )
        self.query_one("#next-block", Line).show(Text(next_text))
        shown_index = meeting.shown_block
        unsaved = meeting.unsaved_ids()
        kind = blocks[shown_index].kind
        # A review block holds the actions carried over from the series' earlier sessions:
        # the same table, so `s` marks each done, open or dropped and Enter fills a cell.
        # A block that holds goals or questions (the goal form, a review with goals or
        # questions carried over) shows the entries' list instead: every kind is there,
        # and `s` steps a goal's, a question's or an action's status.
        in_block = meeting.entries(shown_index)
        reviewed = [e for e in in_block if e.kind is EntryKind.ACTION]
        followed = blocks[shown_index].record == GOALS_RECORD or any(
            e.kind is EntryKind.GOAL or (e.kind is EntryKind.QUESTION and kind is BlockKind.REVIEW)
            for e in in_block
        )
        planning = not followed and (
            kind is BlockKind.ACTION_PLANNING or (kind is BlockKind.REVIEW and bool(reviewed))
        )
        if planning:
            shown = meeting.actions() if kind is BlockKind.ACTION_PLANNING else reviewed
            self.query_one(ActionPlanTable).show(shown, reveal, private)
        entries = self.query_one(EntryList)
        entries.show(meeting.entries(shown_index), unsaved, reveal, private)
        if not entries.has_focus:
            # The newest entry is the one the room just heard: keep it in view.
            entries.scroll_end(animate=False)
        ratings = self.query_one("#ratings", Static)
        questions = blocks[shown_index].rating_questions
        ratings.display = bool(questions)
        if questions:
            ratings.update(render_ratings(meeting.ratings(shown_index)))
        return planning

    def show_time(self, meeting: Meeting, warning_s: int) -> None:
        """Redraw the timer and the timeline from the clock's state; the timer warns
        `warning_s` seconds before the end of the block."""
        clock = meeting.clock
        timer = self.query_one(BlockTimer)
        if clock.current is not None:
            timer.remaining = clock.remaining()
            timer.state = clock.state()
        elif not clock.started:
            timer.remaining = float(meeting.blocks[0].duration.planned_s)
            timer.state = None
        else:
            timer.remaining = 0.0
            timer.state = None
        timer.paused = clock.paused
        timer.finished = clock.finished
        timer.warning = (
            timer.state is not TimeState.OVER
            and clock.current is not None
            and 0 < timer.remaining <= warning_s
        )
        self.query_one(Timeline).show(clock)
