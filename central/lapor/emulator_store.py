"""State of the SP4N-LAPOR! emulator: one SQLite file (or memory), guarded by one lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
DATE_FORMAT = "%d-%m-%Y %H:%M:%S"
FIRST_COMPLAINT_ID = 5_010_001

SCHEMA = """
CREATE TABLE IF NOT EXISTS institution (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS template (code TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS complaint (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL, channel INTEGER,
    classification_id INTEGER, category_id INTEGER, location_id INTEGER, user_id TEXT,
    disposition_id TEXT, status_name TEXT NOT NULL, is_anonymous INTEGER NOT NULL DEFAULT 0,
    is_secret INTEGER NOT NULL DEFAULT 0, date_of_incident TEXT, attachments TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_complaint_disposition ON complaint (disposition_id, id);
CREATE TABLE IF NOT EXISTS followup (
    id INTEGER PRIMARY KEY AUTOINCREMENT, complaint_id INTEGER NOT NULL, user_id TEXT,
    institution_from_id TEXT, institution_to_id TEXT, content TEXT NOT NULL,
    template_code TEXT, rating INTEGER, is_secret INTEGER NOT NULL DEFAULT 0,
    is_reporter INTEGER NOT NULL DEFAULT 0, attachments TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_followup_complaint ON followup (complaint_id, id);
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, complaint_id INTEGER NOT NULL,
    institution_from_id TEXT, institution_to_id TEXT, content TEXT, status_old TEXT,
    status_new TEXT, kind TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_log_complaint ON log (complaint_id, id);
CREATE TABLE IF NOT EXISTS file (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, size INTEGER NOT NULL,
    sha256 TEXT NOT NULL);
"""

# The emulator's own world: the national admin, the demo kabupaten's offices, a few outside.
DEFAULT_INSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("1", "Admin Nasional SP4N-LAPOR!"),
    ("2100", "Pemerintah Kabupaten Agam"),
    ("2101", "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Agam"),
    ("2102", "Dinas Kesehatan Kabupaten Agam"),
    ("2103", "Dinas Pendidikan dan Kebudayaan Kabupaten Agam"),
    ("2104", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Agam"),
    ("2105", "Dinas Perhubungan Kabupaten Agam"),
    ("2106", "Dinas Sosial Kabupaten Agam"),
    ("2107", "Dinas Lingkungan Hidup Kabupaten Agam"),
    ("2108", "RSUD Lubuk Basung"),
    ("1301", "Dinas Bina Marga, Cipta Karya dan Tata Ruang Provinsi Sumatera Barat"),
    ("1302", "Balai Pelaksanaan Jalan Nasional Sumatera Barat"),
)
DEFAULT_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("T01", "Terima kasih atas laporan Anda. Laporan sedang kami tindak lanjuti."),
    ("T02", "Laporan Anda telah selesai ditindaklanjuti."),
)


class NotFound(Exception):
    pass


def lapor_date(value: dt.datetime) -> str:
    return value.astimezone(WIB).strftime(DATE_FORMAT)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _show(iso: str) -> str:
    return lapor_date(dt.datetime.fromisoformat(iso))


class EmulatorStore:
    def __init__(self, path: Path | None = None) -> None:
        self._lock = threading.Lock()
        target = str(path) if path else ":memory:"
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        with self.tx() as db:
            db.executemany("INSERT OR IGNORE INTO institution VALUES (?, ?)", DEFAULT_INSTITUTIONS)
            db.executemany("INSERT OR IGNORE INTO template VALUES (?, ?)", DEFAULT_TEMPLATES)

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- masters ---------------------------------------------------------------------------

    def institutions(self) -> list[dict[str, Any]]:
        with self.tx() as db:
            return [dict(r) for r in db.execute("SELECT id, name FROM institution ORDER BY id")]

    def institution_name(self, db: sqlite3.Connection, institution_id: str | None) -> str | None:
        if institution_id is None:
            return None
        row = db.execute("SELECT name FROM institution WHERE id = ?", (institution_id,)).fetchone()
        return row["name"] if row else None

    def templates(self) -> list[dict[str, Any]]:
        with self.tx() as db:
            return [dict(r) for r in db.execute("SELECT code, text FROM template ORDER BY code")]

    # --- files -----------------------------------------------------------------------------

    def add_file(self, name: str, data: bytes) -> int:
        with self.tx() as db:
            cur = db.execute(
                "INSERT INTO file (name, size, sha256) VALUES (?, ?, ?)",
                (name, len(data), hashlib.sha256(data).hexdigest()),
            )
            return int(cur.lastrowid or 0)

    # --- complaints ------------------------------------------------------------------------

    def create_complaint(self, fields: dict[str, Any], actor: str = "Pelapor") -> int:
        now = _now()
        disposition = fields.get("disposition_id")
        status = fields.get("status_name") or (
            "Terverifikasi" if disposition else "Belum Terverifikasi"
        )
        with self.tx() as db:
            row = db.execute("SELECT MAX(id) AS m FROM complaint").fetchone()
            complaint_id = max(FIRST_COMPLAINT_ID, (row["m"] or 0) + 1)
            db.execute(
                "INSERT INTO complaint (id, title, content, channel, classification_id, "
                "category_id, location_id, user_id, disposition_id, status_name, is_anonymous, "
                "is_secret, date_of_incident, attachments, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    complaint_id,
                    fields["title"],
                    fields["content"],
                    fields.get("channel"),
                    fields.get("classification_id"),
                    fields.get("category_id"),
                    fields.get("location_id"),
                    fields.get("user_id"),
                    str(disposition) if disposition else None,
                    status,
                    int(bool(fields.get("is_anonymous"))),
                    int(bool(fields.get("is_secret"))),
                    fields.get("date_of_incident"),
                    json.dumps(fields.get("attachments") or []),
                    now,
                    now,
                ),
            )
            self._log(db, complaint_id, None, None, None, None, status, f"created:{actor}")
            if disposition:
                self._log(db, complaint_id, "1", str(disposition), None, status, status, "dispose")
        return complaint_id

    def _log(
        self,
        db: sqlite3.Connection,
        complaint_id: int,
        from_id: str | None,
        to_id: str | None,
        content: str | None,
        old: str | None,
        new: str | None,
        kind: str,
    ) -> None:
        db.execute(
            "INSERT INTO log (complaint_id, institution_from_id, institution_to_id, content, "
            "status_old, status_new, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (complaint_id, from_id, to_id, content, old, new, kind, _now()),
        )
        db.execute("UPDATE complaint SET updated_at = ? WHERE id = ?", (_now(), complaint_id))

    def _complaint_row(self, db: sqlite3.Connection, complaint_id: int) -> sqlite3.Row:
        row: sqlite3.Row | None = db.execute(
            "SELECT * FROM complaint WHERE id = ?", (complaint_id,)
        ).fetchone()
        if row is None:
            raise NotFound(complaint_id)
        return row

    def complaint(self, complaint_id: int) -> dict[str, Any]:
        with self.tx() as db:
            row = self._complaint_row(db, complaint_id)
            data = {
                "id": row["id"],
                "tracking_id": str(row["id"]),
                "title": row["title"],
                "content": row["content"],
                "channel": row["channel"],
                "classification_id": row["classification_id"],
                "category_id": row["category_id"],
                "location_id": row["location_id"],
                "status_code": row["status_name"].lower().replace(" ", "_"),
                "status_name": row["status_name"],
                "disposition_id": row["disposition_id"],
                "disposition_name": self.institution_name(db, row["disposition_id"]),
                "is_anonymous": row["is_anonymous"],
                "is_secret": row["is_secret"],
                "date_of_incident": row["date_of_incident"],
                "attachments": json.loads(row["attachments"]),
                "created_at": _show(row["created_at"]),
                "updated_at": _show(row["updated_at"]),
            }
            logs = [
                {
                    "id": log["id"],
                    "institution_from_id": log["institution_from_id"],
                    "institution_from_name": self.institution_name(db, log["institution_from_id"]),
                    "institution_to_id": log["institution_to_id"],
                    "institution_to_name": self.institution_name(db, log["institution_to_id"]),
                    "content": log["content"],
                    "type": log["kind"],
                    "data": {"status_old": log["status_old"], "status_new": log["status_new"]},
                    "created_at": _show(log["created_at"]),
                }
                for log in db.execute(
                    "SELECT * FROM log WHERE complaint_id = ? ORDER BY id", (complaint_id,)
                )
            ]
        return {"data": data, "data_logs": logs}

    def inbox(self, disposition_id: str | None, page: int, size: int) -> tuple[list[Any], int]:
        where, args = ("WHERE disposition_id = ?", [disposition_id]) if disposition_id else ("", [])
        with self.tx() as db:
            total = db.execute(f"SELECT COUNT(*) FROM complaint {where}", args).fetchone()[0]
            rows = db.execute(
                f"SELECT id, title, status_name, disposition_id, updated_at FROM complaint "
                f"{where} ORDER BY id LIMIT ? OFFSET ?",
                [*args, size, (page - 1) * size],
            ).fetchall()
        items = [
            {
                "id": r["id"],
                "title": r["title"],
                "status_name": r["status_name"],
                "disposition_id": r["disposition_id"],
                "updated_at": _show(r["updated_at"]),
            }
            for r in rows
        ]
        return items, int(total)

    def dispose(self, complaint_id: int, institution_id: str) -> None:
        with self.tx() as db:
            row = self._complaint_row(db, complaint_id)
            old, new = row["status_name"], row["status_name"]
            if old == "Belum Terverifikasi":
                new = "Terverifikasi"
            db.execute(
                "UPDATE complaint SET disposition_id = ?, status_name = ? WHERE id = ?",
                (institution_id, new, complaint_id),
            )
            self._log(
                db,
                complaint_id,
                row["disposition_id"] or "1",
                institution_id,
                None,
                old,
                new,
                "dispose",
            )

    def set_status(self, complaint_id: int, status_name: str, note: str | None = None) -> None:
        with self.tx() as db:
            row = self._complaint_row(db, complaint_id)
            db.execute(
                "UPDATE complaint SET status_name = ? WHERE id = ?", (status_name, complaint_id)
            )
            self._log(
                db,
                complaint_id,
                "1",
                row["disposition_id"],
                note,
                row["status_name"],
                status_name,
                "status",
            )

    def request_handoff(self, complaint_id: int, target_id: str, description: str) -> None:
        with self.tx() as db:
            row = self._complaint_row(db, complaint_id)
            self._log(
                db,
                complaint_id,
                row["disposition_id"],
                target_id,
                description,
                row["status_name"],
                row["status_name"],
                "not_authority_request",
            )

    # --- follow-ups ------------------------------------------------------------------------

    def add_followup(self, fields: dict[str, Any], *, is_reporter: bool = False) -> int:
        complaint_id = int(fields["complaint_id"])
        with self.tx() as db:
            row = self._complaint_row(db, complaint_id)
            cur = db.execute(
                "INSERT INTO followup (complaint_id, user_id, institution_from_id, "
                "institution_to_id, content, template_code, rating, is_secret, is_reporter, "
                "attachments, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    complaint_id,
                    fields.get("user_id"),
                    fields.get("institution_from_id"),
                    fields.get("institution_to_id"),
                    fields["content"],
                    fields.get("template_code") or None,
                    int(fields.get("rating") or 0),
                    int(str(fields.get("is_secret") or "0") in ("1", "true")),
                    int(is_reporter),
                    json.dumps(fields.get("attachments") or []),
                    _now(),
                ),
            )
            old = row["status_name"]
            new = "Dalam Proses" if old in ("Terverifikasi", "Selesai", "Dalam Proses") else old
            if new != old:
                db.execute("UPDATE complaint SET status_name = ? WHERE id = ?", (new, complaint_id))
            kind = "reporter_reply" if is_reporter else "followup"
            self._log(
                db,
                complaint_id,
                fields.get("institution_from_id"),
                fields.get("institution_to_id"),
                None,
                old,
                new,
                kind,
            )
            return int(cur.lastrowid or 0)

    def followups(self, complaint_id: int, page: int, size: int) -> tuple[list[Any], int]:
        with self.tx() as db:
            self._complaint_row(db, complaint_id)
            total = db.execute(
                "SELECT COUNT(*) FROM followup WHERE complaint_id = ?", (complaint_id,)
            ).fetchone()[0]
            rows = db.execute(
                "SELECT * FROM followup WHERE complaint_id = ? ORDER BY id LIMIT ? OFFSET ?",
                (complaint_id, size, (page - 1) * size),
            ).fetchall()
            items = [
                {
                    "id": r["id"],
                    "complaint_id": r["complaint_id"],
                    "user_id": r["user_id"],
                    "institution_from_id": r["institution_from_id"],
                    "institution_from_name": self.institution_name(db, r["institution_from_id"]),
                    "institution_to_id": r["institution_to_id"],
                    "content": r["content"],
                    "template_code": r["template_code"],
                    "rating": r["rating"],
                    "is_secret": r["is_secret"],
                    "is_reporter": r["is_reporter"],
                    "attachments": json.loads(r["attachments"]),
                    "created_at": _show(r["created_at"]),
                }
                for r in rows
            ]
        return items, int(total)

    # --- for tests and the bench -----------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.tx() as db:
            return {
                t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in ("complaint", "followup", "log", "file")
            }

    def followup_contents(self) -> list[tuple[int, str]]:
        with self.tx() as db:
            return [
                (r["complaint_id"], r["content"])
                for r in db.execute(
                    "SELECT complaint_id, content FROM followup WHERE is_reporter = 0 ORDER BY id"
                )
            ]
