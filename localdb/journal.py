"""An append-only journal of unsent operations, beside the profile database.

The outbox lives in the database; when the database file is lost or damaged beyond reading and
there is no usable backup, the ops the officer queued would be lost with it. So every op is also
appended to `outbox.journal` once its transaction has committed, and a `done` line is appended
once the server has acknowledged it. Recovery (`localdb.recovery.recover_profile`) puts back
every journalled op without a `done` line that the rebuilt database lacks, under the same
device id, so the server's (device id, op id) check still applies each op at most once.

One line per record. Lines pass through a `LineCodec`, so the journal can be encrypted like the
database (a codec that encrypts each line with the profile's key and base64-encodes it) without
touching anything else; `PlainCodec` writes JSON as it is. Each append is flushed and fsynced; a
torn last line (a crash mid-write) is skipped when reading.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session

JOURNAL_NAME = "outbox.journal"
COMPACT_ABOVE_BYTES = 1_000_000
_PENDING_KEY = "simpul_journal"


class LineCodec(Protocol):
    """Turns one record into one line and back (the line must not contain a newline)."""

    def encode(self, data: bytes) -> bytes: ...

    def decode(self, line: bytes) -> bytes: ...


class PlainCodec:
    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, line: bytes) -> bytes:
        return line


class SealedCodec:
    """Each line sealed with AES-GCM under a key derived from the profile's data key, then
    base64: the journal holds follow-up texts and walk-in identities, like the database."""

    def __init__(self, data_key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(hashlib.sha256(b"simpul-op-journal\0" + data_key).digest())

    def encode(self, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, data, None))

    def decode(self, line: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        raw = base64.b64decode(line, validate=True)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], None)
        except InvalidTag as exc:
            raise ValueError("journal line does not open with this key") from exc


def journal_codec(data_key: bytes | None) -> LineCodec:
    return PlainCodec() if data_key is None else SealedCodec(data_key)


# The codec of each open profile's journal (by folder), set when the profile opens.
_CODECS: dict[Path, LineCodec] = {}


def use_codec(folder: Path, codec: LineCodec | None) -> None:
    if codec is None:
        _CODECS.pop(folder.resolve(), None)
    else:
        _CODECS[folder.resolve()] = codec


@dataclass(frozen=True)
class JournalledOp:
    device_id: str
    op: dict[str, Any]  # op_id, seq, type, entity_id, base_version, payload, created_at


class OpJournal:
    def __init__(self, folder: Path, codec: LineCodec | None = None) -> None:
        self.path = folder / JOURNAL_NAME
        self.codec: LineCodec = codec or _CODECS.get(folder.resolve()) or PlainCodec()

    def append(self, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        lines = b"".join(
            self.codec.encode(json.dumps(r, ensure_ascii=False).encode()) + b"\n" for r in records
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "ab") as f:
            f.write(lines)
            f.flush()
            os.fsync(f.fileno())

    def records(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_bytes().split(b"\n"):
            if not line.strip():
                continue
            try:
                record = json.loads(self.codec.decode(line))
            except (ValueError, UnicodeDecodeError, binascii.Error):
                continue  # a torn last line, or a damaged one: the others still count
            if isinstance(record, dict):
                found.append(record)
        return found

    def open_ops(self) -> list[JournalledOp]:
        """Ops journalled and never acknowledged, in the order they were queued."""
        records = self.records()
        done = {r.get("op_id") for r in records if r.get("k") == "done"}
        ops: dict[str, JournalledOp] = {}
        for r in records:
            op = r.get("op")
            if r.get("k") == "op" and isinstance(op, dict) and op.get("op_id") not in done:
                ops[str(op["op_id"])] = JournalledOp(str(r.get("device_id") or ""), op)
        return sorted(ops.values(), key=lambda j: int(j.op.get("seq") or 0))

    def compact(self) -> None:
        """Rewrite the journal with only the open ops (atomically), once it has grown."""
        if not self.path.exists() or self.path.stat().st_size < COMPACT_ABOVE_BYTES:
            return
        keep = [{"k": "op", "device_id": j.device_id, "op": j.op} for j in self.open_ops()]
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_bytes(b"")
        os.chmod(partial, 0o600)
        fresh = OpJournal(self.path.parent, self.codec)
        fresh.path = partial
        fresh.append(keep)
        os.replace(partial, self.path)


def _folder_of(s: Session) -> Path | None:
    database = s.get_bind().engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).parent


def _after_commit(s: Session) -> None:
    pending = s.info.pop(_PENDING_KEY, None)
    folder = _folder_of(s)
    if pending and folder is not None:
        journal = OpJournal(folder)
        journal.append(pending)
        if any(r.get("k") == "done" for r in pending):
            journal.compact()  # acknowledgements are what make lines useless


def _after_rollback(s: Session) -> None:
    s.info.pop(_PENDING_KEY, None)


def _queue(s: Session, record: dict[str, Any]) -> None:
    if _PENDING_KEY not in s.info:
        s.info[_PENDING_KEY] = []
        if not event.contains(s, "after_commit", _after_commit):
            event.listen(s, "after_commit", _after_commit)
            event.listen(s, "after_soft_rollback", lambda sess, _tx: _after_rollback(sess))
    s.info[_PENDING_KEY].append(record)


def note_op(s: Session, device_id: str, op: dict[str, Any]) -> None:
    """Journal a queued op once the caller's transaction commits (never for a rolled-back one)."""
    _queue(s, {"k": "op", "device_id": device_id, "op": op})


def note_done(s: Session, op_id: str) -> None:
    """Journal that the server acknowledged an op, once the caller's transaction commits."""
    _queue(s, {"k": "done", "op_id": op_id})
