"""The room view's follower: a session read from its files while another window writes it,
never written, locked or repaired by the reader; and the room view's presence file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.follow import LOST_AFTER_S, RETRY_S, Lost, SessionFollower
from facilitator.meeting.live import Meeting
from facilitator.storage.journal import journal_path
from facilitator.storage.lock import held_elsewhere
from facilitator.storage.paths import DataPaths
from facilitator.storage.presence import STALE_S, RoomPresence, room_following
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda(
    "# Visit\n\n## Welcome\nDuration: 6 min\n\n- Who is here?\n\n## Plan\nDuration: 10 min\n",
    "visit.md",
)


def running(paths: DataPaths, clock: FakeClock) -> Meeting:
    """A meeting being run in the facilitator's window: it holds the session's lock."""
    meeting = Meeting(SessionStore(paths, clock).create(AGENDA), clock, paths)
    meeting.start()
    return meeting


def files_of(paths: DataPaths) -> dict[str, bytes]:
    """Every file of the data folder's sessions and quarantine, with its bytes."""
    found: dict[str, bytes] = {}
    for folder in (paths.sessions, paths.quarantine):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    found[str(path.relative_to(paths.root))] = path.read_bytes()
    return found


def shown_texts(follower: SessionFollower) -> list[str]:
    meeting = follower.reading.meeting
    assert meeting is not None
    return [e.text for e in meeting.entries()]


def test_the_follower_shows_each_save_and_never_a_confidential_entry(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = running(paths, clock)
    meeting.capture("Anna leads the welcome")
    meeting.capture("~Anna may change jobs")
    follower = SessionFollower(paths.session_file(meeting.session.id), clock)
    assert follower.poll()
    assert shown_texts(follower) == ["Anna leads the welcome"]
    followed = follower.reading.meeting
    assert followed is not None
    # Not even the meeting the room view holds knows the confidential entry.
    assert all(not e.confidential for e in followed.entries())
    assert "change jobs" not in repr(followed.session._db.storage.read())

    meeting.capture("+Book a room @Jānis")
    assert follower.poll()
    assert shown_texts(follower) == ["Anna leads the welcome", "Book a room"]
    meeting.capture("~+Tell HR nothing")
    assert follower.poll()
    assert [e.text for e in follower.reading.meeting.actions()] == ["Book a room"]  # type: ignore[union-attr]
    meeting.close()


def test_the_files_are_read_again_only_when_they_change(paths: DataPaths, clock: FakeClock) -> None:
    meeting = running(paths, clock)
    follower = SessionFollower(paths.session_file(meeting.session.id), clock)
    follower.poll()
    reads = follower.reads
    for _step in range(20):
        clock.advance(0.2)
        assert not follower.poll()
    assert follower.reads == reads
    meeting.capture("one more")
    assert follower.poll()
    assert follower.reads == reads + 1
    meeting.close()


def test_the_clock_runs_on_between_saves_from_the_stored_state(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = running(paths, clock)
    follower = SessionFollower(paths.session_file(meeting.session.id), clock)
    follower.poll()
    followed = follower.reading.meeting
    assert followed is not None
    assert followed.clock.remaining() == 360
    clock.advance(75)
    assert not follower.poll()  # nothing saved...
    assert followed.clock.remaining() == 285  # ...and yet the time goes on
    meeting.toggle_pause()
    assert follower.poll()
    paused = follower.reading.meeting
    assert paused is not None and paused.clock.paused
    clock.advance(600)
    assert paused.clock.remaining() == 285
    meeting.close()


def test_a_compaction_and_a_resumed_session_are_followed(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = running(paths, clock)
    meeting.capture("before the crash")
    session_id = meeting.session.id
    follower = SessionFollower(paths.session_file(session_id), clock)
    follower.poll()
    meeting.close()  # folds the journal into a new snapshot: both files replaced
    assert follower.poll()
    assert shown_texts(follower) == ["before the crash"]
    resumed = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock, paths)
    resumed.capture("after it")
    assert follower.poll()
    assert shown_texts(follower) == ["before the crash", "after it"]
    resumed.finish()
    assert follower.poll()
    assert follower.reading.meeting is not None and follower.reading.meeting.clock.finished
    resumed.close()


def test_damage_is_retried_then_told_and_never_set_aside(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = running(paths, clock)
    meeting.capture("one")
    meeting.capture("two")
    path = paths.session_file(meeting.session.id)
    follower = SessionFollower(path, clock)
    follower.poll()
    journal = journal_path(path)
    raw = journal.read_bytes()
    at = raw.index(b"one")
    journal.write_bytes(raw[:at] + b"0ne" + raw[at + 3 :])  # a damaged record
    before = files_of(paths)

    assert not follower.poll()  # the last sound reading stays on the screen a while
    assert follower.reading.lost is None and shown_texts(follower) == ["one", "two"]
    clock.advance(RETRY_S / 2)
    reads = follower.reads
    assert not follower.poll()
    assert follower.reads == reads  # not read again sooner than RETRY_S
    clock.advance(LOST_AFTER_S)
    assert follower.poll()
    assert follower.reading.lost is Lost.DAMAGED
    # A follower repairs nothing: every file as it was, nothing in the quarantine.
    assert files_of(paths) == before

    journal.write_bytes(raw)  # repaired in the facilitator's window
    clock.advance(RETRY_S)
    assert follower.poll()
    assert follower.reading.lost is None and shown_texts(follower) == ["one", "two"]
    meeting.close()


def test_a_deleted_session_is_told_and_followed_again_when_it_comes_back(
    paths: DataPaths, clock: FakeClock, tmp_path: Path
) -> None:
    meeting = running(paths, clock)
    meeting.capture("kept")
    meeting.close()
    path = paths.session_file(meeting.session.id)
    follower = SessionFollower(path, clock)
    follower.poll()
    aside = tmp_path / "aside.json"
    os.replace(path, aside)
    assert not follower.poll()  # a file replaced by a recovery is back in a moment
    clock.advance(LOST_AFTER_S)
    assert follower.poll()
    assert follower.reading.lost is Lost.DELETED
    assert shown_texts(follower) == ["kept"]  # the last reading is still known
    clock.advance(1)
    assert not follower.poll()  # told once
    os.replace(aside, path)
    assert follower.poll()
    assert follower.reading.lost is None


def test_a_file_that_never_was_readable_is_lost_without_a_meeting(
    paths: DataPaths, clock: FakeClock
) -> None:
    path = paths.session_file("nothing")
    path.write_bytes(b"{not json")
    follower = SessionFollower(path, clock)
    assert not follower.poll()
    clock.advance(LOST_AFTER_S)
    assert follower.poll()
    assert follower.reading == follower.reading.__class__(None, Lost.DAMAGED)
    assert path.read_bytes() == b"{not json"


def test_the_room_view_announces_itself_in_a_file_of_its_own(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = running(paths, clock)
    session_id = meeting.session.id
    session_files = files_of(paths)
    assert not room_following(paths, session_id, clock)
    presence = RoomPresence(paths, session_id, clock)
    assert presence.announce()
    assert room_following(paths, session_id, clock)
    assert not room_following(paths, session_id + "-2", clock)
    assert not presence.announce()  # not due yet
    clock.advance(STALE_S + 1)
    assert not room_following(paths, session_id, clock)  # a room view that went away
    presence.announce()
    assert room_following(paths, session_id, clock)
    presence.withdraw()
    assert not room_following(paths, session_id, clock)
    assert files_of(paths) == session_files  # nothing beside the session's own files
    meeting.close()


def test_the_running_session_is_found_without_trying_its_lock(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = running(paths, clock)
    lock = paths.session_lock(meeting.session.id)
    assert held_elsewhere(lock)  # this process holds it: a live process
    meeting.close()
    assert not held_elsewhere(lock)  # released: the file is gone
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lock.write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname()}))
    assert not held_elsewhere(lock)  # left by a crash
    lock.write_text(json.dumps({"pid": 1, "host": "another-laptop"}))
    assert held_elsewhere(lock)  # a shared folder: another computer's window
