"""Resumable, content-addressed attachment uploads (the core semantics of tus 1.0).

Bytes go straight to a temporary file under the data folder, chunk by chunk; nothing holds a
whole file in memory. When the last byte arrives the file's sha256 is checked; a match moves it
into the blob store (`blobs/ab/cd/<sha256>`), a mismatch throws the upload away.

Several worker processes (on one machine or several) share the data folder and the database:
an append holds a lock on the upload's file across processes (`central.filelock`) and reads
the offset after it has the lock, and two uploads of the same bytes finishing at once on two
workers store the file once (the same content lands under the same name; the second row is
skipped, not an error).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from central.db import Database
from central.filelock import LockTimeout, lock_exclusive
from central.filetypes import served_type
from central.models import Attachment, Blob, BlobOwner, Followup, Report, Upload, User
from central.problems import NOT_FOUND, ProblemError
from central.render import Viewer, followup_hidden, hidden_reason
from central.rules import load_rules, wall_now
from sync.wire import UploadCreate, UploadCreated

CHUNK = 64 * 1024
# How long an append waits for another worker's append to the same upload to end.
APPEND_LOCK_SECONDS = 30.0


def blob_relpath(sha256: str) -> str:
    return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _not_found() -> ProblemError:
    return ProblemError(404, "not_found", NOT_FOUND, "Unggahan tidak ditemukan.")


class UploadStore:
    def __init__(self, db: Database, data_dir: Path, max_bytes: int) -> None:
        self.db = db
        self.data_dir = data_dir
        self.max_bytes = max_bytes
        self._locks: dict[str, asyncio.Lock] = {}
        (data_dir / "uploads").mkdir(parents=True, exist_ok=True)
        (data_dir / "blobs").mkdir(parents=True, exist_ok=True)

    def lock(self, upload_id: str) -> asyncio.Lock:
        return self._locks.setdefault(upload_id, asyncio.Lock())

    # --- creating ----------------------------------------------------------------------------

    def create(self, user: User, req: UploadCreate) -> tuple[UploadCreated, bool]:
        """Returns the answer and whether a new upload was made (201) or not (200)."""
        if req.size > self.max_bytes:
            raise ProblemError(
                413,
                "too_large",
                "Berkas terlalu besar",
                f"Lampiran paling besar {self.max_bytes // (1024 * 1024)} MB.",
                field="size",
            )
        with self.db.write() as s, s.begin():
            blob = s.get(Blob, req.sha256)
            # Only someone who may already use the file hears that it is here; anyone else
            # sends the bytes like a fresh upload (and owns the file afterwards).
            if blob is not None and blob.size == req.size and may_use(s, user, req.sha256):
                return UploadCreated(complete=True, offset=req.size), False
            existing = s.scalars(
                select(Upload).where(
                    Upload.sha256 == req.sha256, Upload.size == req.size, Upload.user_id == user.id
                )
            ).first()
            if existing is not None:  # the client lost the id: resume the same upload
                return UploadCreated(upload_id=existing.id, offset=existing.offset), False
            upload_id = uuid.uuid4().hex
            temp = f"uploads/{upload_id}.part"
            (self.data_dir / temp).touch()
            s.add(
                Upload(
                    id=upload_id,
                    sha256=req.sha256,
                    size=req.size,
                    offset=0,
                    filename=req.filename,
                    mime=req.mime,
                    temp_path=temp,
                    user_id=user.id,
                    created_at=wall_now(),
                )
            )
        return UploadCreated(upload_id=upload_id, offset=0), True

    def get(self, user: User, upload_id: str) -> Upload:
        with self.db.read() as s:
            upload = s.get(Upload, upload_id)
        if upload is None or upload.user_id != user.id:
            raise _not_found()
        return upload

    # --- receiving ---------------------------------------------------------------------------

    async def receive(self, user: User, upload_id: str, offset: int, request: Request) -> int:
        """Append the request body at `offset`; returns the new offset."""
        async with self.lock(upload_id):  # this process's threads
            first = await run_in_threadpool(self.get, user, upload_id)
            handle = await run_in_threadpool(self._claim, first)  # every other process
            try:
                # Read again under the lock: another worker may have appended meanwhile.
                upload = await run_in_threadpool(self.get, user, upload_id)
                if offset != upload.offset:
                    raise ProblemError(
                        409,
                        "offset_mismatch",
                        "Posisi unggahan tidak cocok",
                        f"Server sudah menerima {upload.offset} bita.",
                        headers={"Upload-Offset": str(upload.offset), "Tus-Resumable": "1.0.0"},
                    )
                new_offset, error = await self._append(upload, request, handle)
                await run_in_threadpool(self._save_offset, upload_id, new_offset)
                if error is not None:
                    raise error
                if new_offset == upload.size:
                    await run_in_threadpool(self._finish, upload)
                return new_offset
            finally:
                handle.close()  # releases the lock

    def _claim(self, upload: Upload) -> BinaryIO:
        """The upload's file, opened and locked against appends by other processes."""
        try:
            f = (self.data_dir / upload.temp_path).open("r+b")
        except FileNotFoundError:  # finished (or thrown away) by another worker meanwhile
            raise _not_found() from None
        try:
            lock_exclusive(f, APPEND_LOCK_SECONDS)
        except LockTimeout:
            f.close()
            raise ProblemError(
                503,
                "upload_busy",
                "Unggahan sedang diterima",
                "Bagian lain dari berkas ini sedang diterima. Coba lagi sebentar lagi.",
                headers={"Retry-After": "5"},
            ) from None
        return f

    async def _append(
        self, upload: Upload, request: Request, f: BinaryIO
    ) -> tuple[int, ProblemError | None]:
        written = upload.offset
        error: ProblemError | None = None
        f.truncate(written)  # bytes past the recorded offset were never acknowledged
        f.seek(written)
        try:
            async for chunk in request.stream():
                if written + len(chunk) > upload.size:
                    error = ProblemError(
                        413,
                        "upload_exceeds_size",
                        "Data melebihi ukuran",
                        "Data yang dikirim melebihi ukuran berkas yang diumumkan.",
                    )
                    break
                f.write(chunk)
                written += len(chunk)
        except ClientDisconnect:
            pass  # keep what arrived: the client resumes from the offset HEAD reports
        f.flush()
        os.fsync(f.fileno())
        return written, error

    def _save_offset(self, upload_id: str, offset: int) -> None:
        with self.db.write() as s, s.begin():
            upload = s.get(Upload, upload_id)
            if upload is not None:
                upload.offset = offset

    def _finish(self, upload: Upload) -> None:
        temp = self.data_dir / upload.temp_path
        digest = hashlib.sha256()
        with temp.open("rb") as f:
            while block := f.read(CHUNK * 16):
                digest.update(block)
        matches = digest.hexdigest() == upload.sha256
        with self.db.write() as s, s.begin():
            row = s.get(Upload, upload.id)
            if row is not None:
                s.delete(row)
            if matches:
                self._store(s, upload, temp)
        temp.unlink(missing_ok=True)
        self._locks.pop(upload.id, None)
        if not matches:
            raise ProblemError(
                422,
                "checksum_mismatch",
                "Berkas rusak",
                "Isi berkas tidak cocok dengan sha256 yang diumumkan; unggah ulang.",
                field="sha256",
            )

    def _store(self, s: Session, upload: Upload, temp: Path) -> None:
        """Keep the checked bytes (once per hash) and make the uploader one of their owners.

        Another worker may store the same bytes at the same moment: the file is the same
        content under the same name either way, and the rows are inserted unless present."""
        if s.get(Blob, upload.sha256) is None:
            rel = blob_relpath(upload.sha256)
            (self.data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, self.data_dir / rel)
            _insert_missing(
                s,
                Blob,
                {
                    "sha256": upload.sha256,
                    "size": upload.size,
                    "path": rel,
                    "uploaded_by": upload.user_id,
                    "created_at": wall_now(),
                },
            )
        if s.get(BlobOwner, (upload.sha256, upload.user_id)) is None:
            _insert_missing(
                s,
                BlobOwner,
                {"sha256": upload.sha256, "user_id": upload.user_id, "created_at": wall_now()},
            )

    # --- downloading -------------------------------------------------------------------------

    def file_for(self, user: User, sha256: str) -> tuple[Path, str]:
        """Path and safe served type of a file the user may read (404 otherwise, never 403)."""
        with self.db.read() as s:
            blob = s.get(Blob, sha256)
            if blob is None or not may_use(s, user, sha256):
                raise ProblemError(404, "not_found", NOT_FOUND, "Berkas tidak ditemukan.")
            declared = s.scalars(select(Attachment.mime).where(Attachment.sha256 == sha256)).first()
            path = self.data_dir / blob.path
        return path, served_type(path, declared)


def _insert_missing(
    s: Session, model: type[Blob] | type[BlobOwner], values: dict[str, Any]
) -> None:
    """INSERT that leaves an existing row (same key) alone instead of failing."""
    name = s.get_bind().dialect.name
    if name == "postgresql":
        s.execute(postgresql.insert(model).values(**values).on_conflict_do_nothing())
    elif name == "sqlite":
        s.execute(sqlite.insert(model).values(**values).on_conflict_do_nothing())
    else:
        s.execute(insert(model).values(**values))


def may_use(s: Session, user: User, sha256: str) -> bool:
    """May `user` reference or read this file? Its uploaders may, and whoever can already see
    a report or follow-up that carries it; nobody else even learns that it exists."""
    if s.get(BlobOwner, (sha256, user.id)) is not None:
        return True
    owners = list(
        s.execute(
            select(Attachment.owner_kind, Attachment.owner_id)
            .where(Attachment.sha256 == sha256)
            .limit(200)
        )
    )
    if not owners:
        return False
    viewer, rules = Viewer.of(user), load_rules(s)
    report_ids = {oid for kind, oid in owners if kind == "report"}
    followup_ids = [oid for kind, oid in owners if kind == "followup"]
    followups = list(s.scalars(select(Followup).where(Followup.id.in_(followup_ids))))
    reports = {
        r.id: r
        for r in s.scalars(
            select(Report).where(Report.id.in_(report_ids | {f.report_id for f in followups}))
        )
    }
    if any(hidden_reason(viewer, reports[r], rules) is None for r in report_ids if r in reports):
        return True
    return any(
        f.report_id in reports and followup_hidden(viewer, f, reports[f.report_id], rules) is None
        for f in followups
    )
