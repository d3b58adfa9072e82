"""Getting a file ready to attach: size cap, and large photos scaled down before storing.

Scaling runs on the runner's cpu lane, never on the UI thread and never on the database lane
(where it would hold up autosaves): QImage is safe to use off the GUI thread. Storing the
prepared file then runs on the database lane. A phone photo of 4000 px and 6 MB becomes a
2000 px JPEG of a few hundred kB, which matters on a 256 kbit/s link.
"""

from __future__ import annotations

import mimetypes
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QImage, QImageReader
from shiboken6 import isValid

from domain.errors import ValidationError
from localdb import commands
from ui.context import AppContext

if TYPE_CHECKING:
    from localdb.queries import Session

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
    # The stubs say bytes, PySide6 itself wants a str for the format.
    if not image.save(str(out), "JPEG", JPEG_QUALITY):  # type: ignore[call-overload]
        return None
    return out


@contextmanager
def prepared_file(src: Path) -> Iterator[Prepared]:
    """Yield the file to store for `src` (maybe a scaled copy, removed afterwards).

    Raises ValidationError(field="attachment") for a missing file or one over the cap.
    """
    with tempfile.TemporaryDirectory(prefix="simpul-photo-") as tmp:
        yield prepare(src, Path(tmp))


def prepare(src: Path, work_dir: Path) -> Prepared:
    """The file to store for `src`: a scaled copy in `work_dir` for a large photo, else `src`."""
    if not src.is_file():
        raise ValidationError("attachment", "attachment_missing", _tr("Berkas tidak ditemukan."))
    mime = guess_mime(src)
    scaled = _scaled_photo(src, work_dir) if mime in _PHOTO_MIMES else None
    path = scaled or src
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValidationError("attachment", "attachment_too_large", too_large_message(size))
    if scaled is not None:
        return Prepared(scaled, src.stem + ".jpg", "image/jpeg", True)
    return Prepared(src, src.name, mime, False)


def store_files(
    ctx: AppContext,
    paths: Sequence[Path],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    owner: QObject,
) -> None:
    """Scale each large photo on the cpu lane, then store each file as a blob on the database
    lane, in the order given.

    `on_done` gets what `localdb.commands.add_attachment` returns, once per file.
    """
    blob_dir = ctx.profile.blob_dir
    runner = ctx.runner
    key = ctx.profile.blob_key  # sealed on disk with the profile's key

    def store(work_dir: Path, p: Prepared) -> None:
        def work(s: Session) -> Any:
            try:
                return commands.add_attachment(s, blob_dir, p.path, p.filename, p.mime, key=key)
            finally:
                shutil.rmtree(work_dir, ignore_errors=True)

        runner.run(work, on_done=on_done, on_error=on_error, owner=owner)

    def failed(error: BaseException) -> None:
        if isValid(owner):
            on_error(error)

    for path in paths:
        work_dir = Path(tempfile.mkdtemp(prefix="simpul-photo-"))

        def scale(_cancel: Any, path: Path = path, work_dir: Path = work_dir) -> Prepared:
            try:
                return prepare(path, work_dir)
            except BaseException:
                shutil.rmtree(work_dir, ignore_errors=True)
                raise

        # No owner here: the scaled copy is stored (and its folder removed) even when the
        # widget went away meanwhile, as a file picked is a file kept.
        runner.cpu.submit(scale, on_done=partial(store, work_dir), on_error=failed)
