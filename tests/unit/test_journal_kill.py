"""`kill -9` of a real process writing a session: during an append, a compaction, an open
and its replay. Every entry it acknowledged must come back, and no file may be unreadable.

Each trial forks a child (the modules already imported, so a trial costs milliseconds) that
opens one shared session for writing (taking its lock, tidying, replaying the journal),
then types new entries and edits earlier ones through `StoredSession.put_entry`, closing
and reopening now and then (a compaction, then a replay); the journal's threshold is small,
so compactions come every few saves. After each save returns, the child tells the parent
the entry's id and version through a pipe: that entry is *acknowledged*. The parent kills
the child with SIGKILL at a random moment, then opens the session as any reader does: it
must open without recovery and nothing may be in `damaged/`; every acknowledged entry must
be there once, at its acknowledged version or at the one sent after it (whose save may have
reached the disk before the kill); nothing else may be there.

`make test` runs `FACILITATOR_JOURNAL_KILLS` trials (default 200, about 20 s on two busy
cores); `pytest -m slow tests/unit/test_journal_kill.py` runs 1,000 more
(`FACILITATOR_JOURNAL_SLOW_KILLS`). `FACILITATOR_JOURNAL_SEED` replays a printed seed's kill
moments (the timing of the child on them may differ).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.session import Entry, EntryKind
from facilitator.storage import journaled
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

AGENDA, _ = parse_agenda("# Visit\n\n## Welcome\nDuration: 6 min\n", "visit.md")
TRIALS = int(os.environ.get("FACILITATOR_JOURNAL_KILLS", "200"))
SLOW_TRIALS = int(os.environ.get("FACILITATOR_JOURNAL_SLOW_KILLS", "1000"))
SEED = int(os.environ.get("FACILITATOR_JOURNAL_SEED", str(random.randrange(1 << 30))))
MAX_LIFE_S = 0.06
"""A child is killed at a random moment up to this long after it was forked."""
COMPACT_EVERY_BYTES = 3000
"""The journal threshold in the child: a compaction every few saves."""


def child(root: Path, session_id: str, first: int, edit: list[str], out: int) -> None:
    """Write entries for ever (until killed), telling `out` of each acknowledged one."""
    journaled.COMPACT_MIN_BYTES = COMPACT_EVERY_BYTES
    store = SessionStore(DataPaths(root))
    rng = random.Random(first)
    n = first
    while True:
        os.write(out, b"at open\n")
        session = store.open(session_id, write=True)
        for _ in range(rng.randint(3, 12)):
            if edit and rng.random() < 0.3:
                entry_id = rng.choice(edit)
                current = next(e for e in session.entries() if e.id == entry_id)
                version = int(current.text.rsplit(" v", 1)[1]) + 1
                entry = Entry.from_dict({**current.to_dict(), "text": f"{entry_id} v{version}"})
            else:
                entry_id, version = f"k{n:07d}", 0
                n += 1
                entry = Entry(entry_id, EntryKind.NOTE, f"{entry_id} v0", 0, "Welcome", 0.0, 0.0)
            os.write(out, f"sent {entry_id} {version}\n".encode())
            session.put_entry(entry)
            os.write(out, f"ack {entry_id} {version}\n".encode())
        os.write(out, b"at close\n")
        session.close()


@dataclass
class Tally:
    acknowledged: dict[str, int] = field(default_factory=dict)
    sent: dict[str, int] = field(default_factory=dict)
    trials: int = 0
    entries_checked: int = 0
    killed_in: dict[str, int] = field(default_factory=dict)
    """Where the kills came: opening (tidy and replay), saving (appends and the
    compactions they trigger), closing (a compaction)."""


def trial(root: Path, session_id: str, rng: random.Random, tally: Tally) -> None:
    read, write = os.pipe()
    first = 1 + tally.trials * 1000  # ids no other trial used
    edit = sorted(tally.acknowledged)[-20:]
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            child(root, session_id, first, edit, write)
        finally:
            os._exit(1)
    os.close(write)
    time.sleep(rng.uniform(0, MAX_LIFE_S))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    told = b""
    while chunk := os.read(read, 65536):
        told += chunk
    os.close(read)
    phase = "start"
    for line in told.decode().splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut by the kill
        if line.startswith("at "):
            phase = line.split()[1]
            continue
        what, entry_id, version = line.split()
        phase = "save" if what == "sent" else "open" if phase == "open" else phase
        book = tally.acknowledged if what == "ack" else tally.sent
        book[entry_id] = max(book.get(entry_id, -1), int(version))
        if what == "ack":
            phase = "between"
    tally.killed_in[phase] = tally.killed_in.get(phase, 0) + 1
    tally.trials += 1
    check(root, session_id, tally)


def check(root: Path, session_id: str, tally: Tally) -> None:
    paths = DataPaths(root)
    store = SessionStore(paths)
    session = store.open(session_id)  # as any reader: no lock, nothing written
    try:
        assert session.recovery is None, session.recovery
        stored = session.entries(include_deleted=True)
    finally:
        session.close()
    ids = [e.id for e in stored]
    assert len(ids) == len(set(ids)), "an entry stored twice"
    on_disk = {e.id: int(e.text.rsplit(" v", 1)[1]) for e in stored}
    for entry_id, version in tally.acknowledged.items():
        assert entry_id in on_disk, f"acknowledged entry {entry_id} lost"
        assert version <= on_disk[entry_id] <= tally.sent[entry_id], entry_id
    assert set(on_disk) <= set(tally.sent), "an entry never sent"
    # What was on disk and not acknowledged is acknowledged from now on: it is there.
    tally.acknowledged.update(on_disk)
    tally.sent.update({k: max(v, tally.sent[k]) for k, v in on_disk.items()})
    tally.entries_checked += len(on_disk)
    assert not paths.quarantine.exists() or not any(paths.quarantine.iterdir())


def run(tmp_path: Path, trials: int) -> Tally:
    root = tmp_path / "data"
    paths = DataPaths(root)
    paths.ensure_writable()
    session = SessionStore(paths, FakeClock()).create(AGENDA)
    session_id = session.id
    session.close()
    rng = random.Random(SEED)
    tally = Tally()
    print(f"journal kills: seed {SEED}", file=sys.stderr)
    for _ in range(trials):
        trial(root, session_id, rng, tally)
    summaries, problems = SessionStore(paths).summaries()
    assert problems == [] and [s.entry_count for s in summaries] == [len(tally.acknowledged)]
    print(
        f"journal kills: {tally.trials} trials, killed in {tally.killed_in}, "
        f"{len(tally.acknowledged)} entries acknowledged, none lost",
        file=sys.stderr,
    )
    return tally


def test_killed_while_writing_no_acknowledged_entry_is_lost(tmp_path: Path) -> None:
    tally = run(tmp_path, TRIALS)
    assert tally.trials == TRIALS
    assert len(tally.acknowledged) >= TRIALS // 2  # kills came after saves, not only before
    if TRIALS >= 100:  # kills in every phase: opening (replay), saving, closing (compaction)
        assert {"open", "save", "close"} <= set(tally.killed_in), tally.killed_in


@pytest.mark.slow
def test_a_thousand_kills_lose_no_acknowledged_entry(tmp_path: Path) -> None:
    tally = run(tmp_path, SLOW_TRIALS)
    assert tally.trials == SLOW_TRIALS
