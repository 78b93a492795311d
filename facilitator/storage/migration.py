"""The schema of a session file, and bringing an older one up to date.

Every session file carries its schema version. An older file is migrated when it is read
(`SessionStorage`, in memory only); when it is opened for writing, the original is first
kept in `sessions/migrated/` (`keep_original`), and the next write stores it in the current
schema. A file from a newer version of the app is left alone (`NewerSchemaError`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from facilitator.i18n import _
from facilitator.storage.atomic import write_new
from facilitator.storage.guarded import UnreadableFile
from facilitator.storage.journal import NewerSchemaError
from facilitator.storage.journaled import JournalStorage
from facilitator.storage.paths import private_folder

SCHEMA_VERSION = 5
"""1: the first release. 2: meeting date, scheme, mentee and mentor cities; entry history,
ratings and the time of the last change. 3: the series a session belongs to (its id and
the session's number in it), and where a carried-over action came from. 4: concerns to
report, and the action each raised; the form field a note fills in. 5: the next meeting
agreed in the last block, and when a finished meeting was last corrected."""


def _migrate_1_to_2(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for doc in data.get("meta", {}).values():
        created = float(doc["created_at"])
        doc.setdefault("date", time.strftime("%Y-%m-%d", time.localtime(created)))
        for key in ("scheme", "mentee_city", "mentor_city"):
            doc.setdefault(key, "")
    for doc in data.get("entries", {}).values():
        doc.setdefault("rating", None)
        doc.setdefault("updated_at", None)
        doc.setdefault("history", [])
    return data


def _migrate_2_to_3(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for doc in data.get("meta", {}).values():
        doc.setdefault("series_id", "")
        doc.setdefault("series_number", 0)
    for doc in data.get("entries", {}).values():
        doc.setdefault("origin", None)
    return data


def _migrate_3_to_4(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for doc in data.get("entries", {}).values():
        doc.setdefault("concern", False)
        doc.setdefault("raised_for", "")
        doc.setdefault("field", "")
    return data


def _migrate_4_to_5(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for doc in data.get("meta", {}).values():
        doc.setdefault("next_meeting", None)
        doc.setdefault("corrected_at", None)
    return data


MIGRATIONS = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
}
"""`MIGRATIONS[n]` turns a version-n file's data into version n+1."""


def schema_of(data: dict[str, dict[str, Any]]) -> int:
    """The schema version a session file's data says it has."""
    meta = data.get("meta") or {}
    if not isinstance(meta, dict) or not meta:
        raise UnreadableFile(_("the file holds no session details"))
    first = next(iter(meta.values()))
    version = first.get("schema", 1) if isinstance(first, dict) else None
    if not isinstance(version, int) or version < 1:
        raise UnreadableFile(
            _("the schema version {version} is not one this app knows").format(
                version=repr(version)
            )
        )
    return version


def migrate(data: dict[str, dict[str, Any]]) -> int:
    """Bring `data` (changed in place) to `SCHEMA_VERSION`; return the version it had.

    Raises:
        NewerSchemaError: the data comes from a newer version of the app.
        UnreadableFile: it names no version at all.
    """
    original = version = schema_of(data)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            _(
                "this session was saved by a newer version of facilitator (schema {version}; "
                "this one reads up to {known}); update facilitator to open it"
            ).format(version=version, known=SCHEMA_VERSION)
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    for doc in data["meta"].values():
        doc["schema"] = SCHEMA_VERSION
    return original


def keep_original(path: Path, migrated: Path, session_id: str, version: int) -> Path:
    """Keep the session file at `path`, of schema `version`, as it is on disk, in the
    folder `migrated`, before it is first written in the current schema: a migration that
    went wrong can then be undone by hand. Never overwrites a copy kept before."""
    private_folder(migrated)
    return write_new(migrated / f"{session_id}.v{version}.json", path.read_bytes())


__all__ = ["SCHEMA_VERSION", "NewerSchemaError", "SessionStorage", "keep_original", "migrate"]


class SessionStorage(JournalStorage):
    """The storage of one session file: a snapshot and its journal
    (`facilitator.storage.journaled`), and older schemas migrated on read.

    `migrated_from` is the version the file had on disk when it was older than
    `SCHEMA_VERSION`; the file itself changes only at the next write.
    """

    def __init__(
        self, path: str | Path, previous: Path | None = None, compact_min: int | None = None
    ) -> None:
        super().__init__(path, previous, compact_min)
        self.migrated_from: int | None = None

    def _load(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, migrated to the current schema (in memory)."""
        data = super()._load()
        if data is None:
            return None
        try:
            original = migrate(data)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise UnreadableFile(_("cannot migrate it: {reason}").format(reason=exc)) from exc
        if original != SCHEMA_VERSION:
            self.migrated_from = original
        return data
