"""A report's attachments: listed by name and size, fetched only when the officer opens one.

A file already on this PC (a blob added here, or downloaded before) opens at once. Otherwise
it is downloaded on a network thread (never the UI thread, never the database worker) with a
progress bar, into the profile's blob folder where its sha256 is its name, sealed with the
profile's key. Opening one writes its plaintext under the profile's `view/` folder (0700,
emptied when the profile closes) for the desktop's viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from localdb import cipher
from localdb.attachments import blob_relpath
from localdb.cipher import private_folder
from ui.context import AppContext
from ui.report.download import DownloadCancelled, DownloadError, FileSource, download_file
from ui.tasks import Task

# Where to download from (the sync transport and credentials); None when there is no server.
FileSources = Callable[[], FileSource | None]


def file_source_from(ctx: AppContext) -> FileSources:
    """Where to download from: the sync controller's server (its token is read on the
    network thread that sends it, never here)."""

    def source() -> FileSource | None:
        sync = ctx.sync
        return None if sync is None else sync.file_source()

    return source


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentList", text)


def _safe_name(filename: str) -> str:
    """The attachment's own name for the viewer, without any path parts."""
    name = Path(filename.replace("\\", "/")).name.strip(". ")
    return name[:120] or "lampiran"


def fetch_for_viewer(
    source: FileSource | None,
    sha256: str,
    blob: Path,
    view: Path,
    key: bytes | None,
    *,
    on_progress: Callable[[int, int], None],
    cancel: Any,
) -> Path:
    """On a network thread: download the blob when it is not here (sealed at once), then write
    the plaintext the viewer opens. Returns the path to open."""
    if source is not None:
        # The plaintext lands beside the blob only until it is sealed.
        dest = blob if key is None else blob.with_name(blob.name + ".download")
        private_folder(dest.parent)
        download_file(source, sha256, dest, on_progress=on_progress, cancel=cancel)
        if key is not None:
            cipher.encrypt_file(dest, blob, key)
            dest.unlink(missing_ok=True)
    if key is None:
        return blob
    private_folder(view.parent)
    try:
        cipher.decrypt_to(blob, view, key)
    except (OSError, cipher.BlobCorrupt) as exc:
        raise DownloadError(
            _tr("Berkas lampiran di komputer ini rusak atau tidak terbaca.")
        ) from exc
    return view


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"


class AttachmentList(QWidget):
    """Signal `opened(path)` when a file is ready (and handed to the desktop to open)."""

    opened = Signal(str)
    failed = Signal(str)
    _progressed = Signal(str, int, int)  # emitted on the network thread, queued to this one

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        source: FileSources | None = None,
        open_file: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._blob_dir = Path(ctx.profile.blob_dir)
        self._key: bytes | None = ctx.profile.blob_key
        self._view_dir = Path(ctx.profile.view_dir)
        self._names: dict[str, str] = {}
        self._source = source or file_source_from(ctx)
        self._open = open_file or (lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
        self._runner = ctx.runner
        self._bars: dict[str, QProgressBar] = {}
        self._running: dict[str, Task[Path]] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._empty = QLabel(self.tr("Tidak ada lampiran."), self)
        self._progressed.connect(self._progress)

    def set_attachments(self, attachments: list[Any]) -> None:
        self._cancel_all()
        self._bars.clear()
        while (item := self._grid.takeAt(0)) is not None:
            if (old := item.widget()) is not None and old is not self._empty:
                old.deleteLater()
        if not attachments:
            self._grid.addWidget(self._empty, 0, 0)
            self._empty.show()
            return
        self._empty.hide()
        for row, att in enumerate(attachments):
            ref = att if isinstance(att, dict) else vars(att)
            self._add_row(row, ref)

    def _add_row(self, row: int, ref: dict[str, Any]) -> None:
        self._names[str(ref["sha256"])] = _safe_name(str(ref["filename"]))
        name = QLabel(f"{ref['filename']}  ({_size(int(ref['size']))})", self)
        name.setTextFormat(Qt.TextFormat.PlainText)
        bar = QProgressBar(self)
        bar.setMaximumWidth(140)
        bar.hide()
        button = QPushButton(self.tr("Buka"), self)
        sha = str(ref["sha256"])
        button.clicked.connect(lambda: self.open_attachment(sha))
        self._bars[sha] = bar
        self._grid.addWidget(name, row, 0)
        self._grid.addWidget(bar, row, 1)
        self._grid.addWidget(button, row, 2)
        self._grid.setColumnStretch(0, 1)

    def local_path(self, sha256: str) -> Path:
        return self._blob_dir / blob_relpath(sha256)

    def open_attachment(self, sha256: str) -> None:
        path = self.local_path(sha256)
        if path.is_file() and self._key is None:
            self._ready(sha256, str(path))
            return
        if sha256 in self._running:
            return
        source = None
        if not path.is_file():
            source = self._source()
            if source is None:
                self.failed.emit(
                    self.tr("Lampiran belum ada di komputer ini dan server tidak tersambung.")
                )
                return
        bar = self._bars.get(sha256)
        if bar is not None:
            bar.setRange(0, 0)
            bar.show()
        view = self._view_dir / sha256[:16] / self._names.get(sha256, sha256)
        key = self._key
        self._running[sha256] = self._runner.network.submit(
            lambda cancel: fetch_for_viewer(
                source,
                sha256,
                path,
                view,
                key,
                on_progress=lambda n, total: self._progressed.emit(sha256, n, total),
                cancel=cancel,
            ),
            on_done=lambda p: self._ready(sha256, str(p)),
            on_error=lambda exc: self._failed(sha256, exc),
            owner=self,
        )

    def _progress(self, sha256: str, done: int, total: int) -> None:
        bar = self._bars.get(sha256)
        if bar is not None and total > 0:
            bar.setRange(0, 1000)
            bar.setValue(int(done * 1000 / total))

    def _ready(self, sha256: str, path: str) -> None:
        self._running.pop(sha256, None)
        bar = self._bars.get(sha256)
        if bar is not None:
            bar.hide()
        self._open(Path(path))
        self.opened.emit(path)

    def _failed(self, sha256: str, error: BaseException) -> None:
        self._running.pop(sha256, None)
        bar = self._bars.get(sha256)
        if bar is not None:
            bar.hide()
        if isinstance(error, DownloadCancelled):
            return
        if not isinstance(error, DownloadError):
            error = DownloadError(
                QCoreApplication.translate("Download", "Unduhan terputus; coba lagi.")
            )
        self.failed.emit(str(error))

    def _cancel_all(self) -> None:
        """Cancelled downloads never call back: their rows (and this report) are gone."""
        for task in self._running.values():
            task.cancel()
        self._running.clear()

    def shutdown(self) -> None:
        self._cancel_all()
