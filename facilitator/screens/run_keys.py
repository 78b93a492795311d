"""The run screen's keys: each with a stable id, which the `keymap` setting uses to give it
other keys (a presenter remote's PageDown for `next-block`, say).

A module of its own, light to import: the app checks the keymap in the settings against
these ids when it starts, before the run screen (and the meeting it needs) is imported.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from facilitator.i18n import N_

RUN_BINDINGS: list[BindingType] = [
    Binding("ctrl+n", "start", N_("Start"), id="start", tooltip=N_("Start the first block.")),
    Binding(
        "ctrl+n,pagedown",
        "next_block",
        N_("Next"),
        id="next-block",
        key_display="^n",
        tooltip=N_("Close this block and start the next one (PageDown too)."),
    ),
    Binding("pageup", "previous_block", N_("Back"), id="previous-block", show=False,
            tooltip=N_("Go back to the block before.")),
    Binding("ctrl+t", "pause", N_("Pause"), id="pause",
            tooltip=N_("Stop the timer for a while.")),
    Binding("ctrl+t", "resume", N_("Resume"), id="resume",
            tooltip=N_("Let the timer run again.")),
    Binding("f5", "extend(60)", N_("+1 min"), id="plus-one",
            tooltip=N_("Give the current block one more minute.")),
    Binding("f6", "extend(-60)", N_("-1 min"), id="minus-one", show=False,
            tooltip=N_("Take a minute from the current block.")),
    Binding("f7", "extend(300)", N_("+5 min"), id="plus-five", show=False,
            tooltip=N_("Give the current block five more minutes.")),
    Binding("f8", "skip", N_("Skip"), id="skip",
            tooltip=N_("Skip this block (it stays in the minutes as skipped).")),
    Binding("f8", "unskip", N_("Take back skip"), id="unskip",
            tooltip=N_("After the finish: a skipped block counts as held.")),
    Binding("f9", "rebalance", N_("Rebalance"), id="rebalance", show=False,
            tooltip=N_("Shorten the coming blocks so the meeting ends on time.")),
    Binding("ctrl+g", "go_to", N_("Go to"), id="go-to", show=False,
            tooltip=N_("Jump to a block (after the finish: to correct it).")),
    Binding("ctrl+f", "finish", N_("Finish"), id="finish", tooltip=N_("End the meeting.")),
    Binding("ctrl+y", "next_meeting", N_("Next meeting"), id="next-meeting",
            tooltip=N_("In the last block: date, place, what to prepare.")),
    Binding("ctrl+o", "export", N_("Export"), id="export",
            tooltip=N_("Write the minutes and the draft action plan.")),
    Binding("f2", "timer_only", N_("Timer only"), id="timer-only", show=False,
            tooltip=N_("Show only the timer, as big as the screen allows; again to go back.")),
    Binding("f3", "next_theme", N_("Theme"), id="theme", show=False,
            tooltip=N_("Switch between the dark and the light projection theme.")),
    Binding("f4", "privacy", N_("Hide notes"), id="privacy",
            tooltip=N_("Hide everything typed from the screen; again to show it.")),
    Binding("ctrl+r", "reveal", N_("Show confidential"), id="reveal", show=False,
            tooltip=N_("Show confidential entries' text on the screen; again to hide it.")),
    Binding("up", "to_entries", N_("Entries"), id="entries", show=False,
            tooltip=N_("Move into this block's entries (or the action plan) to change them.")),
    Binding("ctrl+z", "undo", N_("Undo"), id="undo", show=False,
            tooltip=N_("Take back the last change, to an entry or to the clock.")),
    Binding("ctrl+b", "details", N_("Details"), id="details", show=False,
            tooltip=N_("The meeting's details: title, date, place, people and attendance.")),
    Binding("f10", "toggle_bell", N_("Bell"), id="bell", show=False,
            tooltip=N_("Turn the bell at the warning and at the end of a block on or off.")),
    Binding("f1", "help", N_("Help"), id="help",
            tooltip=N_("All keys and the capture syntax.")),
    Binding("escape", "home", N_("Home"), id="home", show=False,
            tooltip=N_("Back to the agendas; the meeting stays saved and can be resumed.")),
]  # fmt: skip
"""The run screen's bindings (descriptions and tooltips translated when shown)."""
