"""The action plan as the room builds it: one row per action, the template's six columns and
a status, shown in action-planning blocks."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from facilitator.i18n import N_, _, pgettext
from facilitator.meeting.session import ActionFields, ActionStatus, Entry
from facilitator.widgets.entries import HIDDEN_TEXT, LOCK, EntryAct, EntryAction, format_deadline

COLUMNS = (
    ("text", N_("Action"), 3),
    ("result", N_("Result"), 2),
    ("deadline", N_("Deadline"), 0),
    ("lead", N_("Lead"), 1),
    ("resources", N_("Resources"), 2),
    ("measure", N_("Measure"), 2),
    ("status", N_("Status"), 0),
)
"""Key, heading (translated when shown) and share of the free width (0: a fixed width) of
each column after `#`."""
DEADLINE_WIDTH = 11
"""`23.11.2026.` and `23 Nov 2026` alike."""
MIN_WIDTH = 8
TO_AGREE = "…"
"""What an empty cell shows: still to be agreed."""


def status_text(status: ActionStatus) -> str:
    """An action's status in the UI language."""
    if status is ActionStatus.DONE:
        return pgettext("action status", "done ✔")
    if status is ActionStatus.DROPPED:
        return pgettext("action status", "dropped")
    return pgettext("action status", "open")


def fixed_widths() -> dict[str, int]:
    """The columns as wide as their longest content in the UI language."""
    statuses = max(cell_len(status_text(status)) for status in ActionStatus)
    heading = cell_len(_("Status"))
    return {"deadline": DEADLINE_WIDTH, "status": max(7, statuses, heading)}


def column_widths(total: int) -> dict[str, int]:
    """Each column's width for a table `total` cells wide (never below a readable minimum;
    the table scrolls sideways when that is wider than the screen)."""
    number = 3
    gaps = 2 * (len(COLUMNS) + 1)  # DataTable pads each cell by one on both sides
    fixed = fixed_widths()
    free = max(0, total - number - gaps - sum(fixed.values()))
    shares = sum(share for _k, _h, share in COLUMNS)
    widths = {"#": number}
    for key, heading, share in COLUMNS:
        # A heading is never cut: Latvian ones (`Rezultāts`, `Kurš vada`) are longer.
        least = max(2 * MIN_WIDTH if key == "text" else MIN_WIDTH, cell_len(_(heading)))
        widths[key] = fixed[key] if key in fixed else max(least, free * share // shares)
    return widths


def cell_texts(entry: Entry, reveal: bool) -> dict[str, str]:
    """The cells of one action's row; a confidential one shows only that it exists."""
    action = entry.action or ActionFields()
    if entry.confidential and not reveal:
        return {key: "" for key, _h, _s in COLUMNS} | {"text": f"{LOCK} {_(HIDDEN_TEXT)}"}
    deadline = format_deadline(action.deadline) if action.deadline else ""
    lock = f"{LOCK} " if entry.confidential else ""
    return {
        "text": lock + entry.text,
        "result": action.result,
        "deadline": deadline,
        "lead": action.lead,
        "resources": action.resources,
        "measure": action.measure,
        "status": status_text(action.status),
    }


class ActionPlanTable(DataTable[Text]):
    """Actions as rows; arrows move between cells, Enter fills the cell's field, `s` steps the
    status, `d` deletes, Esc goes back to the capture line."""

    BINDINGS = [
        Binding(
            "enter", "fill", N_("Fill in"), tooltip=N_("Fill in or correct this cell's field.")
        ),
        Binding("s", "status", N_("Status"), tooltip=N_("Open → done → dropped.")),
        Binding(
            "d,delete", "delete", N_("Delete"), tooltip=N_("Delete the action (Ctrl+Z undoes).")
        ),
        Binding("escape", "leave", N_("Back to typing"), tooltip=N_("Back to the capture line.")),
    ]

    class Leave(Message):
        """The facilitator left the table."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self._ids: list[str] = []
        self._width = 0

    def show(self, actions: list[Entry], reveal: bool, hidden: bool = False) -> None:
        """Replace the rows, keeping the cursor on the same action and column."""
        width = max(40, self.size.width - 2)
        keep_row, keep_column = self.cursor_coordinate
        keep_id = self._ids[keep_row] if 0 <= keep_row < len(self._ids) else None
        self.clear(columns=width != self._width)
        if width != self._width or not self.columns:
            self._width = width
            widths = column_widths(width)
            self.add_column("#", width=widths["#"], key="#")
            for key, heading, _share in COLUMNS:
                self.add_column(_(heading), width=widths[key], key=key)
        self._ids = [] if hidden else [a.id for a in actions]
        if hidden:
            self.add_row(Text("#"), Text(_("The action plan is hidden from the screen."), "italic"))
            return
        for number, entry in enumerate(actions, 1):
            cells = cell_texts(entry, reveal)
            self.add_row(
                Text(str(number), style="bold"),
                *(
                    Text(cells[key] or TO_AGREE, style="" if cells[key] else "dim")
                    for key, _h, _s in COLUMNS
                ),
                key=entry.id,
                height=None,
            )
        if keep_id in self._ids:
            self.move_cursor(row=self._ids.index(keep_id), column=keep_column, animate=False)
        if not self.has_focus:
            # The newest action is the one the room just agreed: keep it in view.
            self.call_after_refresh(self.scroll_end, animate=False)

    def retranslate(self) -> None:
        """Build the headings again in the UI language at the next `show`."""
        self._width = 0

    def enter(self) -> bool:
        """Take the focus on the newest action; False when there is none."""
        if not self._ids:
            return False
        self.focus()
        self.move_cursor(row=len(self._ids) - 1, column=1, animate=False)
        return True

    def _act(self, action: EntryAction) -> None:
        row, column = self.cursor_coordinate
        if not 0 <= row < len(self._ids):
            return
        field = COLUMNS[column - 1][0] if column >= 1 else "text"
        self.post_message(EntryAct(action, self._ids[row], field))

    def action_fill(self) -> None:
        """Open the action form at this cell's field."""
        self._act("edit")

    def action_status(self) -> None:
        """Step the status."""
        self._act("status")

    def action_delete(self) -> None:
        """Delete the action softly."""
        self._act("delete")

    def action_leave(self) -> None:
        """Back to the capture line."""
        self.post_message(self.Leave())
