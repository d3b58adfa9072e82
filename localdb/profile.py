"""A user profile on disk: one folder holding the database, attachment files and backups."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
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


def default_profiles_root() -> Path:
    """Where profiles live unless the user chose another place (the OS's user data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def profile_folder(name: str, root: Path | None = None) -> Path:
    """The folder of the profile `name` (a user name or similar; no path separators)."""
    if not _PROFILE_NAME.match(name) or name in {".", ".."}:
        raise ValueError(f"invalid profile name {name!r}")
    return (root or default_profiles_root()) / name


class Profile:
    """An open profile. Sessions come from `session()` (writes) or `read_session()` (reads)."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder
        self.engine = engine
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
    ) -> Profile:
        """Open (or create) the profile in `folder`, migrating its database when needed.

        Raises ProfileDamagedError when SQLite's quick check fails and ProfileTooNewError when a
        newer app wrote the database; in both cases the file is left as it was.
        """
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / DB_NAME
        revision = _inspect_existing(db_path)
        engine = make_engine(db_path, key=key)
        try:
            if revision != migrate.head_revision():
                if revision is not None:
                    make_backup(db_path, folder / BACKUP_DIR_NAME, reason=f"from-{revision}")
                    rotate_backups(folder / BACKUP_DIR_NAME, keep_backups)
                migrate.upgrade(engine)
            backup_if_due(db_path, folder / BACKUP_DIR_NAME, now=now, keep=keep_backups)
        except BaseException:
            engine.dispose()
            raise
        profile = cls(folder, engine)
        profile.blob_dir.mkdir(exist_ok=True)
        return profile

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


def _inspect_existing(db_path: Path) -> str | None:
    """The Alembic revision of an existing database (None when there is none yet).

    Read-only, so a database that is refused keeps every byte as it was.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ProfileDamagedError(db_path, str(exc)) from exc
    try:
        return _revision_of(conn, db_path)
    except sqlite3.DatabaseError as exc:
        raise ProfileDamagedError(db_path, str(exc)) from exc
    finally:
        conn.close()


def _revision_of(conn: sqlite3.Connection, db_path: Path) -> str | None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise ProfileDamagedError(db_path, "; ".join(str(p) for p in problems[:5]))
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
