"""Every folder and file the app reads or writes, decided in one place.

The data folder holds the sessions, the user's own agendas, the exports and the settings.
It is chosen, in order, by `--data-dir`, by the `FACILITATOR_DATA_DIR` environment variable,
or by the platform's user data folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from facilitator.errors import os_reason
from facilitator.i18n import _

ENV_DATA_DIR = "FACILITATOR_DATA_DIR"
APP_NAME = "facilitator"


class DataDirError(Exception):
    """The data folder cannot be created or written to."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            _("cannot use data folder {path}: {reason}").format(path=path, reason=reason)
        )
        self.path = path
        self.reason = reason


PRIVATE_MODE = 0o700
"""Folders holding sessions are the user's alone: the notes of a meeting may be confidential."""


def private_folder(folder: Path) -> Path:
    """Make `folder` (and its missing parents) when it does not exist, readable by its
    owner alone; an existing one that others may read is made so too, where the system
    lets us (a folder of another owner, a file system without permissions, stays as is).

    Raises:
        OSError: the folder cannot be made.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_MODE)
    try:
        mode = folder.stat().st_mode
        if mode & 0o077:
            os.chmod(folder, mode & PRIVATE_MODE)
    except OSError:
        pass
    return folder


def default_data_dir() -> Path:
    """The data folder when neither the command line nor the environment names one."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | None) -> Path:
    """Pick the data folder: command line, then environment, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def shipped_agendas_dir() -> Path:
    """The folder of agendas that come with the app.

    An installed wheel carries them inside the package (`facilitator/_agendas`); a source
    checkout or an editable install reads the repository's top-level `agendas/`.
    """
    package_dir = Path(__file__).resolve().parent.parent  # facilitator/, above storage/
    inside = package_dir / "_agendas"
    if inside.is_dir():
        return inside
    return package_dir.parent / "agendas"


@dataclass(frozen=True)
class DataPaths:
    """The layout of one data folder."""

    root: Path

    @property
    def sessions(self) -> Path:
        """One TinyDB file per session."""
        return self.root / "sessions"

    @property
    def agendas(self) -> Path:
        """The user's own agenda files."""
        return self.root / "agendas"

    @property
    def exports(self) -> Path:
        """Where minutes and action plans go unless another folder is given."""
        return self.root / "exports"

    @property
    def quarantine(self) -> Path:
        """Damaged files are moved here, never overwritten."""
        return self.root / "damaged"

    @property
    def series(self) -> Path:
        """One TinyDB file per series of meetings."""
        return self.root / "series"

    def series_file(self, series_id: str) -> Path:
        """The TinyDB file of one series."""
        return self.series / f"{series_id}.json"

    def series_backup(self, series_id: str) -> Path:
        """The series file as it was before its last write: the last good copy."""
        return self.series / f"{series_id}.json.prev"

    @property
    def settings(self) -> Path:
        """The facilitator's remembered preferences."""
        return self.root / "settings.json"

    @property
    def agenda_cache(self) -> Path:
        """Parsed agendas, so start-up need not parse Markdown again."""
        return self.root / "cache" / "agendas.json"

    def session_lock(self, session_id: str) -> Path:
        """Held while one app instance writes the session."""
        return self.sessions / f"{session_id}.lock"

    def session_heartbeat(self, session_id: str) -> Path:
        """When the app last knew the session was running (for resuming after a crash)."""
        return self.sessions / f"{session_id}.alive"

    def session_file(self, session_id: str) -> Path:
        """The TinyDB file of one session."""
        return self.sessions / f"{session_id}.json"

    def session_backup(self, session_id: str) -> Path:
        """The session file as it was before its last write: the last good copy."""
        return self.sessions / f"{session_id}.json.prev"

    def session_draft(self, session_id: str) -> Path:
        """The line being typed in the session's capture line, not yet sent with Enter
        (so a crash does not lose it); gone once the line is sent or emptied."""
        return self.sessions / f"{session_id}.draft"

    @property
    def rooms(self) -> Path:
        """One small file per room view open (`facilitator room`), saying which session it
        follows and when it last said so; never beside the session's own files."""
        return self.root / "rooms"

    @property
    def rescued(self) -> Path:
        """What a closed meeting could not write into its session (the disk refused),
        one file per session, until the next start puts it back."""
        return self.root / "rescued"

    @property
    def migrated(self) -> Path:
        """Session files as they were before a newer version of the app migrated them."""
        return self.sessions / "migrated"

    def ensure_writable(self) -> None:
        """Create the folders and prove that a file can be written there.

        Raises:
            DataDirError: naming the folder and the operating system's reason.
        """
        for folder in (self.root, self.sessions, self.agendas, self.exports):
            try:
                if folder == self.sessions:
                    private_folder(folder)
                else:
                    folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DataDirError(folder, os_reason(exc)) from exc
        try:
            with tempfile.NamedTemporaryFile(dir=self.sessions, prefix=".probe-"):
                pass
        except OSError as exc:
            raise DataDirError(self.sessions, os_reason(exc)) from exc
