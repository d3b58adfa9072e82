"""A user profile on disk: one folder holding the database, attachment files and backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import platformdirs
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from localdb import migrate
from localdb.backup import DEFAULT_KEEP, backup_if_due, make_backup, rotate_backups
from localdb.engine import BEGIN_OPTION, make_engine
from localdb.errors import ProfileDamagedError, ProfileTooNewError

APP_NAME = "Simpul"
DB_NAME = "simpul.db"
BLOB_DIR_NAME = "blobs"
BACKUP_DIR_NAME = "backups"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Names Windows reserves for devices, with or without an extension ("CON", "nul.txt", "COM1").
_WINDOWS_RESERVED = re.compile(
    r"^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.I
)


def default_profiles_root() -> Path:
    """Where profiles live unless the user chose another place (the OS's user data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def profile_folder(name: str, root: Path | None = None) -> Path:
    """The folder of the profile `name` (a user name or similar; no path separators).

    Only names every supported OS can store: Windows refuses device names (CON, NUL, COM1...)
    and silently drops a trailing dot or space, which would make two names one folder.
    """
    if not _PROFILE_NAME.match(name) or name.endswith((".", " ")) or _WINDOWS_RESERVED.match(name):
        raise ValueError(f"invalid profile name {name!r}")
    return (root or default_profiles_root()) / name


class Profile:
    """An open profile. Sessions come from `session()` (writes) or `read_session()` (reads)."""

    def __init__(self, folder: Path, engine: Engine, *, keep_backups: int = DEFAULT_KEEP) -> None:
        self.folder = folder
        self.engine = engine
        self.keep_backups = keep_backups
        self.checks_pending = False
        self._damaged: ProfileDamagedError | None = None
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{BEGIN_OPTION: "DEFERRED"}), expire_on_commit=False
        )

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        key: str | None = None,
        keep_backups: int = DEFAULT_KEEP,
        now: dt.datetime | None = None,
        defer_checks: bool = False,
    ) -> Profile:
        """Open (or create) the profile in `folder`, migrating its database when needed.

        Raises ProfileDamagedError when SQLite's quick check fails and ProfileTooNewError when a
        newer app wrote the database; in both cases the file is left as it was.

        With `defer_checks`, a database that needs no migration opens without the quick check
        and the daily backup (a few hundred milliseconds at 100,000 reports); the caller then
        runs `run_deferred_checks()` off the UI thread before anything writes. A database that
        needs migrating is always checked first.
        """
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / DB_NAME
        revision = _inspect_existing(db_path, quick_check=not defer_checks)
        deferred = defer_checks and revision == migrate.HEAD
        if defer_checks and not deferred:
            _quick_check(db_path)  # never migrate a file that was not checked
        engine = make_engine(db_path, key=key)
        try:
            if revision != migrate.HEAD:
                if revision is not None:
                    make_backup(db_path, folder / BACKUP_DIR_NAME, reason=f"from-{revision}")
                    rotate_backups(folder / BACKUP_DIR_NAME, keep_backups)
                migrate.upgrade(engine)
            if not deferred:
                backup_if_due(db_path, folder / BACKUP_DIR_NAME, now=now, keep=keep_backups)
        except BaseException:
            engine.dispose()
            raise
        profile = cls(folder, engine, keep_backups=keep_backups)
        profile.checks_pending = deferred
        profile.blob_dir.mkdir(exist_ok=True)
        return profile

    def run_deferred_checks(self, *, now: dt.datetime | None = None) -> None:
        """The quick check and the daily backup that `open(defer_checks=True)` left out.

        Slow (it reads the whole file): run it on a background thread. When the check fails,
        every later `session()` raises the same ProfileDamagedError, so nothing writes to a
        damaged file; the caller tells the user (recovery is `localdb.recovery.recover`).
        """
        if not self.checks_pending:
            return
        try:
            _quick_check(self.db_path)
        except ProfileDamagedError as exc:
            self._damaged = exc
            raise
        backup_if_due(self.db_path, self.backup_dir, now=now, keep=self.keep_backups)
        self.checks_pending = False

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    @property
    def blob_dir(self) -> Path:
        return self.folder / BLOB_DIR_NAME

    @property
    def backup_dir(self) -> Path:
        return self.folder / BACKUP_DIR_NAME

    def session(self) -> Session:
        """A new Session whose transactions take the write lock at BEGIN (use for writes)."""
        if self._damaged is not None:
            raise self._damaged
        return self._sessions()

    def read_session(self) -> Session:
        """A new Session for reading only: its transactions never wait for the write lock."""
        return self._read_sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Profile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _inspect_existing(db_path: Path, *, quick_check: bool = True) -> str | None:
    """The Alembic revision of an existing database (None when there is none yet).

    Read-only, so a database that is refused keeps every byte as it was.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    with _read_only(db_path) as conn:
        if quick_check:
            _check(conn, db_path)
        return _revision_of(conn, db_path)


def _quick_check(db_path: Path) -> None:
    """Raise ProfileDamagedError unless SQLite's quick check of an existing file passes."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    with _read_only(db_path) as conn:
        _check(conn, db_path)


@contextlib.contextmanager
def _read_only(db_path: Path) -> Iterator[sqlite3.Connection]:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ProfileDamagedError(db_path, str(exc)) from exc
    try:
        yield conn
    except sqlite3.DatabaseError as exc:
        raise ProfileDamagedError(db_path, str(exc)) from exc
    finally:
        conn.close()


def _check(conn: sqlite3.Connection, db_path: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise ProfileDamagedError(db_path, "; ".join(str(p) for p in problems[:5]))


def _revision_of(conn: sqlite3.Connection, db_path: Path) -> str | None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables:
            raise ProfileDamagedError(db_path, "not a Simpul profile database")
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        return None
    revision = str(row[0])
    if not migrate.is_known_revision(revision):
        raise ProfileTooNewError(db_path, revision)
    return revision
