"""Encryption at rest: SQLCipher connections, the AES-GCM blob format, file permissions.

A profile has one random 32-byte data key (`localdb.keybox` keeps it wrapped by the user's
password). SQLCipher gets it as a raw key (no second key derivation per connection); files get
sub-keys derived from it with HKDF, so one key never serves two ciphers.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import sqlcipher3.dbapi2 as sqlcipher
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
SQLITE_MAGIC = b"SQLite format 3\x00"
# Both drivers' errors: plain profiles (and their migration) use the standard library's sqlite3.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)

FOLDER_MODE = 0o700
FILE_MODE = 0o600


class BlobCorrupt(Exception):
    """An encrypted file whose bytes do not authenticate (damaged, truncated or swapped)."""


def pragma_key(key: bytes) -> str:
    """The PRAGMA that gives SQLCipher a raw 256-bit key (hex, never a passphrase)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path | str, key: bytes | None, *, read_only: bool = False) -> Any:
    """A DB-API connection to a profile database: SQLCipher when keyed, plain sqlite3 when not."""
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    if key is None:
        return sqlite3.connect(uri, uri=True)
    conn = sqlcipher.connect(uri, uri=True)
    try:
        conn.execute(pragma_key(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def is_plain_database(path: Path) -> bool:
    """True for an unencrypted SQLite file (its header is readable text)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except FileNotFoundError:
        return False


def file_key(key: bytes, purpose: bytes) -> bytes:
    """A sub-key of the data key for one purpose (b"blobs", b"export", ...)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(key)


# --- permissions ----------------------------------------------------------------------------------


def private_folder(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    _chmod(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> None:
    _chmod(path, FILE_MODE)


def tighten_tree(folder: Path) -> None:
    """Folders 0700, files 0600 everywhere under `folder` (profiles made by older versions)."""
    _chmod(folder, FOLDER_MODE)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            _chmod(Path(root, name), FOLDER_MODE)
        for name in files:
            _chmod(Path(root, name), FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    if os.name != "posix":
        return  # Windows: the user's profile folder ACLs already keep other users out
    with contextlib.suppress(FileNotFoundError):
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)


# --- encrypted files ------------------------------------------------------------------------------
# Layout: MAGIC (8) | nonce prefix (8) | chunks. Each chunk is up to CHUNK plaintext bytes sealed
# with AES-256-GCM (nonce = prefix + 4-byte chunk number, AAD = MAGIC + final flag), so any chunk
# can be read on its own (uploads resume mid-file) and a cut-off file fails to authenticate.

BLOB_MAGIC = b"SMPLENC1"
CHUNK = 64 * 1024
_TAG = 16
_HEADER = len(BLOB_MAGIC) + 8


def is_encrypted_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(BLOB_MAGIC)) == BLOB_MAGIC
    except FileNotFoundError:
        return False


def plain_size(encrypted_size: int) -> int:
    body = encrypted_size - _HEADER
    chunks = max(1, -(-body // (CHUNK + _TAG)))
    return body - chunks * _TAG


class FileSealer:
    """Writes one encrypted file chunk by chunk: `write()` any amount, then `close()`."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = os.urandom(8)
        self._index = 0
        self._buffer = bytearray()
        out.write(BLOB_MAGIC + self._prefix)

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]

    def close(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, chunk: bytes, *, final: bool) -> None:
        nonce = self._prefix + self._index.to_bytes(4, "big")
        self._out.write(self._aead.encrypt(nonce, chunk, BLOB_MAGIC + bytes([final])))
        self._index += 1


class SealedReader:
    """Reads an encrypted file as its plaintext: `seek`, `read`, `tell` like a binary file."""

    def __init__(self, path: Path | str, key: bytes) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 - closed by close()/__exit__
        header = self._fh.read(_HEADER)
        if len(header) != _HEADER or header[: len(BLOB_MAGIC)] != BLOB_MAGIC:
            self._fh.close()
            raise BlobCorrupt("not an encrypted file")
        self._prefix = header[len(BLOB_MAGIC) :]
        self._aead = AESGCM(key)
        self._size = plain_size(os.fstat(self._fh.fileno()).st_size)
        self._pos = 0

    @property
    def size(self) -> int:
        return self._size

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        end = self._size if n < 0 else min(self._size, self._pos + n)
        parts: list[bytes] = []
        while self._pos < end:
            index, skip = divmod(self._pos, CHUNK)
            chunk = self._chunk(index)[skip : skip + end - self._pos]
            if not chunk:
                break
            parts.append(chunk)
            self._pos += len(chunk)
        return b"".join(parts)

    def verify(self) -> None:
        """Authenticate every chunk (a whole-file check; raises BlobCorrupt)."""
        for index in range(max(1, -(-self._size // CHUNK))):
            self._chunk(index)

    def _chunk(self, index: int) -> bytes:
        self._fh.seek(_HEADER + index * (CHUNK + _TAG))
        sealed = self._fh.read(CHUNK + _TAG)
        last = (index + 1) * CHUNK >= self._size
        nonce = self._prefix + index.to_bytes(4, "big")
        try:
            return self._aead.decrypt(nonce, sealed, BLOB_MAGIC + bytes([last]))
        except InvalidTag as exc:
            raise BlobCorrupt(f"chunk {index} does not authenticate") from exc

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> SealedReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_file(path: Path | str, key: bytes | None) -> Any:
    """A readable binary file of the plaintext: decrypting when keyed, the file itself if not."""
    if key is None:
        return open(path, "rb")
    return SealedReader(path, key)


def encrypt_file(src: Path, dest: Path, key: bytes) -> None:
    """Write `src` encrypted to `dest` (through a temporary name; fsynced, 0600)."""
    tmp = dest.with_name(dest.name + ".sealing")
    try:
        with open(src, "rb") as inp, open(tmp, "wb") as out:
            private_file(tmp)
            sealer = FileSealer(out, key)
            while block := inp.read(CHUNK):
                sealer.write(block)
            sealer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def decrypt_to(src: Path, dest: Path, key: bytes | None) -> None:
    """Write the plaintext of `src` to `dest` (0600), checking every chunk on the way."""
    tmp = dest.with_name(dest.name + ".opening")
    try:
        with open_file(src, key) as inp, open(tmp, "wb") as out:
            private_file(tmp)
            while block := inp.read(CHUNK):
                out.write(block)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def iter_plain(path: Path, key: bytes | None) -> Iterator[bytes]:
    with open_file(path, key) as fh:
        while block := fh.read(CHUNK):
            yield block
