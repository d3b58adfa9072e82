"""Copies of a profile database taken with SQLite's online backup API, and their rotation.

A backup is a complete, consistent database file: it can be opened directly, or copied over
the profile's database to go back to that moment.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from localdb.cipher import connect, private_file, private_folder
from localdb.sqltypes import utcnow

PREFIX = "simpul-"
SUFFIX = ".db"
_STAMP = "%Y%m%dT%H%M%S%fZ"
DEFAULT_KEEP = 7
DAILY = dt.timedelta(hours=24)


def make_backup(
    db_path: Path,
    backup_dir: Path,
    *,
    reason: str,
    now: dt.datetime | None = None,
    key: bytes | None = None,
) -> Path:
    """Copy the database into `backup_dir` as `simpul-<UTC time>-<reason>.db` and return it.

    With the profile's `key` the copy is encrypted with it too (SQLCipher copies pages as they
    are), so a backup is as unreadable without the password as the database itself.
    """
    private_folder(backup_dir)
    stamp = (now or utcnow()).astimezone(dt.UTC).strftime(_STAMP)
    target = backup_dir / f"{PREFIX}{stamp}-{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    source = connect(db_path, key, read_only=True)
    try:
        dest = connect(partial, key)
        private_file(partial)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    _fsync(partial)
    # Written under another name first, so a crash never leaves a half backup that looks whole.
    os.replace(partial, target)
    return target


def backup_time(path: Path) -> dt.datetime | None:
    """The UTC time in a backup's file name, or None for a file that is not a backup."""
    name = path.name
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    stamp = name[len(PREFIX) :].split("-", 1)[0]
    try:
        return dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups in `backup_dir`, oldest first."""
    if not backup_dir.is_dir():
        return []
    found = [(t, p) for p in backup_dir.iterdir() if (t := backup_time(p)) is not None]
    return [p for _, p in sorted(found)]


def rotate_backups(backup_dir: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns the deleted files."""
    backups = list_backups(backup_dir)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_if_due(
    db_path: Path,
    backup_dir: Path,
    *,
    now: dt.datetime | None = None,
    keep: int = DEFAULT_KEEP,
    max_age: dt.timedelta = DAILY,
    key: bytes | None = None,
) -> Path | None:
    """Take a daily backup when the newest one is `max_age` old or older (or there is none)."""
    now = now or utcnow()
    backups = list_backups(backup_dir)
    newest = backup_time(backups[-1]) if backups else None
    if newest is not None and now - newest < max_age:
        return None
    made = make_backup(db_path, backup_dir, reason="daily", now=now, key=key)
    rotate_backups(backup_dir, keep)
    return made


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
