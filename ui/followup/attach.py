"""Getting a file ready to attach: size cap, and large photos scaled down before storing.

Runs on the database worker (inside the task that calls `add_attachment`), never on the UI
thread: QImage is safe to use off the GUI thread. A phone photo of 4000 px and 6 MB becomes a
2000 px JPEG of a few hundred kB, which matters on a 256 kbit/s link.
"""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QImage, QImageReader

from domain.errors import ValidationError
from localdb import commands
from ui.context import AppContext

MAX_BYTES = 20 * 1024 * 1024
MAX_PHOTO_SIDE = 2000
JPEG_QUALITY = 85
_PHOTO_MIMES = frozenset({"image/jpeg", "image/png", "image/bmp", "image/webp", "image/tiff"})


@dataclass(frozen=True)
class Prepared:
    path: Path
    filename: str
    mime: str
    scaled: bool


def _tr(text: str) -> str:
    return QCoreApplication.translate("Attachments", text)


def too_large_message(size: int) -> str:
    mb = size / (1024 * 1024)
    return _tr("Berkas terlalu besar ({mb:.1f} MB). Batas lampiran 20 MB.").format(mb=mb)


def guess_mime(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _scaled_photo(src: Path, out_dir: Path) -> Path | None:
    """A JPEG with the longest side MAX_PHOTO_SIDE, or None when the photo is small enough."""
    reader = QImageReader(str(src))
    reader.setAutoTransform(True)  # keep phone photos upright (EXIF orientation)
    size = reader.size()
    if not size.isValid() or max(size.width(), size.height()) <= MAX_PHOTO_SIDE:
        return None
    image = reader.read()
    if image.isNull():
        return None
    image = image.scaled(
        MAX_PHOTO_SIDE,
        MAX_PHOTO_SIDE,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    if image.hasAlphaChannel():
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    out = out_dir / (src.stem + ".jpg")
    if not image.save(str(out), "JPEG", JPEG_QUALITY):
        return None
    return out


@contextmanager
def prepared_file(src: Path) -> Iterator[Prepared]:
    """Yield the file to store for `src` (maybe a scaled copy, removed afterwards).

    Raises ValidationError(field="attachment") for a missing file or one over the cap.
    """
    if not src.is_file():
        raise ValidationError("attachment", "attachment_missing", _tr("Berkas tidak ditemukan."))
    mime = guess_mime(src)
    with tempfile.TemporaryDirectory(prefix="simpul-photo-") as tmp:
        scaled = _scaled_photo(src, Path(tmp)) if mime in _PHOTO_MIMES else None
        path = scaled or src
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError("attachment", "attachment_too_large", too_large_message(size))
        if scaled is not None:
            yield Prepared(scaled, src.stem + ".jpg", "image/jpeg", True)
        else:
            yield Prepared(src, src.name, mime, False)


def store_files(
    ctx: AppContext,
    paths: Sequence[Path],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    owner: QObject,
) -> None:
    """Store each file (a large photo scaled first) as a blob on the database thread.

    `on_done` gets what `localdb.commands.add_attachment` returns, once per file.
    """
    blob_dir = ctx.profile.blob_dir
    key = ctx.profile.blob_key  # sealed on disk with the profile's key
    for path in paths:

        def work(s: Any, path: Path = path) -> Any:
            with prepared_file(path) as p:
                return commands.add_attachment(s, blob_dir, p.path, p.filename, p.mime, key=key)

        ctx.runner.run(work, on_done=on_done, on_error=on_error, owner=owner)
