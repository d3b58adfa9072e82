"""Resumable, content-addressed attachment uploads (the core semantics of tus 1.0).

Bytes go straight to a temporary file under the data folder, chunk by chunk; nothing holds a
whole file in memory. When the last byte arrives the file's sha256 is checked; a match moves it
into the blob store (`blobs/ab/cd/<sha256>`), a mismatch throws the upload away.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from central.db import Database
from central.models import Attachment, Blob, Followup, Report, Upload, User
from central.problems import NOT_FOUND, ProblemError
from central.render import Viewer, hidden_reason
from central.rules import load_rules, wall_now
from sync.wire import UploadCreate, UploadCreated

CHUNK = 64 * 1024


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
            if s.get(Blob, req.sha256) is not None:
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
        async with self.lock(upload_id):
            upload = await run_in_threadpool(self.get, user, upload_id)
            if offset != upload.offset:
                raise ProblemError(
                    409,
                    "offset_mismatch",
                    "Posisi unggahan tidak cocok",
                    f"Server sudah menerima {upload.offset} bita.",
                    headers={"Upload-Offset": str(upload.offset), "Tus-Resumable": "1.0.0"},
                )
            new_offset, error = await self._append(upload, request)
            await run_in_threadpool(self._save_offset, upload_id, new_offset)
            if error is not None:
                raise error
            if new_offset == upload.size:
                await run_in_threadpool(self._finish, upload)
            return new_offset

    async def _append(self, upload: Upload, request: Request) -> tuple[int, ProblemError | None]:
        path = self.data_dir / upload.temp_path
        written = upload.offset
        error: ProblemError | None = None
        with path.open("r+b") as f:
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
            if matches and s.get(Blob, upload.sha256) is None:
                rel = blob_relpath(upload.sha256)
                (self.data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, self.data_dir / rel)
                s.add(
                    Blob(
                        sha256=upload.sha256,
                        size=upload.size,
                        path=rel,
                        uploaded_by=upload.user_id,
                        created_at=wall_now(),
                    )
                )
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

    # --- downloading -------------------------------------------------------------------------

    def file_for(self, user: User, sha256: str) -> tuple[Path, str]:
        """Path and mime of a stored file the user may read (404 otherwise, never 403)."""
        with self.db.read() as s:
            blob = s.get(Blob, sha256)
            if blob is None or not _may_read(s, user, blob):
                raise ProblemError(404, "not_found", NOT_FOUND, "Berkas tidak ditemukan.")
            mime = s.scalars(select(Attachment.mime).where(Attachment.sha256 == sha256)).first()
            return self.data_dir / blob.path, mime or "application/octet-stream"


def _may_read(s: Session, user: User, blob: Blob) -> bool:
    """The uploader, or anyone who can see a report or follow-up the file is attached to."""
    if blob.uploaded_by == user.id:
        return True
    owners = list(
        s.execute(
            select(Attachment.owner_kind, Attachment.owner_id)
            .where(Attachment.sha256 == blob.sha256)
            .limit(50)
        )
    )
    report_ids = {oid for kind, oid in owners if kind == "report"}
    followup_ids = [oid for kind, oid in owners if kind == "followup"]
    if followup_ids:
        report_ids |= set(
            s.scalars(select(Followup.report_id).where(Followup.id.in_(followup_ids)))
        )
    if not report_ids:
        return False
    viewer, rules = Viewer.of(user), load_rules(s)
    reports = s.scalars(select(Report).where(Report.id.in_(report_ids)))
    return any(hidden_reason(viewer, r, rules) is None for r in reports)
