"""A session's lock file removed while a window holds it (issue 15, item 5).

Without its file the lock keeps no one out: a second window opens the session. Before each
write a window now checks that the lock under the session's name is still the one it holds
(taking it again when it is simply gone) and that the session file on disk is the one it
last read or wrote; otherwise the write is refused with a sentence saying why, through the
meeting's save-failure path, and the typed text stays in memory. One window's work never
overwrites the other's.

The fault loop runs `FACILITATOR_TAKEOVER_ROUNDS` rounds (default 40) of two real
processes on one session: this one, and a second window started as a subprocess once the
lock file is removed; in half the rounds a thread removes the lock file every few
milliseconds all round long (only the file check is left to protect), and in some the
second window is killed with SIGKILL at a random moment. Every entry either window
acknowledged (its capture returned) must be on disk afterwards, exactly once; every entry
refused must still be in that window's memory.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.storage.lock import SessionLocked
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, session_tables

AGENDA, _ = parse_agenda("# Visit\n\n## Welcome\nDuration: 6 min\n", "visit.md")
ROUNDS = int(os.environ.get("FACILITATOR_TAKEOVER_ROUNDS", "40"))
REPO = Path(__file__).resolve().parents[2]


def new_session(paths: DataPaths, clock: FakeClock) -> str:
    session = SessionStore(paths, clock).create(AGENDA)
    session_id = session.id
    session.close()
    return session_id


def texts_on_disk(paths: DataPaths, session_id: str) -> list[str]:
    data = session_tables(paths.session_file(session_id))
    return [doc["text"] for doc in data.get("entries", {}).values()]


def test_a_second_window_after_the_lock_was_removed_is_never_overwritten(
    paths: DataPaths, clock: FakeClock
) -> None:
    session_id = new_session(paths, clock)
    first = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    first.capture("first window, before")
    paths.session_lock(session_id).unlink()  # a cleaning tool, a hand
    second = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    second.capture("second window")
    with pytest.raises(SaveFailed) as refused:
        first.capture("first window, after")
    assert "was changed by another window or program since this window saved it" in str(
        refused.value
    )
    assert [e.text for e in first.unsaved] == ["first window, after"]
    assert first.retry_unsaved() is False  # refused for good, kept in memory
    second.capture("second window, again")
    assert texts_on_disk(paths, session_id) == [
        "first window, before",
        "second window",
        "second window, again",
    ]
    second.close()
    with contextlib.suppress(SaveFailed):
        first.close()
    assert texts_on_disk(paths, session_id)[-1] == "second window, again"


def test_a_second_window_that_only_opened_the_session_keeps_it(
    paths: DataPaths, clock: FakeClock
) -> None:
    session_id = new_session(paths, clock)
    first = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    paths.session_lock(session_id).unlink()
    second = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    with pytest.raises(SaveFailed) as refused:
        first.capture("first window")
    assert "another facilitator window has opened the session since" in str(refused.value)
    second.capture("second window")
    second.close()
    assert texts_on_disk(paths, session_id) == ["second window"]
    assert [e.text for e in first.unsaved] == ["first window"]


def test_a_lock_removed_with_no_one_else_around_is_taken_again(
    paths: DataPaths, clock: FakeClock
) -> None:
    session_id = new_session(paths, clock)
    meeting = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    paths.session_lock(session_id).unlink()
    meeting.capture("written, and the lock is back")
    assert paths.session_lock(session_id).exists()
    with pytest.raises(SessionLocked):
        SessionStore(paths, clock).open(session_id, write=True)
    meeting.close()
    assert texts_on_disk(paths, session_id) == ["written, and the lock is back"]
    assert not paths.session_lock(session_id).exists()


def test_a_file_another_program_wrote_is_not_overwritten(
    paths: DataPaths, clock: FakeClock
) -> None:
    session_id = new_session(paths, clock)
    meeting = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    meeting.capture("mine")
    # A second writer that never took the lock (both lock files gone, a sync tool).
    other = SessionStore(paths, clock).read_file(paths.session_file(session_id))
    other._db.table("entries").insert({**meeting.entries()[0].to_dict(), "text": "theirs"})
    other.close()
    with pytest.raises(SaveFailed) as refused:
        meeting.capture("mine, later")
    assert "was changed by another window or program" in str(refused.value)
    assert texts_on_disk(paths, session_id) == ["mine", "theirs"]
    assert [e.text for e in meeting.unsaved] == ["mine, later"]


SECOND_WINDOW = """
import sys, time
from pathlib import Path
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.storage.lock import SessionLocked
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore

root, session_id, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
try:
    session = SessionStore(DataPaths(Path(root))).open(session_id, write=True)
except SessionLocked:
    print("locked", flush=True)
    sys.exit(0)
meeting = Meeting(session, time.time)
print("opened", flush=True)
for k in range(count):
    text = f"{tag}-{k}"
    try:
        meeting.capture(text)
    except SaveFailed:
        print("refused", text, flush=True)
    else:
        print("ack", text, flush=True)
    time.sleep(0.002)
try:
    meeting.close()
except SaveFailed:
    pass
print("done", flush=True)
"""


def remove_lock_often(path: Path, stop: threading.Event) -> None:
    while not stop.is_set():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        time.sleep(random.uniform(0.0005, 0.003))


def test_fault_loop_two_windows_on_one_session_lose_nothing(
    paths: DataPaths, clock: FakeClock
) -> None:
    seed = int(os.environ.get("FACILITATOR_TAKEOVER_SEED", str(random.randrange(10**6))))
    rng = random.Random(seed)
    session_id = new_session(paths, clock)
    lock_path = paths.session_lock(session_id)
    acknowledged: list[str] = []
    kept_in_memory = 0
    killed = refused_rounds = locked_out = 0
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for round_number in range(ROUNDS):
        meeting = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
        for k in range(rng.randint(0, 3)):
            meeting.capture(f"a{round_number}-pre{k}")
            acknowledged.append(f"a{round_number}-pre{k}")
        lock_path.unlink()
        if rng.random() < 0.25:  # written before the second window comes: the lock is back
            meeting.capture(f"a{round_number}-retake")
            acknowledged.append(f"a{round_number}-retake")
        stop = threading.Event()
        remover = threading.Thread(target=remove_lock_often, args=(lock_path, stop))
        storm = rng.random() < 0.5
        if storm:
            remover.start()
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SECOND_WINDOW,
                str(paths.root),
                session_id,
                f"b{round_number}",
                str(rng.randint(5, 30)),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert child.stdout is not None
        first_line = child.stdout.readline().strip()
        kill_at = time.monotonic() + rng.uniform(0.0, 0.08) if rng.random() < 0.4 else None
        refused_here: list[str] = []
        k = 0
        while child.poll() is None:
            text = f"a{round_number}-{k}"
            k += 1
            try:
                meeting.capture(text)
            except SaveFailed:
                refused_here.append(text)
            else:
                acknowledged.append(text)
            if kill_at is not None and time.monotonic() > kill_at:
                child.send_signal(signal.SIGKILL)
                killed += 1
                kill_at = None
            time.sleep(rng.uniform(0.0, 0.004))
        out = first_line + "\n" + child.stdout.read()
        child.wait()
        stop.set()
        if storm:
            remover.join()
        locked_out += first_line == "locked"
        for line in out.splitlines():
            if line.startswith("ack "):
                acknowledged.append(line[4:])
        # What this window could not write stays in its memory, every piece of it.
        assert [e.text for e in meeting.unsaved] == refused_here
        kept_in_memory += len(refused_here)
        refused_rounds += bool(refused_here)
        with contextlib.suppress(SaveFailed):
            meeting.close()
        on_disk = texts_on_disk(paths, session_id)
        missing = [t for t in acknowledged if t not in on_disk]
        twice = [t for t in set(on_disk) if on_disk.count(t) > 1]
        assert missing == [] and twice == [], f"seed {seed}, round {round_number}"
        with contextlib.suppress(FileNotFoundError):
            lock_path.unlink()  # a killed second window's stale lock
    print(
        f"\ntake-over fault loop (seed {seed}): {ROUNDS} rounds, {killed} second windows "
        f"killed, {locked_out} locked out, {refused_rounds} rounds with refused writes "
        f"({kept_in_memory} entries kept in memory), {len(acknowledged)} acknowledged "
        "entries, 0 lost"
    )
