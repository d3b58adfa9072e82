"""Rebuilding a damaged profile database from whatever can still be read.

Local work (unsent ops, drafts, intakes, attachment records) is copied first: it exists nowhere
else. Server rows are copied too where readable, but the pull cursor is cleared so the next
sync fetches the whole scope again and fills any gap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from localdb import migrate
from localdb.cipher import DATABASE_ERRORS, DB_ERRORS, connect, pragma_key
from localdb.engine import make_engine
from localdb.profile import DB_NAME
from localdb.sqltypes import utcnow

# Local work first; then what the server can send again.
COPY_ORDER = (
    "outbox",
    "draft",
    "intake",
    "blob",
    "conflict",
    "local_user",
    "sync_state",
    "audit",
    "followup",
    "report",
    "reference",
    "sync_log",
)
_CHUNK = 256
_MAX_EMPTY_WINDOWS = 64


@dataclass
class RecoveryResult:
    damaged_copy: Path
    copied: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)  # row ids that failed to read


def recover(
    profile_folder: Path, *, now: dt.datetime | None = None, key: bytes | None = None
) -> Path:
    """Move the damaged database aside, build a new one, copy every readable row into it.

    `key` is the profile's data key (None for a plain profile); the new database is encrypted
    with it too. Returns the path the damaged file was moved to (kept for the record).
    """
    return recover_with_report(profile_folder, now=now, key=key).damaged_copy


def recover_with_report(
    profile_folder: Path, *, now: dt.datetime | None = None, key: bytes | None = None
) -> RecoveryResult:
    db_path = profile_folder / DB_NAME
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    aside = profile_folder / f"damaged-{stamp}.db"
    for suffix in ("", "-wal", "-shm"):
        # The -wal file holds committed work too; it moves with the database, keeping its name
        # in step so SQLite still reads it from the moved copy.
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    engine = make_engine(db_path, key=key)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    result = RecoveryResult(aside)
    copy_all(aside, db_path, result, key=key)
    return result


def copy_all(
    src_path: Path,
    dst_path: Path,
    result: RecoveryResult,
    *,
    key: bytes | None = None,
    newer: bool = False,
) -> None:
    """Copy every readable row. `newer`: the source is newer than what `dst` holds (a backup
    put in place first), so its rows replace the ones there instead of yielding to them.
    `key` opens both files of an encrypted profile."""
    src = _connect_damaged(src_path, key)
    # A damaged or truncated file often cannot even parse its schema any more; SQLite still
    # reads the tables' own pages when told not to trust it.
    with contextlib.suppress(*DB_ERRORS):
        src.execute("PRAGMA writable_schema=ON")
    dst = connect(dst_path, key)
    dst.isolation_level = None
    try:
        dst.execute("BEGIN IMMEDIATE")
        for table in COPY_ORDER:
            _copy_table(src, dst, table, result, "REPLACE" if newer else "IGNORE")
        after_copy(dst)
        dst.execute("COMMIT")
    finally:
        src.close()
        dst.close()


def _connect_damaged(path: Path, key: bytes | None) -> Any:
    """Open the damaged copy without insisting its first page reads (it may be the bad one)."""
    try:
        return connect(path, key)
    except DB_ERRORS:
        conn = sqlcipher.connect(str(path)) if key is not None else sqlite3.connect(str(path))
        if key is not None:
            conn.execute(pragma_key(key))
        return conn


def _columns(conn: Any, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _copy_table(
    src: Any, dst: Any, table: str, result: RecoveryResult, verb: str = "IGNORE"
) -> None:
    try:
        wanted = [c for c in _columns(dst, table) if c in set(_columns(src, table))]
    except DATABASE_ERRORS:
        wanted = []
    if not wanted:
        result.unreadable[table] = -1  # the table itself could not be read
        return
    names = ", ".join(f'"{c}"' for c in wanted)
    insert = f'INSERT OR {verb} INTO "{table}" ({names}) VALUES ({", ".join("?" * len(wanted))})'
    copied = failed = 0
    for ok, row in _readable_rows(src, table, names):
        try:
            if ok:
                dst.execute(insert, row)
                copied += 1
                continue
        except DB_ERRORS:  # e.g. a damaged JSON value the search trigger cannot read
            pass
        failed += 1
    result.copied[table] = copied
    result.unreadable[table] = failed


def _readable_rows(src: Any, table: str, names: str) -> Iterator[tuple[bool, tuple[object, ...]]]:
    """Rows in rowid order; past a damaged page, probe rowid by rowid up to the highest one."""
    try:
        top = src.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    except DATABASE_ERRORS:
        top = None
    last = 0
    empty_windows = 0
    while True:
        try:
            # A damaged first page may fail the statement itself, not only a later row.
            cursor = src.execute(
                f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid', (last,)
            )
            for row in cursor:
                last = row[0]
                yield True, tuple(row[1:])
            return
        except DATABASE_ERRORS:
            pass
        # A damaged stretch: step over it one rowid at a time.
        end = last + _CHUNK if top is None else min(top, last + _CHUNK)
        if end <= last or empty_windows >= _MAX_EMPTY_WINDOWS:
            return
        found = False
        for rowid in range(last + 1, end + 1):
            try:
                row = src.execute(
                    f'SELECT rowid, {names} FROM "{table}" WHERE rowid = ?', (rowid,)
                ).fetchone()
            except DATABASE_ERRORS:
                yield False, ()
                continue
            if row is not None:
                found = True
                yield True, tuple(row[1:])
        # Without a known highest rowid, give up after a long run of nothing.
        empty_windows = 0 if found or top is not None else empty_windows + 1
        last = end


def after_copy(dst: Any) -> None:
    dst.execute("INSERT OR IGNORE INTO sync_state (id, last_seq) VALUES (1, 0)")
    # Pull everything again: server rows lost with the damage come back on the next sync.
    dst.execute("UPDATE sync_state SET cursor = NULL")
    # Op numbers keep rising past every number already used.
    top = dst.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]
    dst.execute("UPDATE sync_state SET last_seq = max(last_seq, ?)", (top,))
    # Ops caught mid-send were maybe delivered; the server's op_id check makes resending safe.
    dst.execute("UPDATE outbox SET state = 'pending' WHERE state = 'sending'")
