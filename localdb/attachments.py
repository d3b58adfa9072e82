"""Attachment files, stored once by their sha256 under the profile's blob folder."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from domain.errors import ValidationError
from localdb.cipher import FileSealer, private_file, private_folder
from localdb.models import Blob
from localdb.sqltypes import utcnow

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment as the wire refers to it (AttachmentRef)."""

    sha256: str
    filename: str
    mime: str
    size: int

    def as_ref(self) -> dict[str, Any]:
        return asdict(self)


def blob_relpath(sha256: str) -> str:
    # Two-letter fan-out keeps any one folder small.
    return f"{sha256[:2]}/{sha256}"


def add_attachment(
    s: Session,
    blob_dir: Path,
    src_path: Path,
    filename: str,
    mime: str,
    *,
    key: bytes | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AttachmentInfo:
    """Copy `src_path` into the blob folder while hashing it, and record the blob.

    The copy is streamed (the file is never read whole) and stops as soon as it passes
    `max_bytes`, which raises ValidationError(field="attachment") and leaves nothing behind.
    `key` is the profile's `blob_key` (required, so no caller forgets it): with one, the copy is sealed with AES-256-GCM
    (`localdb.cipher`); the sha256 is always that of the plaintext.
    """
    name = filename.strip()
    if not name or len(name) > 255:
        raise ValidationError("attachment", "attachment_name", "Nama berkas lampiran tidak sah.")
    private_folder(blob_dir)
    sha256, size, tmp = _copy_hashing(src_path, blob_dir, max_bytes, key)
    target = blob_dir / blob_relpath(sha256)
    private_folder(target.parent)
    if target.exists():
        tmp.unlink()
    else:
        os.replace(tmp, target)
    if s.get(Blob, sha256) is None:
        s.add(
            Blob(
                sha256=sha256,
                size=size,
                filename=name,
                mime=mime or "application/octet-stream",
                path=blob_relpath(sha256),
                upload_id=None,
                uploaded_offset=0,
                complete=False,
                created_at=utcnow(),
            )
        )
        s.flush()
    return AttachmentInfo(sha256, name, mime or "application/octet-stream", size)


def _copy_hashing(
    src_path: Path, blob_dir: Path, max_bytes: int, key: bytes | None
) -> tuple[str, int, Path]:
    tmp = blob_dir / f".incoming-{uuid.uuid4().hex}"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(src_path, "rb") as src, open(tmp, "wb") as out:
            private_file(tmp)
            dst: Any = out if key is None else FileSealer(out, key)
            while chunk := src.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ValidationError(
                        "attachment",
                        "attachment_too_large",
                        f"Lampiran terlalu besar (maksimal {max_bytes // (1024 * 1024)} MB).",
                        {"mb": max_bytes // (1024 * 1024)},
                    )
                digest.update(chunk)
                dst.write(chunk)
            if key is not None:
                dst.close()
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError(
            "attachment", "attachment_unreadable", "Berkas lampiran tidak dapat dibaca."
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size, tmp
