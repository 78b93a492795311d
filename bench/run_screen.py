"""Run-screen benchmark: opening a long session, and a typed line until it is on screen.

A session on the shipped `getting-to-know-en` agenda is started, its first block given
`ENTRIES` notes (written into the file directly, as the store writes them), and left on
purpose. Measured headless at 100x30 in this one process, after a warm-up, against a
reference app measured in the same run:

* open: from the moment the home screen is told to open the session (what Enter on it
  does) until the first screen refresh of the run screen that shows the block's newest
  entry (the list holds the newest entries; the earlier ones are a key away), stamped by
  the app itself, once the session last opened is closed (as seconds after leaving a
  meeting: its compaction on close is not part of the next open); the reference pushes
  a screen with an `OptionList` of as many plain options (all of them);
* type: from Enter on a typed line until the first screen refresh with the new entry as
  the last option of the entry list (each run adds its line: the block grows by one a
  run, the reference's list too); the reference is an `Input` over an `OptionList` of
  as many options, where Enter appends the line as an option.

The clock is frozen (the screen's timer is not what is measured). Runs of the two apps
interleave. Goals (issue 16): open under 150 ms, type under 50 ms, with 2,000 entries in
the block.

    .venv/bin/python bench/run_screen.py             # updates BENCHMARKS.md
    .venv/bin/python bench/run_screen.py --runs 5 --no-write
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import session_files
from harness import Summary
from report import finish, machine, rerun, rerun_command, section, verdict, write_option

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot
    from textual.widgets import OptionList

    from facilitator.storage.paths import DataPaths

ENTRIES = 2_000
OPEN_GOAL_MS = 150.0
TYPE_GOAL_MS = 50.0
AGENDA = "getting-to-know-en"
NOW = 1_795_435_200.0
LINE = "the youth centre lends its hall on Fridays"


def make_session(paths: DataPaths) -> str:
    """A running session whose first block holds `ENTRIES` notes; returns its id."""
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.meeting.live import Meeting
    from facilitator.meeting.session import MeetingDetails
    from facilitator.storage.sessions import SessionStore

    agenda = AgendaLibrary.discover(paths).find(AGENDA)
    assert agenda is not None
    store = SessionStore(paths, lambda: NOW)
    session = store.create(agenda, MeetingDetails(title=f"{ENTRIES} notes"))
    meeting = Meeting(session, lambda: NOW)
    meeting.start()
    meeting.capture("the first note")
    meeting.close()  # left on purpose: opened again without a question
    file = paths.session_file(session.id)
    data = session_files.read(file)
    (first,) = data["entries"].values()
    data["entries"] = {
        str(n + 1): {**first, "id": f"e{n:05d}", "text": f"note {n}: {LINE}"}
        for n in range(ENTRIES)
    }
    session_files.write(file, data)
    return session.id


class Drawn:
    """When the screen was first drawn with a condition holding: Textual's compositor
    refresh is wrapped to check the condition after each refresh, so the time is the
    app's own and none of the test pilot's waiting."""

    done: Callable[[], bool] | None = None
    at: float | None = None

    @classmethod
    def install(cls) -> None:
        from textual.screen import Screen

        if getattr(Screen, "_bench_wrapped", False):
            return
        original = Screen._compositor_refresh

        def refresh(screen: Screen[object]) -> None:
            original(screen)
            # Only a refresh of the screen in front counts: the one the condition is about.
            if cls.done is not None and cls.at is None and screen.is_current and cls.done():
                cls.at = time.perf_counter()

        Screen._compositor_refresh = refresh  # type: ignore[method-assign]
        Screen._bench_wrapped = True  # type: ignore[attr-defined]

    @classmethod
    def watch(cls, done: Callable[[], bool]) -> None:
        """Watch for `done` from now on (before the action that brings it about)."""
        cls.done, cls.at = done, None

    @classmethod
    async def wait(cls, pilot: Pilot[object]) -> float:
        """When the screen was first drawn with the watched condition holding."""
        deadline = time.monotonic() + 30
        while cls.at is None:
            if time.monotonic() > deadline:
                raise RuntimeError("the app never got there")
            await pilot.pause()
        cls.done = None
        return cls.at


async def time_opening(
    pilot: Pilot[object], shown: Callable[[], bool], act: Callable[[], object]
) -> float:
    """Seconds from `act()` until the screen is first drawn with `shown()` holding."""
    Drawn.watch(shown)
    began = time.perf_counter()
    act()
    return await Drawn.wait(pilot) - began


async def time_typing(pilot: Pilot[object], listing: OptionList) -> float:
    """Seconds from Enter on a typed line until the screen is first drawn with one more
    option in `listing`."""
    count = listing.option_count
    await pilot.press(*"x" * 5)
    gc.collect()
    Drawn.watch(lambda: listing.option_count == count + 1)
    began = time.perf_counter()
    await pilot.press("enter")
    return await Drawn.wait(pilot) - began


async def until(pilot: Pilot[object], done: Callable[[], bool]) -> None:
    """Let the app run until `done()` holds."""
    deadline = time.monotonic() + 30
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("the app never got there")
        await pilot.pause()


async def ours(paths: DataPaths, session_id: str, runs: int) -> tuple[list[float], list[float]]:
    """Open the session `runs` times (back to the home screen between) and type a line
    each time; the times of both."""
    from facilitator.app import make_app
    from facilitator.meeting.live import Meeting
    from facilitator.screens.home import HomeScreen
    from facilitator.screens.messages import OpenSession
    from facilitator.screens.run import RunScreen
    from facilitator.widgets.entry_list import EntryList

    # Leaving a meeting closes it when its screen unmounts, a moment after the home screen
    # is back: its file is compacted then. A facilitator's next Enter comes seconds later,
    # so each open waits for the last close rather than timing it too.
    closed: list[Meeting] = []
    close = Meeting.close

    def counted_close(meeting: Meeting) -> None:
        close(meeting)
        closed.append(meeting)

    Meeting.close = counted_close  # type: ignore[method-assign]
    app = make_app(paths, now=lambda: NOW)
    opened: list[float] = []
    typed: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        for run in range(runs + 1):  # the first is a warm-up
            gc.collect()
            home = app.screen

            def shown() -> bool:
                screen = app.screen
                found = screen.query(EntryList) if isinstance(screen, RunScreen) else None
                if not found:
                    return False
                entries, meeting = found.first(), screen.meeting
                newest = meeting.entries(meeting.shown_block)[-1].id
                count = entries.option_count
                return bool(count) and entries.get_option_at_index(count - 1).id == newest

            message = OpenSession(session_id)  # what Enter on the session posts
            took = await time_opening(pilot, shown, partial(home.post_message, message))
            screen = app.screen
            assert isinstance(screen, RunScreen)
            took_typing = await time_typing(pilot, screen.query_one(EntryList))
            if run:
                opened.append(took)
                typed.append(took_typing)
            screen.dismiss()  # back home, the session left on purpose
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            await until(pilot, lambda run=run: len(closed) > run)
    Meeting.close = close  # type: ignore[method-assign]
    return opened, typed


def reference_app() -> App[None]:
    """A bare Textual app: a screen with an Input over an OptionList of `ENTRIES`
    options, pushed on demand, the newest in view; Enter appends the typed line and
    keeps it in view."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Input, OptionList

    class Notes(Screen[None]):
        AUTO_FOCUS = "Input"

        def compose(self) -> ComposeResult:
            yield OptionList(*(f"• note {n}: {LINE}" for n in range(ENTRIES)))
            yield Input()

        def on_mount(self) -> None:
            self.query_one(OptionList).scroll_end(animate=False)  # the newest in view

        def on_input_submitted(self, event: Input.Submitted) -> None:
            notes = self.query_one(OptionList)
            notes.add_option(f"• {event.value}")
            notes.scroll_end(animate=False)
            event.input.clear()

    class Reference(App[None]):
        def compose(self) -> ComposeResult:
            yield from ()

        def open_notes(self) -> None:
            self.push_screen(Notes())

    return Reference()


async def reference(runs: int) -> tuple[list[float], list[float]]:
    """The reference app's open and type times."""
    from textual.widgets import OptionList

    app = reference_app()
    opened: list[float] = []
    typed: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        for run in range(runs + 1):
            gc.collect()

            def shown() -> bool:
                found = app.screen.query(OptionList)
                return bool(found) and found.first().option_count >= ENTRIES

            took = await time_opening(pilot, shown, app.open_notes)  # type: ignore[attr-defined]
            took_typing = await time_typing(pilot, app.screen.query_one(OptionList))
            if run:
                opened.append(took)
                typed.append(took_typing)
            app.pop_screen()
            await pilot.pause()
    return opened, typed


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    import argparse

    from facilitator.storage.paths import DataPaths

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    write_option(parser, "run-screen")
    args = parser.parse_args(argv)
    began = time.monotonic()
    Drawn.install()
    times: dict[str, tuple[list[float], list[float]]] = {"facilitator": ([], []), "bare": ([], [])}
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as scratch:
        paths = DataPaths(Path(scratch))
        paths.ensure_writable()
        session_id = make_session(paths)
        # Interleaved in rounds of five, so noise on the machine hits both alike.
        for done in range(0, args.runs, 5):
            batch = min(5, args.runs - done)
            for kind in ("facilitator", "bare") if done % 10 == 0 else ("bare", "facilitator"):
                got = asyncio.run(
                    ours(paths, session_id, batch) if kind == "facilitator" else reference(batch)
                )
                times[kind][0].extend(got[0])
                times[kind][1].extend(got[1])
            print(f"  {done + batch}/{args.runs}", file=sys.stderr)
    summary = {kind: (Summary.of(o), Summary.of(t)) for kind, (o, t) in times.items()}
    (open_ours, type_ours), (open_bare, type_bare) = summary["facilitator"], summary["bare"]
    rows = [
        "| app | open: median | open: p90 | type: median | type: p90 |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {kind} | {ms(o.median)} | {ms(o.p90)} | {ms(t.median)} | {ms(t.p90)} |"
            for kind, (o, t) in summary.items()
        ),
    ]
    lines = [
        f"- Open a session of {ENTRIES:,} entries in its block: **{ms(open_ours.median)}** "
        f"({open_ours.median / open_bare.median:.2f}x the reference); goal under "
        f"{OPEN_GOAL_MS:.0f} ms: {verdict(open_ours.median * 1000 < OPEN_GOAL_MS)}",
        f"- Enter until the line is shown, {ENTRIES:,} entries in the block: "
        f"**{ms(type_ours.median)}** ({type_ours.median / type_bare.median:.2f}x the "
        f"reference); goal under {TYPE_GOAL_MS:.0f} ms: "
        f"{verdict(type_ours.median * 1000 < TYPE_GOAL_MS)}",
    ]
    print("\n".join([*rows, "", *lines]))
    how = rerun(
        rerun_command("bench/run_screen.py", ("--runs", args.runs, 15)), "bench/run_screen.py"
    )
    text = section(
        "run-screen",
        "Run screen",
        [
            f"A running session whose first block holds {ENTRIES:,} notes, opened from the "
            "home screen (what Enter on it does) until the run screen shows all of them "
            "(open), and a typed line from Enter until it is the list's last option and "
            "the screen was drawn (type, the save to disk included). The reference is a "
            "bare Textual app: a screen with an `OptionList` of as many options pushed, and "
            "an `Input` whose Enter appends an option. Headless at 100x30, one process, the "
            f"clock frozen, {args.runs} runs of each after a warm-up, interleaved in rounds "
            "of five."
        ],
        machine(),
        how,
        [*rows, "", *lines],
    )
    finish("run-screen", text, args.write, began, after="capture")
    return 0


if __name__ == "__main__":
    sys.exit(main())
