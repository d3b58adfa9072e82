"""What a stored file really is, from its first bytes, and the type it is served as.

Downloads never carry the uploader's declared type: a file is served as one of a short list of
inert types when its bytes say so, and as `application/octet-stream` otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

OCTET_STREAM = "application/octet-stream"
ZIP = "application/zip"
# Office documents are zip files: their declared type is believed only when the bytes are a zip.
ZIP_BASED = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        ZIP,
    }
)
# Types a browser or viewer would run or render as a page: never accepted as a declaration.
ACTIVE = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
        "text/ecmascript",
    }
)
MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$")

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"%PDF-", 0, "application/pdf"),
    (b"PK\x03\x04", 0, ZIP),
    (b"ftyp", 4, "video/mp4"),
)


def sniff(head: bytes) -> str | None:
    """The type the first bytes prove, or None when they prove none we know."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, at, mime in _MAGIC:
        if head[at : at + len(magic)] == magic:
            return mime
    return None


def read_head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(64)


def served_type(path: Path, declared: str | None) -> str:
    """The type a download is served as: proven by the bytes, else an opaque octet stream."""
    found = sniff(read_head(path))
    if found == ZIP and declared in ZIP_BASED:
        return declared
    return found or OCTET_STREAM


def normalized(mime: str) -> str:
    return mime.split(";")[0].strip().lower()


def declaration_problem(declared: str, head: bytes) -> str | None:
    """Why a declared type does not fit the stored bytes (None when it fits)."""
    mime = normalized(declared)
    if not MEDIA_TYPE.match(mime) or mime in ACTIVE:
        return "jenis berkas tidak diizinkan"
    found = sniff(head)
    if found is None or mime == found:
        return None
    if found == ZIP and mime in ZIP_BASED:
        return None
    if found == "image/jpeg" and mime in ("image/jpg", "image/pjpeg"):
        return None
    return "jenis berkas tidak cocok dengan isinya"
