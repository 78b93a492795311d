"""End to end: `kill -9` at random moments while entries are typed, round after round.

The real app runs in tmux on one session that every round resumes from the home screen.
Entries are typed one after another (each one waits for the screen to take the previous
one, as a facilitator would); the app is killed at a random moment: while typing, a few
milliseconds after an Enter (before the screen could acknowledge it), or while starting.
An entry is *acknowledged* once a screen read before the kill showed it in the entry list
together with the app's `Saved <kind> in block N.` message: the screen shows both only
after the entry was written. After every kill the session file and its journal are read
directly (the snapshot's checksum, each record's; a torn last record dropped): they must
read, nothing may have been moved to `damaged/`, every acknowledged entry must be there
exactly once with its text and kind, and nothing may be there twice or garbled.

`FACILITATOR_KILL_ROUNDS=N` runs N rounds (default 30); `FACILITATOR_KILL_SEED=S` replays
the rounds of a printed seed (the kill moments repeat; the app's timing on them may not).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facilitator.meeting.session import Entry
from facilitator.storage.guarded import UnreadableFile
from facilitator.storage.journal import journal_path, read_session_bytes
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.e2e.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

REPO = Path(__file__).resolve().parents[2]
"""Run as `python -m facilitator` from here, so the app is this checkout's code."""
AGENDA = "getting-to-know-en"
ROUNDS = int(os.environ.get("FACILITATOR_KILL_ROUNDS", "30"))
TIMEOUT_S = 20.0
"""How long any one step may take on a slow machine before the test fails."""
POLL_S = 0.02
MAX_TYPING_S = 1.6
"""A `typing` round kills at a random moment up to this long after the run screen showed."""
RUNNING_BLOCK = re.compile(r"^ *\d+/\d+  ", re.M)
"""The running block's title line, `1/5  Introductions and values`: the run screen is up."""
TAG = re.compile(r"kill-r\d{2,}-e\d{3}")

MARKERS = {"note": "•", "decision": "✔ Decision:", "action": "→ Action:", "question": "? Question:"}
"""How the entry list starts each kind's line (facilitator/widgets/entries.py)."""


@dataclass(frozen=True)
class Template:
    """A line to type, and what it must be stored as; `{tag}` makes each one unique."""

    line: str
    kind: str
    text: str
    lead: str = ""
    deadline: str = ""


TEMPLATES = [
    Template("{tag} Anna vērtē godīgumu un atklātību", "note",
             "{tag} Anna vērtē godīgumu un atklātību"),
    Template("{tag} Jānis: pieredze ar ūdens projektiem Līgatnē", "note",
             "{tag} Jānis: pieredze ar ūdens projektiem Līgatnē"),
    Template("{tag} ok", "note", "{tag} ok"),
    Template("! {tag} Tiekamies katru otro otrdienu Cēsīs", "decision",
             "{tag} Tiekamies katru otro otrdienu Cēsīs"),
    Template("+ {tag} nosūtīt aptauju skolotājiem @Anna 15.12.2026", "action",
             "{tag} nosūtīt aptauju skolotājiem", "Anna", "2026-12-15"),
    Template("+ {tag} sagatavot ziņojumu @Jānis_Bērziņš 2026-12-20", "action",
             "{tag} sagatavot ziņojumu", "Jānis Bērziņš", "2026-12-20"),
    Template("? {tag} Kurš apstiprina budžetu šogad", "question",
             "{tag} Kurš apstiprina budžetu šogad"),
    Template("{tag} Ģimenes, skolas un pašvaldības loma; ļoti svarīgi", "note",
             "{tag} Ģimenes, skolas un pašvaldības loma; ļoti svarīgi"),
]  # fmt: skip


@dataclass
class Typed:
    """One entry of the test: what was typed and how far it got before the kill."""

    tag: str
    template: Template
    entered: bool = False
    """Enter was sent for it."""
    acknowledged: bool = False

    @property
    def line(self) -> str:
        return self.template.line.format(tag=self.tag)

    @property
    def text(self) -> str:
        return self.template.text.format(tag=self.tag)

    def in_the_line(self, screen: str) -> bool:
        """The whole line shows as typed, so Enter may follow."""
        return self.line in screen

    def shown_saved(self, screen: str) -> bool:
        """The screen says this entry was saved: it is listed, and the message says so."""
        kind = self.template.kind
        return (
            f"{MARKERS[kind]} {self.tag} " in screen
            and f"Saved {kind} in block" in screen
            and "NOT SAVED" not in screen
            and "not saved yet" not in screen
        )


@dataclass
class Kill:
    """When a round kills the app: a moment on the clock, or just after an Enter."""

    mode: str
    at: float | None = None
    after_enter_of: int | None = None
    delay_s: float = 0.0

    def describe(self) -> str:
        if self.after_enter_of is not None:
            return f"{self.delay_s * 1000:.1f} ms after the Enter of entry {self.after_enter_of}"
        return f"{self.delay_s:.3f} s after {'the start' if self.mode == 'startup' else 'ready'}"


@dataclass
class Run:
    """Everything the rounds share, and what a failure message needs to be replayed."""

    seed: int
    data_dir: Path
    typed: list[Typed] = field(default_factory=list)
    stored_ids: set[str] = field(default_factory=set)
    session_id: str = ""
    log: list[str] = field(default_factory=list)

    def context(self, screen: str = "") -> str:
        shown = f"\nlast screen before the kill:\n{screen}" if screen else ""
        return (
            f"\nseed {self.seed} (replay: FACILITATOR_KILL_SEED={self.seed}); rounds so far:\n"
            + "\n".join(self.log)
            + shown
        )


def command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "facilitator", "--data-dir", str(data_dir), *args]


def app_pid(terminal: Tmux) -> int:
    """The facilitator process: the pane's wrapper shell's child, once it runs Python."""
    shell = terminal.display("#{pane_pid}")
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", shell], capture_output=True, text=True, check=False
        ).stdout.split()
        for child in children:
            try:
                argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"facilitator" in argv:
                return int(child)
        time.sleep(POLL_S)
    raise AssertionError(f"no facilitator process under the pane's shell {shell}")


class Round:
    """One start (or resume) of the app, typing, and the kill."""

    def __init__(self, run: Run, number: int, terminal: Tmux) -> None:
        self.run = run
        self.number = number
        # Apart, so a replay gets the same kill plan whatever the app's speed did to the
        # number of entries typed in earlier rounds.
        self.rng = random.Random(f"{run.seed}:{number}:kill")
        self.texts = random.Random(f"{run.seed}:{number}:texts")
        self.terminal = terminal
        self.kill = self._plan()
        self.pid = 0
        self.killed = False
        self.last_screen = ""
        self.typed: list[Typed] = []
        self.asked_downtime = False
        self.restored_drafts = 0

    def _plan(self) -> Kill:
        mode = self.rng.choices(["typing", "enter", "startup"], weights=[6, 3, 1])[0]
        if self.number == 0 and mode == "startup":
            mode = "typing"  # the session must exist and run before the first kill
        if mode == "enter":
            return Kill(
                mode, after_enter_of=self.rng.randint(0, 5), delay_s=self.rng.uniform(0, 0.015)
            )
        if mode == "startup":
            return Kill(mode, delay_s=self.rng.uniform(0.05, 1.2))
        return Kill(mode, delay_s=self.rng.uniform(0.05, MAX_TYPING_S))

    def do_kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.killed = True

    def due(self) -> bool:
        """Kill now if the planned moment has come; True once the app is dead."""
        if not self.killed and self.kill.at is not None and time.monotonic() >= self.kill.at:
            self.do_kill()
        return self.killed

    def poll(self, check: Callable[[str], bool], what: str) -> str | None:
        """The first screen where `check` holds, or None if the kill came first."""
        deadline = time.monotonic() + TIMEOUT_S
        while not self.due():
            # Read before any kill is sent: what it shows, the app showed while alive.
            screen = self.terminal.screen()
            self.last_screen = screen
            for entry in self.typed:
                if entry.entered and not entry.acknowledged and entry.shown_saved(screen):
                    entry.acknowledged = True
            if self.due():
                return None
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"round {self.number}: timed out waiting for {what}" + self.run.context(screen)
                )
            time.sleep(POLL_S)
        return None

    def play(self) -> None:
        """Start or resume the app, type until the kill, and wait for the process to end."""
        resume = self.number > 0
        args = () if resume else ("run", AGENDA, "--title", "Kill test")
        started = time.monotonic()
        self.terminal.start(command(self.run.data_dir, *args), cwd=REPO)
        self.pid = app_pid(self.terminal)
        if self.kill.mode == "startup":
            self.kill.at = started + self.kill.delay_s
        if self._open(resume):
            if self.kill.mode == "typing":
                self.kill.at = time.monotonic() + self.kill.delay_s
            self._type()
        status = self.terminal.wait_for_exit(timeout=TIMEOUT_S)
        assert status == 128 + signal.SIGKILL, (
            f"round {self.number}: the app ended with status {status}, not by the kill"
            + self.run.context(self.last_screen)
        )

    def _open(self, resume: bool) -> bool:
        """Bring up the run screen with the meeting's clock running; False if killed first."""
        if not resume:
            if self.poll(lambda s: "Ctrl+N starts" in s, "the run screen") is None:
                return False
            self.terminal.send_keys("C-n")
        else:
            if self.poll(lambda s: "press Enter to resume it" in s, "the resume offer") is None:
                return False
            self.terminal.send_keys("Enter")
            screen = self.poll(
                lambda s: "Count those" in s or RUNNING_BLOCK.search(s) is not None,
                "the resumed meeting or the downtime question",
            )
            if screen is None:
                return False
            if "Count those" in screen:
                self.asked_downtime = True
                self.terminal.send_keys("y")
            # A line killed before its Enter comes back as the capture line's draft
            # (issue 15, item 4): it was never sent, so it is cleared, not sent now.
            screen = self.poll(
                lambda s: "Type a note" in s or "The line you were typing is back" in s,
                "an empty capture line or a restored draft",
            )
            if screen is None:
                return False
            if "The line you were typing is back" in screen:
                self.restored_drafts += 1
                self.terminal.send_keys("C-u")
        return (
            self.poll(
                lambda s: (
                    RUNNING_BLOCK.search(s) is not None
                    and "Count those" not in s
                    and "Type a note" in s
                ),
                "the running block with an empty capture line",
            )
            is not None
        )

    def _type(self) -> None:
        """Type entries one after another until the app is killed."""
        for index in range(10_000):
            entry = Typed(f"kill-r{self.number:02d}-e{index:03d}", self.texts.choice(TEMPLATES))
            self.typed.append(entry)
            self.run.typed.append(entry)
            self.terminal.send_text(entry.line)
            if self.poll(entry.in_the_line, f"{entry.tag} in the line") is None:
                return
            self.terminal.send_keys("Enter")
            entry.entered = True
            if self.kill.after_enter_of == index:
                time.sleep(self.kill.delay_s)  # the random moment itself, not a wait for state
                self.do_kill()
                return
            if self.poll(entry.shown_saved, f"{entry.tag} shown as saved") is None:
                return

    def summary(self, stored_new: int, seconds: float) -> str:
        entered = sum(e.entered for e in self.typed)
        acked = sum(e.acknowledged for e in self.typed)
        return (
            f"  r{self.number:02d} {self.kill.mode:<7} kill {self.kill.describe()}: typed "
            f"{len(self.typed)}, entered {entered}, acknowledged {acked}, stored {stored_new}, "
            f"{seconds:.1f} s{', asked about downtime' if self.asked_downtime else ''}"
            f"{', a draft restored and cleared' if self.restored_drafts else ''}"
        )


def check_session(run: Run, round_: Round) -> int:
    """Read the session as it lies on disk; return how many of this round's entries it has."""
    paths = DataPaths(run.data_dir)
    damaged = sorted(paths.quarantine.glob("*")) if paths.quarantine.is_dir() else []
    fail = f"after round {round_.number}: "
    assert not damaged, (
        fail + f"files moved to damaged/: {damaged}" + run.context(round_.last_screen)
    )
    files = sorted(paths.sessions.glob("*.json"))
    assert len(files) == 1, fail + f"expected one session file, found {files}" + run.context()
    raw = files[0].read_bytes()
    journal = journal_path(files[0])
    try:
        read_session_bytes(raw, journal.read_bytes() if journal.exists() else None)
    except (UnreadableFile, OSError) as exc:
        raise AssertionError(fail + f"{files[0]} does not read: {exc}" + run.context()) from exc
    if not run.session_id:
        run.session_id = files[0].stem
    assert files[0].stem == run.session_id, fail + "the session changed" + run.context()

    session = SessionStore(paths).open(run.session_id)  # read-only: takes no lock
    try:
        stored = session.entries(include_deleted=True)
    finally:
        session.close()
    by_tag: dict[str, list[Entry]] = {}
    for entry in stored:
        tags = TAG.findall(entry.text)
        assert len(tags) == 1, fail + f"a garbled entry: {entry}" + run.context(round_.last_screen)
        by_tag.setdefault(tags[0], []).append(entry)
    typed = {t.tag: t for t in run.typed}
    for tag, entries in by_tag.items():
        assert len(entries) == 1, fail + f"{tag} is stored {len(entries)} times" + run.context()
        assert tag in typed and typed[tag].entered, (
            fail + f"{tag} is stored but its Enter was never sent: {entries[0]}" + run.context()
        )
        want, got = typed[tag], entries[0]
        action = got.action
        assert (got.kind.value, got.text) == (want.template.kind, want.text), (
            fail + f"{tag} typed as {want.line!r}, stored as {got}" + run.context()
        )
        if want.template.kind == "action":
            assert action is not None and (action.lead, action.deadline) == (
                want.template.lead,
                want.template.deadline,
            ), fail + f"{tag} typed as {want.line!r}, stored as {got}" + run.context()
    lost = [t.tag for t in run.typed if t.acknowledged and t.tag not in by_tag]
    assert not lost, (
        fail
        + f"acknowledged entries missing from the file: {lost}"
        + run.context(round_.last_screen)
    )
    ids = {e.id for e in stored}
    gone = run.stored_ids - ids
    assert not gone, fail + f"entries stored earlier are gone: {sorted(gone)}" + run.context()
    run.stored_ids = ids
    return sum(1 for t in round_.typed if t.tag in by_tag)


def cli(data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        command(data_dir, *args),
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"facilitator {' '.join(args)}: {done.stderr}"
    return done.stdout


def test_kill_9_at_random_moments_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    """ROUNDS kills while typing; after each, the file holds every acknowledged entry once."""
    seed = int(os.environ.get("FACILITATOR_KILL_SEED") or random.SystemRandom().randrange(10**9))
    print(f"kill test: seed {seed}, {ROUNDS} rounds (replay: FACILITATOR_KILL_SEED={seed})")
    here = subprocess.run(
        [sys.executable, "-c", "import facilitator; print(facilitator.__file__)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(here).is_relative_to(REPO), f"the app would run {here}, not this checkout"

    run = Run(seed, tmp_path / "data")
    run.data_dir.mkdir()
    began = time.monotonic()
    for number in range(max(1, ROUNDS)):
        round_began = time.monotonic()
        with Tmux(width=100, height=30) as terminal:
            round_ = Round(run, number, terminal)
            try:
                round_.play()
            finally:
                if not round_.killed and round_.pid:
                    with contextlib.suppress(ProcessLookupError):
                        round_.do_kill()
        stored_new = check_session(run, round_)
        run.log.append(round_.summary(stored_new, time.monotonic() - round_began))

    acknowledged = [t for t in run.typed if t.acknowledged]
    # A kill between a temp file's creation and its rename leaves it behind; it is never
    # read (only `*.json` is), so it is counted here, not failed on.
    leftovers = len(list(DataPaths(run.data_dir).sessions.glob(".*.tmp")))
    print("\n".join(run.log))
    print(
        f"{len(run.log)} rounds in {time.monotonic() - began:.1f} s: {len(run.typed)} typed, "
        f"{len(acknowledged)} acknowledged, {len(run.stored_ids)} stored; "
        f"{leftovers} temp files left behind"
    )
    # Each wait for an acknowledgement fails the test after TIMEOUT_S, so a screen that never
    # acknowledges cannot pass unnoticed; how many get acknowledged before the kills depends
    # on the machine's speed (a loaded machine types fewer entries per round).
    assert acknowledged, "no entry was ever acknowledged" + run.context()

    # The command line sees the same session, and its minutes hold every acknowledged entry.
    listed = cli(run.data_dir, "sessions")
    assert re.search(rf"\b{len(run.stored_ids)} entries\b", listed), listed + run.context()
    out = tmp_path / "exports"
    cli(run.data_dir, "export", run.session_id, "--out", str(out))
    minutes = next(out.glob("*-minutes.md")).read_text(encoding="utf-8").replace("\\", "")
    missing = [t.tag for t in acknowledged if t.tag not in minutes]
    assert not missing, f"acknowledged entries missing from the minutes: {missing}" + run.context()
