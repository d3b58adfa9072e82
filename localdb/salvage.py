""" "Pulihkan profil": rebuild a damaged or lost profile database, losing no unsent work.

In order, each step adding what the earlier ones could not give:

1. the damaged file (and its `-wal`) is moved aside as `damaged-<time>.db` and kept;
2. the newest backup that passes SQLite's quick check, if any, becomes the new database;
3. every row SQLite can still read from the damaged file is copied over it (newer than the
   backup, so its rows win; `localdb.recovery` reads past damaged pages and a broken schema);
4. every op of the journal (`localdb.journal`) that was never acknowledged and is not in the
   rebuilt outbox is put back as pending, under the device id it was queued with, with the
   attachment records whose files are still in the blob folder;
5. the cursor is cleared (the next sync reads the whole scope again) and ops caught mid-send go
   back to pending (the server's op id check makes sending them again safe).

`RecoveryReport.lines()` says what came from where, in Indonesian, for the app and the CLI.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from localdb import migrate
from localdb.attachments import blob_relpath
from localdb.backup import list_backups
from localdb.cipher import DB_ERRORS, connect
from localdb.engine import make_engine
from localdb.journal import JournalledOp, LineCodec, OpJournal, journal_codec
from localdb.models import Blob, Draft, Intake, LocalUserRow, Outbox, SyncState
from localdb.presence import mark_present
from localdb.profile import BACKUP_DIR_NAME, BLOB_DIR_NAME, DB_NAME
from localdb.recovery import RecoveryResult, after_copy, copy_all
from localdb.sqltypes import parse_wire_datetime, utcnow

UNSENT = ("pending", "sending", "conflict", "quarantined")


@dataclass
class RecoveryReport:
    damaged_copy: Path | None  # where the damaged file was kept (None: there was no file)
    backup_used: Path | None = None
    copied: dict[str, int] = field(default_factory=dict)  # rows read from the damaged file
    unreadable: dict[str, int] = field(default_factory=dict)
    from_journal: int = 0  # ops only the journal still had
    ops: dict[str, int] = field(default_factory=dict)  # outbox by state, after recovery
    drafts: int = 0
    intakes: int = 0

    @property
    def unsent(self) -> int:
        return sum(n for state, n in self.ops.items() if state in UNSENT)

    def lines(self) -> list[str]:
        kept = self.damaged_copy.name if self.damaged_copy else "tidak ada berkas"
        base = self.backup_used.name if self.backup_used else "tidak ada"
        read = sum(n for n in self.copied.values() if n > 0)
        return [
            f"Berkas rusak disimpan sebagai: {kept}",
            f"Cadangan yang dipakai: {base}",
            f"Baris terbaca dari berkas rusak: {read}",
            f"Operasi yang hanya ada di jurnal: {self.from_journal}",
            f"Operasi belum terkirim: {self.unsent}",
            f"Draf: {self.drafts}, laporan loket: {self.intakes}",
        ]


def recover_profile(
    folder: Path,
    *,
    now: dt.datetime | None = None,
    codec: LineCodec | None = None,
    key: bytes | None = None,
) -> RecoveryReport:
    """Rebuild the profile database in `folder` (see the module's docstring). `key` is the
    profile's data key for an encrypted profile: the files are opened, and rebuilt, with it."""
    db_path = folder / DB_NAME
    codec = codec or journal_codec(key)
    journalled = OpJournal(folder, codec).open_ops()  # read before anything moves
    aside = _move_aside(db_path, now or utcnow())
    report = RecoveryReport(aside)
    report.backup_used = _newest_usable_backup(folder / BACKUP_DIR_NAME, key)
    if report.backup_used is not None:
        _copy_database(report.backup_used, db_path, key)
    _migrate(db_path, key)
    result = RecoveryResult(aside or db_path)
    if aside is not None and aside.stat().st_size > 0:
        copy_all(aside, db_path, result, key=key, newer=report.backup_used is not None)
    else:
        _settle(db_path, key)
    report.copied, report.unreadable = result.copied, result.unreadable
    engine = make_engine(db_path, key=key)
    try:
        with Session(engine) as s, s.begin():
            report.from_journal = _replay(s, journalled, folder / BLOB_DIR_NAME)
            _count(s, report)
    finally:
        engine.dispose()
    mark_present(folder)
    return report


def _move_aside(db_path: Path, now: dt.datetime) -> Path | None:
    if not db_path.exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        return None
    aside = db_path.with_name(f"damaged-{now.strftime('%Y%m%dT%H%M%S%fZ')}.db")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside


def _newest_usable_backup(backup_dir: Path, key: bytes | None) -> Path | None:
    for candidate in reversed(list_backups(backup_dir)):
        try:
            conn = connect(candidate, key, read_only=True)
            try:
                if conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]:
                    return candidate
            finally:
                conn.close()
        except DB_ERRORS:
            continue
    return None


def _copy_database(source: Path, target: Path, key: bytes | None) -> None:
    src = connect(source, key, read_only=True)
    try:
        if key is None:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        else:  # SQLCipher: export into a new file under the same key
            src.execute(f"ATTACH DATABASE ? AS copy KEY \"x'{key.hex()}'\"", (str(target),))
            src.execute("SELECT sqlcipher_export('copy')")
            src.execute("DETACH DATABASE copy")
    finally:
        src.close()


def _migrate(db_path: Path, key: bytes | None) -> None:
    engine = make_engine(db_path, key=key)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def _settle(db_path: Path, key: bytes | None) -> None:
    conn = connect(db_path, key)
    conn.isolation_level = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        after_copy(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _replay(s: Session, journalled: list[JournalledOp], blob_dir: Path) -> int:
    """Put back the journalled ops the rebuilt outbox lacks; returns how many."""
    known = set(s.scalars(select(Outbox.op_id)))
    missing = [j for j in journalled if j.op.get("op_id") not in known]
    if not missing:
        return 0
    user = s.get(LocalUserRow, 1)
    if user is None:  # the device id must stay the one the ops were queued under
        s.add(LocalUserRow(id=1, device_id=missing[0].device_id, user=None))
    top = s.scalar(select(func.max(Outbox.seq))) or 0
    taken = set(s.scalars(select(Outbox.seq)))
    for j in missing:
        seq = int(j.op["seq"])
        if seq in taken:
            top += 1
            seq = top
        taken.add(seq)
        top = max(top, seq)
        s.add(_outbox_row(j, seq))
        _blob_rows(s, j.op.get("payload") or {}, blob_dir)
    state = s.get(SyncState, 1)
    if state is not None:
        state.last_seq = max(state.last_seq, top)
    return len(missing)


def _outbox_row(j: JournalledOp, seq: int) -> Outbox:
    created = parse_wire_datetime(str(j.op.get("created_at"))) or utcnow()
    return Outbox(
        op_id=str(j.op["op_id"]),
        seq=seq,
        type=str(j.op["type"]),
        entity_id=str(j.op["entity_id"]),
        base_version=int(j.op["base_version"]),
        payload=dict(j.op["payload"]),
        state="pending",
        attempts=0,
        next_attempt_at=None,
        last_error="dipulihkan dari jurnal",
        created_at=created,
        done_at=None,
    )


def _blob_rows(s: Session, payload: dict[str, object], blob_dir: Path) -> None:
    attachments = payload.get("attachments")
    for ref in attachments if isinstance(attachments, list) else []:
        sha = str(ref.get("sha256", ""))
        if not sha or s.get(Blob, sha) is not None or not (blob_dir / blob_relpath(sha)).exists():
            continue
        s.add(
            Blob(
                sha256=sha,
                size=int(ref.get("size", 0)),
                filename=str(ref.get("filename", sha)),
                mime=str(ref.get("mime", "application/octet-stream")),
                path=blob_relpath(sha),
                upload_id=None,
                uploaded_offset=0,
                complete=False,
                created_at=utcnow(),
            )
        )
        s.flush()


def _count(s: Session, report: RecoveryReport) -> None:
    report.ops = dict(Counter(s.scalars(select(Outbox.state))))
    report.drafts = int(s.scalar(select(func.count()).select_from(Draft)) or 0)
    report.intakes = int(s.scalar(select(func.count()).select_from(Intake)) or 0)
