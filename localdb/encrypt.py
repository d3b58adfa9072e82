"""Turning a plain profile (written before encryption at rest) into an encrypted one, in place.

Every step can be interrupted and run again: the key file is written first, the database is
copied into an encrypted file that replaces the plain one in one rename, and each blob and
backup is sealed through a temporary name (a file that already starts with the encrypted
header is left alone). Opening the profile with its key finishes whatever a crash left undone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from localdb.cipher import (
    encrypt_file,
    file_key,
    is_encrypted_file,
    is_plain_database,
    pragma_key,
    tighten_tree,
)

DB_NAME = "simpul.db"
BLOB_DIR_NAME = "blobs"
BACKUP_DIR_NAME = "backups"


def needs_encrypting(folder: Path) -> bool:
    return is_plain_database(folder / DB_NAME) or _plain_backups(folder) != []


def encrypt_profile(folder: Path, key: bytes) -> None:
    """Encrypt the database, blobs and backups of the profile in `folder` with `key`."""
    db_path = folder / DB_NAME
    if is_plain_database(db_path):
        _encrypt_database(db_path, key)
        _erase_password_verifier(db_path, key)
    blob_key = file_key(key, b"blobs")
    blob_dir = folder / BLOB_DIR_NAME
    if blob_dir.is_dir():
        for path in sorted(blob_dir.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and not is_encrypted_file(path):
                encrypt_file(path, path, blob_key)
    for path in _plain_backups(folder):
        _encrypt_database(path, key)
    for path in folder.glob("damaged-*.db"):
        if is_plain_database(path):
            _encrypt_database(path, key)
    tighten_tree(folder)


def _plain_backups(folder: Path) -> list[Path]:
    backups = folder / BACKUP_DIR_NAME
    if not backups.is_dir():
        return []
    return [p for p in sorted(backups.glob("*.db")) if is_plain_database(p)]


def _encrypt_database(path: Path, key: bytes) -> None:
    """Replace the plain SQLite file at `path` by an encrypted copy with the same content."""
    import sqlcipher3.dbapi2 as sqlcipher

    _fold_wal(path)
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        attach = pragma_key(key).replace("PRAGMA key = ", "")
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {attach}", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    _fsync(target)
    os.replace(target, path)


def _erase_password_verifier(path: Path, key: bytes) -> None:
    """The key file proves the password from now on: no hash of it stays beside the data."""
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        conn.execute(pragma_key(key))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "local_user" in tables:
            conn.execute("UPDATE local_user SET verifier = NULL")
    finally:
        conn.close()


def _fold_wal(path: Path) -> None:
    """Write a plain database's WAL into it and drop the WAL, so one file holds everything.

    A stale plain -wal beside the encrypted file would be read as garbage, so it must go first.
    """
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            if Path(f"{path}{suffix}").stat().st_size == 0 or suffix == "-shm":
                Path(f"{path}{suffix}").unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
