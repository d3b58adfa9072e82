"""A user profile on disk: one folder holding the database, attachment files and backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from localdb import journal, keybox, migrate, news, presence
from localdb.backup import DEFAULT_KEEP, backup_if_due, make_backup, rotate_backups
from localdb.cipher import (
    DATABASE_ERRORS,
    DB_ERRORS,
    connect,
    file_key,
    is_plain_database,
    private_file,
    private_folder,
)
from localdb.encrypt import encrypt_profile, needs_encrypting
from localdb.engine import BEGIN_OPTION, make_engine
from localdb.errors import (
    ProfileDamagedError,
    ProfileLockedError,
    ProfileTooNewError,
    WrongPasswordError,
)
from localdb.models import LocalUserRow
from localdb.sqltypes import utcnow

DB_NAME = "simpul.db"
BLOB_DIR_NAME = "blobs"
BACKUP_DIR_NAME = "backups"
VIEW_DIR_NAME = "view"
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class Profile:
    """An open profile. Sessions come from `session()` (writes) or `read_session()` (reads)."""

    def __init__(
        self,
        folder: Path,
        engine: Engine,
        *,
        key: bytes | None = None,
        keep_backups: int = DEFAULT_KEEP,
    ) -> None:
        self.folder = folder
        self.engine = engine
        self.key = key
        # Attachment files are sealed with their own sub-key (None: a plain profile).
        self.blob_key = file_key(key, b"blobs") if key is not None else None
        self.keep_backups = keep_backups
        self._damaged: ProfileDamagedError | None = None
        # Set once the file is known sound (checked at open, or by the deferred checks).
        self._checked = threading.Event()
        self._checked.set()
        # Held while the deferred quick check runs; a write that finds no check run yet takes
        # it and runs the check itself, so no write ever lands in an unchecked file.
        self._checking = threading.Lock()
        self._deferred_done = True  # the backup and the pruning after a deferred check
        self._running = threading.Lock()  # held by the deferred checks; close() waits for it
        self._watch = _CheckWatch()  # lets close() stop a deferred check mid-read
        event.listen(engine, "before_cursor_execute", self._before_statement)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{BEGIN_OPTION: "DEFERRED"}), expire_on_commit=False
        )

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        key: bytes | None = None,
        keep_backups: int = DEFAULT_KEEP,
        now: dt.datetime | None = None,
        defer_checks: bool = False,
        on_upgrade: Callable[[], None] | None = None,
    ) -> Profile:
        """Open (or create) the profile in `folder`, migrating its database when needed.

        `key` is the profile's data key (see `open_with_password`): the database, its backups
        and blobs are encrypted with it, and a plain profile left by an older version is
        encrypted in place first. Without a key the profile is plain (benchmarks and tests of
        the plain format); a folder that holds a key file then raises ProfileLockedError.

        Raises ProfileDamagedError when SQLite's quick check fails and ProfileTooNewError when a
        newer app wrote the database; in both cases the file is left as it was.

        With `defer_checks`, a database that needs no migration opens without the quick check
        and the daily backup (a few hundred milliseconds at 100,000 reports); the caller then
        runs `run_deferred_checks()` off the UI thread before anything writes. A database that
        needs migrating is always checked first.

        `on_upgrade` is called before the slow work an older version's profile needs (it is
        encrypted, or its database migrated), so the login can tell the user what is happening.
        """
        private_folder(folder)
        db_path = folder / DB_NAME
        presence.check_not_lost(folder, db_path, folder / BACKUP_DIR_NAME)
        if key is None and keybox.has_key(folder):
            raise ProfileLockedError(folder)
        if key is not None and needs_encrypting(folder):
            if on_upgrade is not None:
                on_upgrade()
            if is_plain_database(db_path):
                _quick_check(db_path, None)  # never rewrite a file that was not checked
            encrypt_profile(folder, key)
        revision = _inspect_existing(db_path, key, quick_check=not defer_checks)
        deferred = defer_checks and revision == migrate.HEAD
        if defer_checks and not deferred:
            _quick_check(db_path, key)  # never migrate a file that was not checked
        engine = make_engine(db_path, key=key)
        backups = folder / BACKUP_DIR_NAME
        try:
            if revision != migrate.HEAD:
                if revision is not None:
                    if on_upgrade is not None:
                        on_upgrade()
                    make_backup(db_path, backups, reason=f"from-{revision}", key=key)
                    rotate_backups(backups, keep_backups)
                migrate.upgrade(engine)
            if not deferred:
                backup_if_due(db_path, backups, now=now, keep=keep_backups, key=key)
        except BaseException:
            engine.dispose()
            raise
        profile = cls(folder, engine, key=key, keep_backups=keep_backups)
        if deferred:
            profile._checked.clear()
            profile._deferred_done = False
        shutil.rmtree(profile.view_dir, ignore_errors=True)  # left by a crash
        private_folder(profile.blob_dir)
        for suffix in ("", "-wal", "-shm"):
            private_file(Path(f"{db_path}{suffix}"))
        presence.mark_present(folder)
        # The op journal beside the database is sealed with the same key.
        journal.use_codec(folder, journal.journal_codec(key))
        return profile

    @property
    def checks_pending(self) -> bool:
        """True until the deferred checks have found the file sound."""
        return not self._checked.is_set()

    def run_deferred_checks(self, *, now: dt.datetime | None = None) -> None:
        """The quick check and the daily backup that `open(defer_checks=True)` left out, then
        the notices the user saw more than `news.SEEN_KEPT` ago are forgotten.

        Slow (it reads the whole file, 2-3 s at 100,000 reports encrypted): run it on a thread
        of its own. Reads go on meanwhile; the first write waits for the quick check (or, when
        no check is running, runs it). When the check fails, that write and every later
        `session()` raise the same ProfileDamagedError, so nothing writes to a damaged file;
        the caller tells the user (recovery is `localdb.recovery.recover`).
        """
        with self._running:
            if self._watch.stopped or self._deferred_done:  # stopped: closed, or closing
                return
            with self._checking:
                if not self._checked.is_set():  # a write may have run it already
                    try:
                        self._check_now(self._watch)
                    except CheckStopped:
                        return  # `stop_checks`: still pending; the next open checks again
            if self._watch.stopped:
                return  # the daily backup waits for the next open too
            backup_if_due(
                self.db_path, self.backup_dir, now=now, keep=self.keep_backups, key=self.key
            )
            self._prune_seen_news(now or utcnow())
            self._deferred_done = True

    def stop_checks(self) -> None:
        """Stop the deferred checks if they are still reading the file (a logout or a quit in
        the first seconds after login need not wait for them). What they had not finished
        stays undone: the file is not taken as sound, so a write still runs the quick check
        first, and the next open checks it again. `close()` calls it."""
        self._watch.stop()

    def _check_now(self, watch: _CheckWatch | None = None) -> None:
        """The quick check; the caller holds `_checking`."""
        if self._damaged is not None:
            raise self._damaged
        try:
            _quick_check(self.db_path, self.key, watch)
        except ProfileDamagedError as exc:
            self._damaged = exc
            raise
        self._checked.set()

    def _before_statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """Every statement the engine runs: a write waits until the file is known sound."""
        if self._checked.is_set() or not _WRITE.match(statement):
            return
        with self._checking:
            if not self._checked.is_set():
                self._check_now()

    def _prune_seen_news(self, now: dt.datetime) -> None:
        with self.session() as s, s.begin():
            row = s.get(LocalUserRow, 1)
            user_id = (row.user or {}).get("id") if row is not None else None
            news.prune_seen(s, str(user_id) if user_id else None, before=now - news.SEEN_KEPT)

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    @property
    def blob_dir(self) -> Path:
        return self.folder / BLOB_DIR_NAME

    @property
    def backup_dir(self) -> Path:
        return self.folder / BACKUP_DIR_NAME

    @property
    def view_dir(self) -> Path:
        """Decrypted copies of attachments the user opened; emptied when the profile closes."""
        return self.folder / VIEW_DIR_NAME

    def session(self) -> Session:
        """A new Session whose transactions take the write lock at BEGIN (use for writes)."""
        if self._damaged is not None:
            raise self._damaged
        return self._sessions()

    def read_session(self) -> Session:
        """A new Session for reading only: its transactions never wait for the write lock."""
        return self._read_sessions()

    def close(self) -> None:
        self.stop_checks()  # and none starts after this
        with self._running:  # a backup the deferred checks are still copying ends first
            pass
        self.engine.dispose()
        shutil.rmtree(self.view_dir, ignore_errors=True)
        journal.use_codec(self.folder, None)

    def __enter__(self) -> Profile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _inspect_existing(db_path: Path, key: bytes | None, *, quick_check: bool = True) -> str | None:
    """The Alembic revision of an existing database (None when there is none yet).

    Read-only, so a database that is refused keeps every byte as it was.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    with _read_only(db_path, key) as conn:
        if quick_check:
            _check(conn, db_path)
        return _revision_of(conn, db_path)


class CheckStopped(Exception):
    """A deferred quick check stopped by `Profile.stop_checks` before it finished: the file is
    neither sound nor damaged as far as anyone knows."""


class _CheckWatch:
    """The connection a deferred quick check reads with, so that another thread can interrupt
    it (SQLite's `interrupt` is meant to be called from another thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: Any = None
        self.stopped = False

    def enter(self, conn: Any) -> None:
        with self._lock:
            if self.stopped:
                raise CheckStopped()
            self._conn = conn

    def leave(self) -> None:
        with self._lock:
            self._conn = None

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            if self._conn is not None:
                self._conn.interrupt()


def _quick_check(db_path: Path, key: bytes | None, watch: _CheckWatch | None = None) -> None:
    """Raise ProfileDamagedError unless SQLite's quick check of an existing file passes;
    CheckStopped when `watch` was stopped before it finished."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    with _read_only(db_path, key) as conn:
        if watch is None:
            _check(conn, db_path)
            return
        watch.enter(conn)
        try:
            _check(conn, db_path)
        except DATABASE_ERRORS:
            if watch.stopped:  # interrupted, which says nothing about the file
                raise CheckStopped() from None
            raise
        finally:
            watch.leave()


@contextlib.contextmanager
def _read_only(db_path: Path, key: bytes | None) -> Iterator[Any]:
    try:
        conn = connect(db_path, key, read_only=True)
    except DB_ERRORS as exc:
        raise ProfileDamagedError(db_path, str(exc)) from exc
    try:
        yield conn
    except DATABASE_ERRORS as exc:
        raise ProfileDamagedError(db_path, str(exc)) from exc
    finally:
        conn.close()


def _check(conn: Any, db_path: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise ProfileDamagedError(db_path, "; ".join(str(p) for p in problems[:5]))


def _revision_of(conn: Any, db_path: Path) -> str | None:
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


def unlock_key(folder: Path, password: str) -> tuple[bytes, bool]:
    """The data key of the profile in `folder` for `password`, and whether it is provisional.

    - A key file: the password unwraps it, or WrongPasswordError (nothing changed).
    - A plain profile of an older version whose user once logged in: the password must match
      the verifier it kept (else WrongPasswordError, nothing changed); a new key is wrapped by
      it, and `Profile.open(key=...)` then encrypts the files in place.
    - No database, or one nobody ever logged in to: a new key, *provisional* (True): the caller
      checks the password with the server and calls `discard_provisional` if that fails, so a
      mistyped first password never locks the profile.
    """
    key = keybox.unlock_existing(folder, password)
    if key is not None:
        return key, False
    private_folder(folder)
    db_path = folder / DB_NAME
    if db_path.exists() and db_path.stat().st_size > 0 and not is_plain_database(db_path):
        # Encrypted, but its key file is gone: a new key would only hide that. Change nothing.
        raise ProfileDamagedError(db_path, "the profile's key file is missing")
    has_user, verifier = _legacy_user(db_path)
    if verifier is not None and not keybox.check_legacy_verifier(verifier, password):
        raise WrongPasswordError(folder)
    key = keybox.new_data_key()
    keybox.store(folder, key, password)
    return key, not has_user


def open_with_password(
    folder: Path, password: str, *, unwrapped: bytes | None = None, **options: Any
) -> tuple[Profile, bool]:
    """`unlock_key` then `Profile.open`; returns the profile and whether its key is provisional.
    `unwrapped` is the data key this password already unwrapped from the folder's key file
    (`keybox.unlock`): the login derives it while the store's modules are still loading."""
    key, provisional = (unwrapped, False) if unwrapped is not None else unlock_key(folder, password)
    try:
        return Profile.open(folder, key=key, **options), provisional
    except BaseException:
        if provisional:
            discard_provisional(folder)
        raise


def discard_provisional(folder: Path) -> None:
    """Forget a provisional key with the (empty) database made under it, and the marker that
    says a database existed here (it never held anything: a later open starts afresh)."""
    names = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", keybox.KEY_FILE_NAME)
    for name in (*names, presence.MARKER_NAME, journal.JOURNAL_NAME):
        (folder / name).unlink(missing_ok=True)
    shutil.rmtree(folder / BACKUP_DIR_NAME, ignore_errors=True)


def _legacy_user(db_path: Path) -> tuple[bool, str | None]:
    """Whether an older plain profile has a user, and the password verifier it kept."""
    if not is_plain_database(db_path):
        return False, None
    with _read_only(db_path, None) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "local_user" not in tables:
            return False, None
        row = conn.execute("SELECT verifier, user FROM local_user WHERE id = 1").fetchone()
    if row is None or row[1] is None:
        return False, None
    return True, str(row[0]) if row[0] else None
