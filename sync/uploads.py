"""Resumable, content-addressed attachment uploads (the core of tus 1.0).

POST /uploads announces a blob (the server may already have it: `complete`, nothing is sent),
PATCH sends chunks at `Upload-Offset`, HEAD asks the server where it stands after a cut, and a
409 carries the offset the server really has. The offset is persisted after every chunk, so a
restarted process resumes where the last byte landed instead of at zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from sync.errors import Cancelled, MalformedResponse, ProblemError
from sync.transport import Transport, parse_model
from sync.wire import UploadCreate, UploadCreated

CHUNK_SIZE = 64 * 1024


class BlobLike(Protocol):
    """What an upload needs to know (localdb.syncstore.BlobToUpload fits)."""

    @property
    def sha256(self) -> str: ...
    @property
    def path(self) -> Path | str: ...
    @property
    def size(self) -> int: ...
    @property
    def filename(self) -> str: ...
    @property
    def mime(self) -> str: ...
    @property
    def upload_id(self) -> str | None: ...
    @property
    def uploaded_offset(self) -> int: ...


# persist(sha256, upload_id, offset, complete): store progress so a restart can resume.
Persist = Callable[[str, str | None, int, bool], None]
# progress(sha256, offset, size)
Progress = Callable[[str, int, int], None]
# open_blob(path): a readable, seekable binary file of the blob's plaintext.
OpenBlob = Callable[[Path | str], BinaryIO]


@dataclass(frozen=True)
class UploadOutcome:
    sha256: str
    bytes_sent: int
    already_there: bool


def upload_blob(
    transport: Transport,
    blob: BlobLike,
    *,
    persist: Persist,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    chunk_size: int = CHUNK_SIZE,
    open_blob: OpenBlob | None = None,
) -> UploadOutcome:
    """Upload one blob, resuming a previous attempt when there was one.

    `open_blob` reads the stored file (the profile's decrypting reader); plain `open` when None.
    """
    upload_id, offset = _resume_point(transport, blob)
    if upload_id is None:
        created = _create(transport, blob)
        if created.complete or created.upload_id is None:
            persist(blob.sha256, None, blob.size, True)
            return UploadOutcome(blob.sha256, 0, already_there=True)
        upload_id, offset = created.upload_id, created.offset
        persist(blob.sha256, upload_id, offset, False)
    sent = send_chunks(
        transport, blob, upload_id, offset, persist, progress, cancel, chunk_size, open_blob
    )
    persist(blob.sha256, upload_id, blob.size, True)
    return UploadOutcome(blob.sha256, sent, already_there=False)


def _resume_point(transport: Transport, blob: BlobLike) -> tuple[str | None, int]:
    """Ask the server where a started upload stands; (None, 0) to start afresh."""
    if not blob.upload_id:
        return None, 0
    try:
        resp = transport.request("HEAD", f"/uploads/{blob.upload_id}", ok=(200, 204))
    except ProblemError as exc:
        if exc.problem.status in (404, 410):
            return None, 0  # the server forgot it (expired): start again
        raise
    except MalformedResponse:
        return None, 0  # a HEAD 404 has no body to carry a problem
    return blob.upload_id, _offset_header(resp.headers.get("Upload-Offset"))


def _create(transport: Transport, blob: BlobLike) -> UploadCreated:
    body = UploadCreate(sha256=blob.sha256, size=blob.size, filename=blob.filename, mime=blob.mime)
    resp = transport.request(
        "POST", "/uploads", json_body=body.model_dump(mode="json"), ok=(200, 201)
    )
    return parse_model(resp, UploadCreated)


def send_chunks(
    transport: Transport,
    blob: BlobLike,
    upload_id: str,
    offset: int,
    persist: Persist,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
    chunk_size: int = CHUNK_SIZE,
    open_blob: OpenBlob | None = None,
) -> int:
    """PATCH the file from `offset` on; returns the bytes sent. A wrong offset (the server
    has more than we thought) is corrected by the server's 409 instead of sending twice."""
    sent = 0
    first = True
    with (open_blob or _open_plain)(blob.path) as fh:
        while offset < blob.size or (blob.size == 0 and first):
            first = False
            if cancel is not None and cancel():
                raise Cancelled()
            fh.seek(offset)
            chunk = fh.read(chunk_size)
            resp = transport.request(
                "PATCH",
                f"/uploads/{upload_id}",
                content=chunk,
                headers={
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                },
                ok=(200, 204, 409),
            )
            if resp.status_code == 409:
                # Our offset was wrong (a chunk landed but its answer was lost): go on from
                # the server's offset, which the answer carries (or HEAD tells).
                offset = _server_offset(transport, upload_id, resp.headers.get("Upload-Offset"))
            else:
                sent += len(chunk)
                offset = _offset_header(resp.headers.get("Upload-Offset"), offset + len(chunk))
            persist(blob.sha256, upload_id, offset, False)
            if progress is not None:
                progress(blob.sha256, offset, blob.size)
    return sent


def _open_plain(path: Path | str) -> BinaryIO:
    return open(path, "rb")


def _server_offset(transport: Transport, upload_id: str, header: str | None) -> int:
    if header is not None and header.strip().isdigit():
        return int(header.strip())
    resp = transport.request("HEAD", f"/uploads/{upload_id}", ok=(200, 204))
    return _offset_header(resp.headers.get("Upload-Offset"))


def _offset_header(value: str | None, default: int | None = None) -> int:
    if value is not None and value.strip().isdigit():
        return int(value.strip())
    if default is None:
        raise MalformedResponse("upload answer without Upload-Offset")
    return default
